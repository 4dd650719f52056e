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
   * Without noise the law's r is the estimator's own bias: a parabola per budget gave r 0.06 below
   * the planted value (its vertex pulled inwards near the top of the sweep, where the window cannot
   * be centred on B*); a + b B + c / B per budget, with the budgets the law puts inside the sweep,
   * is within 0.04 (threshold fixed before this test first ran).
   */
  @Test
  void rIsNearlyUnbiasedWithoutNoise() throws Exception {
    SweepSimulator.Spec spec = sweep(1, 0).withNoise(0);
    PowerLawFit law =
        HparamsAnalysis.analyse(dataset(SweepSimulator.simulate(spec)), options(0, 1, 1))
            .laws()
            .bStar();
    assertEquals(spec.batchExponent(), law.value("r"), 0.04);
  }

  /**
   * Issue 12, part 4: r's 95% interval must cover the planted r in at least 90% of seeds. Budgets
   * that are checkpoints of the same runs share each run's luck, so the bootstrap redraws runs
   * jointly across budgets; and r was biased low (-0.07: a parabola's vertex pulled inwards near
   * the end of the sweep, and the budgets kept there were those whose error pointed inwards). On
   * seeds 31..530 (scripts/harness HparamsCoverage 500 1000 31 0.003 0.002 r, README) coverage went
   * from 86.6% to the figure in README with a + b B + c / B per budget and the budgets chosen by
   * the law; the choices were made on seeds 1001..1150. Thresholds fixed before this test first ran
   * with them, on seeds 531..590 that no choice was made on: at least 54 of 60 covered (90%), r's
   * mean within 0.06 of the planted value, the median stderr at least 0.75 of r's spread.
   */
  @Test
  @Slow
  void rsIntervalsCoverThePlantedExponent() throws Exception {
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
                  data, options(500, seed, Runtime.getRuntime().availableProcessors()))
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
    assertTrue(covered >= 54, "r covered in " + covered + " of " + seeds);
    assertEquals(planted, mean, 0.06, "r's mean over " + fitted.length + " seeds");
    assertTrue(
        medianSe >= 0.75 * spread, "median stderr " + medianSe + " against a spread of " + spread);
  }
}
