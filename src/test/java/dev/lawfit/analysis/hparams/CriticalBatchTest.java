package dev.lawfit.analysis.hparams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.Slow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The steps/data trade-off, the gradient-noise estimators and the B_crit law against closed forms
 * and planted values.
 */
class CriticalBatchTest {

  @Test
  void exactTradeoffGivesEminAndBcrit() throws Exception {
    double eMin = 3e9;
    double bCrit = 1.5e6;
    List<String> groups = new ArrayList<>();
    double[] b = {32768, 131072, 524288, 2097152, 8388608};
    double[] e = new double[b.length];
    for (int i = 0; i < b.length; i++) {
      e[i] = eMin * (1 + b[i] / bCrit); // McCandlish et al. 2018
      groups.add("m");
    }
    CriticalBatch.Target t =
        CriticalBatch.fromTable(groups.toArray(String[]::new), null, b, e, 0, 1).targets().get(0);
    assertEquals(CriticalBatch.Status.OK, t.status());
    assertEquals(eMin, t.eMin().value(), 1e-9 * eMin);
    assertEquals(bCrit, t.bCrit().value(), 1e-9 * bCrit);
    assertEquals(eMin / bCrit, t.sMin(), 1e-9 * eMin / bCrit);
  }

  @Test
  void gradientNoiseEstimatorsAreExactOnNoiseFreeStatistics() throws Exception {
    int n = 50;
    double[] step = new double[n];
    double[] gSmall = new double[n];
    double[] gBig = new double[n];
    double[] bSmall = new double[n];
    double[] bBig = new double[n];
    double[] g2 = new double[n];
    double[] tr = new double[n];
    for (int i = 0; i < n; i++) {
      step[i] = 100 * (i + 1);
      g2[i] = 2.0 * Math.exp(-0.05 * i);
      tr[i] = 300.0 * (1 + 0.01 * i);
      bSmall[i] = 64;
      bBig[i] = 1024 + 32 * i;
      // E|g_B|^2 = |G|^2 + tr(Sigma) / B (McCandlish et al. 2018, App. A), without noise.
      gSmall[i] = g2[i] + tr[i] / bSmall[i];
      gBig[i] = g2[i] + tr[i] / bBig[i];
    }
    List<GradientNoise.Step> steps =
        GradientNoise.estimate(step, gSmall, gBig, bSmall, bBig, 0, 0.5);
    for (int i = 0; i < n; i++) {
      GradientNoise.Step s = steps.get(i);
      assertEquals(g2[i], s.gradSq(), 1e-12 * g2[i], "|G|^2 at " + i);
      assertEquals(tr[i], s.trace(), 1e-12 * tr[i], "tr(Sigma) at " + i);
      // With decay 0 the averages are the step's own values.
      assertEquals(tr[i] / g2[i], s.bSimple(), 1e-10 * tr[i] / g2[i]);
    }
    // The norm test never shrinks the batch, and grows it to ceil(tr / (eta^2 |g_B|^2)).
    double want = Math.ceil(tr[n - 1] / (0.25 * gBig[n - 1]));
    assertEquals(Math.max(want, steps.get(n - 2).batchSize()), steps.get(n - 1).batchSize());
    for (int i = 1; i < n; i++) {
      assertTrue(steps.get(i).batchSize() >= steps.get(i - 1).batchSize());
    }
  }

  @Test
  void movingAveragesAreBiasCorrected() throws Exception {
    double[] one = {1, 1, 1};
    List<GradientNoise.Step> s =
        GradientNoise.estimate(
            new double[] {1, 2, 3},
            new double[] {3, 3, 3},
            new double[] {2, 2, 2},
            new double[] {1, 1, 1},
            new double[] {2, 2, 2},
            0.9,
            null);
    // Constant statistics: the averages equal them from the first step, not (1 - 0.9) of them.
    for (GradientNoise.Step step : s) {
      assertEquals(1.0, step.gradSqAverage(), 1e-12);
      assertEquals(2.0, step.traceAverage(), 1e-12);
      assertNull(step.batchSize());
    }
    assertEquals(3, one.length);
  }

