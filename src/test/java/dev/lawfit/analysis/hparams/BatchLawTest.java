package dev.lawfit.analysis.hparams;

import static dev.lawfit.analysis.hparams.HparamsAnalysisTest.dataset;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.Slow;
import dev.lawfit.stats.PowerLawFit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The B* law's bootstrap against sweeps with a planted optimal batch size. */
class BatchLawTest {
  private static HparamsAnalysis.Options options(int resamples, long seed, int threads) {
    return new HparamsAnalysis.Options(Axis.TOKENS, null, 2, resamples, seed, null)
        .withThreads(threads);
  }

  private static SweepSimulator.Spec sweep(long seed, double runNoise) {
    return SweepSimulator.Spec.defaults(seed).withSmallBatchPenalty(2e-3).withRunNoise(runNoise);
  }

  @Test
  void theBStarLawsResamplesAreTheSameOnAnyNumberOfThreads() throws Exception {
    var data = dataset(SweepSimulator.simulate(sweep(7, 0.003)));
    PowerLawFit one = HparamsAnalysis.analyse(data, options(50, 7, 1)).laws().bStar();
    PowerLawFit three = HparamsAnalysis.analyse(data, options(50, 7, 3)).laws().bStar();
    assertEquals("sweep bootstrap", one.interval().method());
    assertEquals(one.parameters(), three.parameters());
    assertEquals(one.draws().size(), three.draws().size());
    for (int i = 0; i < one.draws().size(); i++) {
      assertArrayEquals(one.draws().get(i), three.draws().get(i), "resample " + i);
    }
  }

  /**
   * Issue 12, part 4: budgets that are checkpoints of the same runs share each run's luck, so their
   * B* err together. Measured on seeds 31..530 (scripts/harness HparamsCoverage 500 1000 31 0.003
   * 0.002 r): the residual bootstrap's standard error of r was 0.66 of r's spread across sweeps and
   * its 95% interval covered the planted r in 63.4% of seeds; redrawing the runs jointly, 0.98 and
   * 86.6% (the misses are r's bias, -0.07, not the interval's width). Thresholds fixed before this
   * test first ran, on seeds 531..590 that no choice was made on; there the stderr is 1.06 of the
   * spread and 53 of 60 intervals cover (the residual bootstrap: 0.62 and 39).
   */
  @Test
  @Slow
  void rsIntervalsCarryTheSpreadOfBudgetsThatShareRuns() throws Exception {
    double planted = sweep(1, 0).batchExponent();
    int seeds = 60;
    double[] r = new double[seeds];
    double[] se = new double[seeds];
    int covered = 0;
    for (int i = 0; i < seeds; i++) {
      long seed = 531 + i;
      var data = dataset(SweepSimulator.simulate(sweep(seed, 0.003)));
      PowerLawFit law =
          HparamsAnalysis.analyse(
                  data, options(300, seed, Runtime.getRuntime().availableProcessors()))
              .laws()
              .bStar();
      PowerLawFit.Parameter p = law == null ? null : law.parameters().get("r");
      r[i] = p == null ? Double.NaN : p.value();
      se[i] = p == null || p.stderr() == null ? Double.NaN : p.stderr();
      covered += p == null || p.ci95() == null ? 0 : HparamsAnalysisTest.covers(law, "r", planted);
    }
    double[] fitted = Arrays.stream(r).filter(Double::isFinite).toArray();
    double mean = Arrays.stream(fitted).average().orElseThrow();
    double spread =
        Math.sqrt(
            Arrays.stream(fitted).map(v -> (v - mean) * (v - mean)).sum() / (fitted.length - 1));
    double[] sorted = Arrays.stream(se).filter(Double::isFinite).sorted().toArray();
    double medianSe = sorted[sorted.length / 2];
    assertTrue(
        medianSe >= 0.75 * spread, "median stderr " + medianSe + " against a spread of " + spread);
    assertTrue(covered >= 46, "r covered in " + covered + " of " + seeds);
  }
}
