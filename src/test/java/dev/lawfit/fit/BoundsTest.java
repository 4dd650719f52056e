package dev.lawfit.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.TestData;
import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.law.Chinchilla;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundsTest {
  private static final Chinchilla CHINCHILLA = new Chinchilla();
  private static final Map<String, Bound> NON_NEGATIVE =
      Map.of("alpha", Bound.NON_NEGATIVE, "beta", Bound.NON_NEGATIVE);

  private static boolean atBoundWarning(FitResult fit, String name) {
    return fit.warnings().stream()
        .anyMatch(w -> w.startsWith(name + " = ") && w.contains("ended at its bound"));
  }

  @Test
  void aFitInsideTheBoundsIsExactlyTheUnboundedFit() throws FitException {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 8, 10, 0.005, 21);
    var free = Fitter.fit(CHINCHILLA, obs, FitOptions.defaults());
    var bounded = Fitter.fit(CHINCHILLA, obs, FitOptions.defaults().withBounds(NON_NEGATIVE));
    assertArrayEquals(free.values(), bounded.values(), 0);
    assertEquals(free.warnings(), bounded.warnings());
  }

  @Test
  void aBoundBelowTheOptimumHoldsTheParameterThereAsAFixedValueWouldWithAWarning()
      throws FitException {
    // Truth alpha = 0.339: with alpha <= 0.2 the constrained optimum is the fit with alpha fixed at
    // 0.2.
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 8, 10, 0.0, 1);
    var options = FitOptions.defaults().withObjective(new Objective.SquaredLog());
    var bounded =
        Fitter.fit(CHINCHILLA, obs, options.withBounds(Map.of("alpha", new Bound(0, 0.2))));
    var fixed = Fitter.fit(CHINCHILLA, obs, options.withFixed("alpha", 0.2));
    assertEquals(0.2, bounded.value("alpha"), 1e-6);
    assertEquals(
        fixed.objective().value(), bounded.objective().value(), 1e-6 * fixed.objective().value());
    for (String name : new String[] {"E", "beta"}) {
      assertEquals(
          fixed.value(name), bounded.value(name), 1e-3 * Math.abs(fixed.value(name)), name);
    }
    assertTrue(atBoundWarning(bounded, "alpha"), bounded.warnings()::toString);
    assertEquals(
        java.util.List.of("alpha"),
        Fitter.atBounds(CHINCHILLA, bounded.values(), Map.of("alpha", new Bound(0, 0.2)), null));
  }

  @Test
  void lossesThatGrowWithTokensGetNoNegativeExponentAndFitAsWellAsBetaHeldAtZero()
      throws FitException {
    // beta = -0.1: loss grows with tokens, which the law with beta >= 0 cannot follow; the best it
    // can do is next to no dependence on tokens, as with beta held at 0.
    double[] truth = {1.7, 400, 0.05, 0.34, -0.1};
    var obs = TestData.syntheticChinchilla(truth, 6, 8, 0.0, 1);
    var options = FitOptions.defaults().withObjective(new Objective.SquaredLog());
    // Without an upper end every start runs off with B and beta to infinity (B / D^beta a step):
    // the alpha=0:3,beta=0:3 keeps the fit finite.
    var bounded =
        Fitter.fit(
            CHINCHILLA,
            obs,
            options.withBounds(Map.of("alpha", new Bound(0, 3), "beta", new Bound(0, 3))));
    assertTrue(
        bounded.value("beta") >= 0 && bounded.value("beta") <= 3, "beta " + bounded.value("beta"));
    var atZero = Fitter.fit(CHINCHILLA, obs, options.withFixed("beta", 0.0));
    assertEquals(
        atZero.objective().value(), bounded.objective().value(), 1e-6 * atZero.objective().value());
  }

  @Test
  void bootstrapResamplesStayInsideTheBounds() throws FitException {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 6, 8, 0.01, 5);
    var fit =
        Fitter.fit(
            CHINCHILLA,
            obs,
            FitOptions.defaults()
                .withBounds(Map.of("alpha", new Bound(0, 0.25)))
                .withBootstrap(20, 3));
    int alpha = CHINCHILLA.indexOf("alpha");
    for (double[] sample : fit.bootstrap().samples()) {
      assertTrue(sample[alpha] >= 0 && sample[alpha] <= 0.25, "alpha " + sample[alpha]);
    }
  }

  @Test
  void unknownOrEmptyBoundsAreBadOptions() {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 4, 5, 0.0, 1);
    var unknown =
        assertThrows(
            FitException.class,
            () ->
                Fitter.fit(
                    CHINCHILLA,
                    obs,
                    FitOptions.defaults().withBounds(Map.of("gamma", Bound.NON_NEGATIVE))));
    assertEquals(Reason.BAD_OPTION, unknown.reason());
    var empty =
        assertThrows(
            FitException.class,
            () ->
                Fitter.fit(
                    CHINCHILLA,
                    obs,
                    FitOptions.defaults().withBounds(Map.of("E", new Bound(-2, -1)))));
    assertEquals(Reason.BAD_OPTION, empty.reason());
  }

  @Test
  void boundsParseFromLoColonHiWithOpenEnds() {
    assertEquals(new Bound(0, 3), Bound.parse("0:3"));
    assertEquals(new Bound(Double.NEGATIVE_INFINITY, 3), Bound.parse(":3"));
    assertEquals(Bound.NON_NEGATIVE, Bound.parse("0:inf"));
    assertEquals(Bound.NONE, Bound.parse("-inf:"));
    assertEquals("0:inf", Bound.NON_NEGATIVE.toString());
    assertEquals("-0.5:2.5", Bound.parse("-0.5:2.5").toString());
    for (String bad : new String[] {"3:0", "0", "a:1", "0:1:2", "inf:3", "0:-inf"}) {
      assertThrows(IllegalArgumentException.class, () -> Bound.parse(bad), bad);
    }
  }
}