  @Test
  void equalBatchSizesInAGradientNoiseRowAreAClearError() {
    var e =
        assertThrows(
            AnalysisException.class,
            () ->
                GradientNoise.estimate(
                    new double[] {5},
                    new double[] {2},
                    new double[] {1},
                    new double[] {64},
                    new double[] {64},
                    0.9,
                    null));
    assertTrue(
        e.getMessage()
            .startsWith("row 1 (step 5): the larger batch size 64 is not above the smaller 64"),
        e.getMessage());
  }

  @Test
  void sweepRecoversThePlantedCriticalBatchAtEveryTarget() throws Exception {
    SweepSimulator.Spec spec =
        SweepSimulator.Spec.defaults(1)
            .withNoise(0)
            .withBudgets(SweepSimulator.logSpaced(2e9, 5e10, 40));
    var r =
        CriticalBatch.fromSweep(
            HparamsAnalysisTest.dataset(SweepSimulator.simulate(spec)),
            null,
            2,
            List.of(),
            10,
            0,
            1);
    int checked = 0;
    for (CriticalBatch.Target t : r.targets()) {
      if (t.bCrit() == null || t.bCrit().value() > 4 * 524288) {
        continue; // B_crit far above every batch size swept: the trade-off is nearly flat there
      }
      double planted = spec.truth().criticalBatch(t.eMin().value());
      // Noise-free, but the curves are interpolated between 40 budgets: within 5%.
      assertEquals(Math.log(planted), Math.log(t.bCrit().value()), 0.05, t.toString());
      checked++;
    }
    assertTrue(checked >= 3, "checked " + checked);
  }

  @Test
  @Slow
  void plantedGammaIsCoveredInAtLeast92PercentOfSeeds31To530() throws Exception {
    int covered = 0;
    for (long seed = 31; seed <= 530; seed++) {
      var r =
          CriticalBatch.fromSweep(
              HparamsAnalysisTest.dataset(
                  SweepSimulator.simulate(SweepSimulator.Spec.defaults(seed))),
              null,
              2,
              List.of(),
              8,
              1000,
              seed);
      covered += HparamsAnalysisTest.covers(r.law(), "gamma", 0.9);
    }
    // Issue 12, part 4: at least 92% of seeds 31..530 with the command's default 1,000 resamples,
    // declared before this test ran. The 8 targets share the same 7 curves, so the bootstrap
    // redraws
    // the curves' points and finds every target again (CriticalBatch.resample). Measured: 96.8%.
    assertTrue(covered >= 460, "gamma covered in " + covered + " of 500");
  }

  @Test
  @Slow
  void gammaStaysCoveredWhenEachRunsCheckpointsShareTheirNoise() throws Exception {
    int covered = 0;
    for (long seed = 1; seed <= 100; seed++) {
      var r =
          CriticalBatch.fromSweep(
              HparamsAnalysisTest.dataset(
                  SweepSimulator.simulate(HparamsAnalysisTest.withRunNoise(seed, 0.003))),
              null,
              2,
              List.of(),
              8,
              300,
              seed);
      covered += HparamsAnalysisTest.covers(r.law(), "gamma", 0.9);
    }
    // One bootstrap sign per run (WindowResampler). Threshold fixed before the test first ran; over
    // seeds 31..530 the coverage is 95.2%.
    assertTrue(covered >= 88, "gamma covered in " + covered + " of 100");
  }

  @Test
  void targetNoBatchSizeReachesIsAWarningWhileOthersGoOn() throws Exception {
    var data =
        HparamsAnalysisTest.dataset(SweepSimulator.simulate(SweepSimulator.Spec.defaults(1)));
    var r = CriticalBatch.fromSweep(data, null, 2, List.of(3.2, 1.0), 8, 0, 1);
    CriticalBatch.Target low = r.targets().get(1);
    assertEquals(CriticalBatch.Status.TOO_FEW_BATCH_SIZES, low.status());
    assertTrue(
        low.warnings()
            .get(0)
            .startsWith("no batch size reaches loss 1 from above (the lowest loss is"),
        low.warnings().toString());
    assertEquals(CriticalBatch.Status.OK, r.targets().get(0).status());
    var e =
        assertThrows(
            AnalysisException.class,
            () -> CriticalBatch.fromSweep(data, null, 2, List.of(1.0), 8, 0, 1));
    assertTrue(
        e.getMessage()
            .startsWith("no target gives a critical batch size (no batch size reaches loss 1"),
        e.getMessage());
  }
}
