package dev.lawfit.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.Slow;
import dev.lawfit.TestData;
import dev.lawfit.law.Chinchilla;
import dev.lawfit.law.Kaplan;
import dev.lawfit.law.Law;
import dev.lawfit.law.PowerLaw;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast default start strategy must reach the best objective of the full grid (Hoffmann's 4,500
 * starts for chinchilla) on every data set here; the real-data case is in RealDataTest.
 */
class StartStrategyTest {

  static final FitOptions FULL =
      FitOptions.defaults().withStarts(new StartStrategy.FullGrid()).withThreads(2);

  static void assertDefaultReachesFullGrid(Law law, Observations obs) throws FitException {
    var fast = Fitter.fit(law, obs, FitOptions.defaults());
    var full = Fitter.fit(law, obs, FULL);
    double best = full.objective().value();
    assertTrue(fast.objective().converged());
    assertEquals(
        StartStrategy.defaultStrategy() instanceof StartStrategy.BestOfGrid b ? b.k() : -1,
        fast.objective().starts());
    assertEquals(law.startGrid().length, full.objective().starts());
    // Same best objective to the 1e-6 relative tolerance that defines "reached the best".
    assertTrue(
        fast.objective().value() <= best * (1 + Fitter.BEST_TOLERANCE),
        () -> "default " + fast.objective().value() + " vs full grid " + best);
    assertTrue(fast.objective().startsAtBest() >= 1);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  @Slow
  void chinchillaDefaultReachesFullGridBest(long seed) throws FitException {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 6, 8, 0.02, seed);
    assertDefaultReachesFullGrid(new Chinchilla(), obs);
  }

  @ParameterizedTest
  @ValueSource(longs = {4, 5})
  void kaplanDefaultReachesFullGridBest(long seed) throws FitException {
    // Kaplan's law has no irreducible loss: data from Kaplan's own parameters.
    var law = new Kaplan();
    var truth = new double[] {8.8e13, 5.4e13, 0.076, 0.095};
    var clean = TestData.syntheticChinchilla(TestData.HOFFMANN, 6, 8, 0.0, seed);
    double[] N = clean.params();
    double[] D = clean.tokens();
    var rng = new java.util.Random(seed);
    double[] L = new double[N.length];
    for (int i = 0; i < L.length; i++) {
      L[i] = law.predict(truth, N[i], D[i], Double.NaN) * Math.exp(0.01 * rng.nextGaussian());
    }
    assertDefaultReachesFullGrid(law, Observations.of(N, D, L));
  }

  @ParameterizedTest
  @ValueSource(longs = {6, 7})
  void powerLawDefaultReachesFullGridBest(long seed) throws FitException {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 8, 6, 0.01, seed);
    assertDefaultReachesFullGrid(new PowerLaw(Law.Input.COMPUTE), obs);
  }
}
