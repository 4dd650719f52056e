package dev.lawfit.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.TestData;
import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.law.Chinchilla;
import dev.lawfit.law.Law;
import dev.lawfit.law.PowerLaw;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FitterTest {

  static final Chinchilla CHINCHILLA = new Chinchilla();

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13, 14})
  void recoversChinchillaParametersFromSyntheticData(long seed) throws FitException {
    // 10 sizes x 12 token counts, 0.5% log-normal noise: exponents to a few percent.
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 10, 12, 0.005, seed);
    var fit = Fitter.fit(CHINCHILLA, obs, FitOptions.defaults());
    double[] v = fit.values();
    assertEquals(TestData.HOFFMANN[0], v[0], 0.05 * TestData.HOFFMANN[0]);
    assertEquals(TestData.HOFFMANN[3], v[3], 0.05 * TestData.HOFFMANN[3]);
    assertEquals(TestData.HOFFMANN[4], v[4], 0.05 * TestData.HOFFMANN[4]);
    assertTrue(fit.objective().converged());
    assertTrue(fit.warnings().isEmpty(), fit.warnings()::toString);
    assertEquals(120, fit.quality().points());
    assertTrue(fit.quality().rmseLog() < 0.01);
  }

  @Test
  void noiselessDataIsFitExactlyWithTheSquaredObjective() throws FitException {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 6, 8, 0.0, 1);
    var fit =
        Fitter.fit(
            CHINCHILLA, obs, FitOptions.defaults().withObjective(new Objective.SquaredLog()));
    double[] v = fit.values();
    for (int j = 0; j < 5; j++) {
      assertEquals(TestData.HOFFMANN[j], v[j], 1e-5 * TestData.HOFFMANN[j], "parameter " + j);
    }
    assertTrue(fit.objective().value() < 1e-20);
  }

  @Test
  void fixingTheExponentsFitsOnlyEAB() throws FitException {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 6, 8, 0.01, 3);
    var full = Fitter.fit(CHINCHILLA, obs, FitOptions.defaults());
    var opts =
        FitOptions.defaults()
            .withFixed(Map.of("alpha", full.value("alpha"), "beta", full.value("beta")));
    var partial = Fitter.fit(CHINCHILLA, obs, opts);
    assertEquals(full.value("alpha"), partial.value("alpha"), 0);
    assertTrue(partial.parameters().get(3).fixed());
    assertNull(partial.parameters().get(3).stderr());
    // Borrowing the exponents of the same fit must land on the same optimum.
    assertEquals(
        full.objective().value(), partial.objective().value(), 1e-9 * full.objective().value());
    assertEquals(full.value("E"), partial.value("E"), 1e-5 * full.value("E"));
    // The grid shrinks to the distinct (e, a, b) starts: 5 x 6 x 6.
    var all = Fitter.fit(CHINCHILLA, obs, opts.withStarts(new StartStrategy.FullGrid()));
    assertEquals(180, all.objective().starts());
  }

  @Test
  void unknownFixedParameterIsBadOptionNamingTheValidOnes() {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 4, 4, 0.01, 1);
    var e =
        assertThrows(
            FitException.class,
            () -> Fitter.fit(CHINCHILLA, obs, FitOptions.defaults().withFixed("gamma", 1.0)));
    assertEquals(Reason.BAD_OPTION, e.reason());
    assertTrue(e.getMessage().contains("E, A, B, alpha, beta"), e.getMessage());
    var negative =
        assertThrows(
            FitException.class,
            () -> Fitter.fit(CHINCHILLA, obs, FitOptions.defaults().withFixed("E", -1.0)));
    assertEquals(Reason.BAD_OPTION, negative.reason());
  }

  @Test
  void typedFailuresForBadData() {
    double[] N = {1e8, 2e8, 4e8};
    double[] D = {1e9, 1e10, 1e11};
    double[] L = {3.0, 2.8, 2.6};
    var tooFew =
        assertThrows(
            FitException.class,
            () -> Fitter.fit(CHINCHILLA, Observations.of(N, D, L), FitOptions.defaults()));
    assertEquals(Reason.TOO_FEW_POINTS, tooFew.reason());

    double[] oneSize = new double[8];
    double[] tokens = new double[8];
    double[] loss = new double[8];
    for (int i = 0; i < 8; i++) {
      oneSize[i] = 1e8;
      tokens[i] = 1e9 * (i + 1);
      loss[i] = 3 - 0.1 * i;
    }
    var single =
        assertThrows(
            FitException.class,
            () ->
                Fitter.fit(
                    CHINCHILLA, Observations.of(oneSize, tokens, loss), FitOptions.defaults()));
    assertEquals(Reason.INVALID_DATA, single.reason());
    assertTrue(single.getMessage().contains("params"));

    loss[2] = Double.NaN;
    var nan =
        assertThrows(
            FitException.class,
            () ->
                Fitter.fit(
                    new PowerLaw(Law.Input.TOKENS),
                    Observations.of(oneSize, tokens, loss),
                    FitOptions.defaults()));
    assertEquals(Reason.INVALID_DATA, nan.reason());

    var missing =
        assertThrows(
            FitException.class,
            () ->
                Fitter.fit(
                    CHINCHILLA,
                    Observations.of(null, tokens, new double[8]),
                    FitOptions.defaults()));
    assertEquals(Reason.INVALID_DATA, missing.reason());

    var noClusters =
        assertThrows(
            FitException.class,
            () ->
                Fitter.fit(
                    CHINCHILLA,
                    Observations.of(N, D, L).withClusters(null),
                    FitOptions.defaults()
                        .withFixed(Map.of("alpha", 0.3, "beta", 0.3))
                        .withBootstrap(10, 1)
                        .withClusterBootstrap(true)));
    assertEquals(Reason.BAD_OPTION, noClusters.reason());
  }

  @Test
  void bootstrapIsIdenticalOnOneAndTwoThreads() throws FitException {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 5, 6, 0.01, 5);
    var opts = FitOptions.defaults().withBootstrap(40, 1234);
    var one = Fitter.fit(CHINCHILLA, obs, opts.withThreads(1)).bootstrapSamples().orElseThrow();
    var two = Fitter.fit(CHINCHILLA, obs, opts.withThreads(2)).bootstrapSamples().orElseThrow();
    assertEquals(one.samples().length, two.samples().length);
    for (int i = 0; i < one.samples().length; i++) {
      assertArrayEquals(one.samples()[i], two.samples()[i], 0.0);
    }
    var other =
        Fitter.fit(CHINCHILLA, obs, opts.withBootstrap(40, 99)).bootstrapSamples().orElseThrow();
    assertTrue(
        !Arrays.equals(one.samples()[0], other.samples()[0]), "another seed, other resamples");
  }

  @Test
  void clusterBootstrapResamplesWholeRuns() throws FitException {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 6, 6, 0.01, 8);
    var fit =
        Fitter.fit(
            CHINCHILLA, obs, FitOptions.defaults().withBootstrap(30, 5).withClusterBootstrap(true));
    var boot = fit.bootstrapSamples().orElseThrow();
    assertTrue(boot.clustered());
    assertEquals(30, boot.resamples());
    assertEquals(30, boot.samples().length + boot.failed());
    for (var p : fit.parameters()) {
      assertNotNull(p.stderr());
      assertTrue(p.ci95().lower() <= p.ci95().upper());
    }
  }

  @Test
  void covarianceStandardErrorsAgreeWithTheBootstrapForSquaredLoss() throws FitException {
    // Gaussian log noise and the squared objective: the asymptotic formula should match the
    // bootstrap to within sampling error of 400 resamples and the nonlinearity (30%).
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 10, 12, 0.01, 21);
    var opts = FitOptions.defaults().withObjective(new Objective.SquaredLog());
    var cov = Fitter.fit(CHINCHILLA, obs, opts);
    var boot = Fitter.fit(CHINCHILLA, obs, opts.withBootstrap(400, 3).withThreads(2));
    for (int j = 0; j < 5; j++) {
      double a = cov.parameters().get(j).stderr();
      double b = boot.parameters().get(j).stderr();
      assertEquals(1.0, a / b, 0.3, "parameter " + j + ": covariance " + a + " bootstrap " + b);
    }
    assertTrue(cov.covarianceMatrix().isPresent());
    assertTrue(boot.covarianceMatrix().isEmpty());
  }

  @Test
  void warnsAboutThinAndNarrowData() throws FitException {
    // 12 points within a factor 4 in N: fewer than 3 per parameter and less than a decade.
    var N = new double[12];
    var D = new double[12];
    var L = new double[12];
    for (int i = 0; i < 12; i++) {
      N[i] = 1e8 * (1 + (i % 4));
      D[i] = 1e9 * Math.pow(10, i / 4);
      L[i] =
          CHINCHILLA.predict(TestData.HOFFMANN, N[i], D[i], Double.NaN) * (1 + 0.01 * Math.sin(i));
    }
    var fit = Fitter.fit(CHINCHILLA, Observations.of(N, D, L), FitOptions.defaults());
    var text = String.join("\n", fit.warnings());
    assertTrue(text.contains("fewer than 3 per parameter"), text);
    assertTrue(text.contains("params spans less than one decade"), text);
    assertTrue(!text.contains("tokens spans"), text);
  }

  @Test
  void resultsNeverHoldNaN() throws FitException {
    // Pure noise around a constant: the power term is not identified.
    var rng = new java.util.Random(3);
    var N = new double[20];
    var L = new double[20];
    for (int i = 0; i < 20; i++) {
      N[i] = 1e7 * Math.pow(1.5, i);
      L[i] = 3 * Math.exp(0.01 * rng.nextGaussian());
    }
    var fit =
        Fitter.fit(
            new PowerLaw(Law.Input.PARAMS),
            new Observations(N, null, null, L, null, null, 6),
            FitOptions.defaults());
    for (var p : fit.parameters()) {
      assertTrue(Double.isFinite(p.value()));
      assertTrue(p.stderr() == null || Double.isFinite(p.stderr()));
    }
    assertTrue(Double.isFinite(fit.objective().value()));
    assertTrue(!fit.warnings().isEmpty(), fit.parameters() + " " + fit.warnings());
  }
}
