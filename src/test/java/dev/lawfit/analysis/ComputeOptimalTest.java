package dev.lawfit.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.TestData;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.fit.Fitter;
import dev.lawfit.law.Chinchilla;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComputeOptimalTest {

  static final double[] ROUNDED = {1.69, 406.4, 410.7, 0.34, 0.28};

  @Test
  void fullPrecisionHoffmannGivesAbout59TokensPerParameterAndRoundedAbout93() {
    // REFERENCES.md: at 5.88e23 FLOPs, about 59 with full precision, about 93 rounded
    // (scipy cross-check while writing: 59.037 and 92.832).
    var full = ComputeOptimal.allocate(TestData.HOFFMANN, 5.88e23, 6);
    var rounded = ComputeOptimal.allocate(ROUNDED, 5.88e23, 6);
    assertEquals(59.04, full.tokensPerParam(), 0.01);
    assertEquals(92.83, rounded.tokensPerParam(), 0.01);
    assertEquals(4.0743e10, full.params(), 1e-4 * 4.0743e10);
    assertEquals(0.2849083 / (0.33917084 + 0.2849083), full.a(), 1e-15);
    assertEquals(1.0, full.a() + full.b(), 1e-15);
    assertEquals(5.88e23, 6 * full.params() * full.tokens(), 1e-9 * 5.88e23);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1e18, 1e21, 5.88e23, 1e26})
  void closedFormMatchesBruteForceMinimisation(double C) {
    for (double k : new double[] {6, 8}) {
      var law = new Chinchilla();
      var alloc = ComputeOptimal.allocate(TestData.HOFFMANN, C, k);
      // Minimise L(N, C / (k N)) over log N numerically (Brent), independently of the formula.
      var brent = new BrentOptimizer(1e-14, 1e-14);
      var opt =
          brent.optimize(
              new MaxEval(10_000),
              GoalType.MINIMIZE,
              new UnivariateObjectiveFunction(
                  x ->
                      law.predict(
                          TestData.HOFFMANN, Math.exp(x), C / (k * Math.exp(x)), Double.NaN)),
              new SearchInterval(Math.log(1e3), Math.log(C / k)));
      assertEquals(Math.log(alloc.params()), opt.getPoint(), 1e-5);
      assertEquals(alloc.loss(), opt.getValue(), 1e-12);
    }
  }

  @Test
  void bootstrapGivesIntervalsAroundTheEstimate() throws FitException {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 6, 8, 0.005, 2);
    var fit =
        Fitter.fit(
            new Chinchilla(), obs, FitOptions.defaults().withBootstrap(100, 7).withThreads(2));
    var est = ComputeOptimal.of(fit, 1e22, 6);
    assertNotNull(est.ci95());
    assertTrue(est.samples() > 90);
    var v = est.value();
    assertTrue(
        est.ci95().params().lower() <= v.params() && v.params() <= est.ci95().params().upper());
    assertTrue(est.ci95().a().lower() < est.ci95().a().upper());
    var noBoot =
        ComputeOptimal.of(Fitter.fit(new Chinchilla(), obs, FitOptions.defaults()), 1e22, 6);
    assertNull(noBoot.ci95());
  }

  @Test
  void rejectsNonPositiveExponents() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ComputeOptimal.allocate(new double[] {1.7, 400, 400, 0.0, 0.3}, 1e21, 6));
    assertThrows(
        IllegalArgumentException.class, () -> ComputeOptimal.allocate(TestData.HOFFMANN, -1, 6));
  }
}
