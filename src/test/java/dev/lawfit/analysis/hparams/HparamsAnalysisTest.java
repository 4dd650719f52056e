package dev.lawfit.analysis.hparams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.Slow;
import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Run;
import dev.lawfit.data.Selection;
import dev.lawfit.report.HparamsReport;
import dev.lawfit.report.Json;
import dev.lawfit.stats.PowerLawFit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

/** The hyperparameter analysis against the sweep simulator's planted model and closed forms. */
class HparamsAnalysisTest {
  static Dataset dataset(List<Run> runs) {
    return new Dataset(
        runs,
        List.of(),
        List.of("run", "family", "params", "tokens", "loss", "lr", "batch_size"),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Selection.none());
  }

  static HparamsAnalysis.Options options(int resamples, long seed) {
    return new HparamsAnalysis.Options(Axis.TOKENS, null, 2, resamples, seed, null);
  }

  private static SweepSimulator.Spec noiseFree() {
    return SweepSimulator.Spec.defaults(1).withNoise(0);
  }

  @Test
  void withoutNoiseEveryGroupFindsThePlantedEtaStarAndSensitivity() throws Exception {
    SweepSimulator.Spec spec = noiseFree();
    var result = HparamsAnalysis.analyse(dataset(SweepSimulator.simulate(spec)), options(0, 1));
    assertEquals(spec.batchSizes().size() * spec.budgets().size(), result.groups().size());
    for (HparamsAnalysis.LrGroup g : result.groups()) {
      assertEquals(HparamsAnalysis.LrStatus.OK, g.status(), g.toString());
      // The planted loss is an exact parabola in ln eta: the vertex and coefficient are exact up to
      // rounding.
      double eta = spec.truth().etaStar(g.tokens(), g.batchSize());
      assertEquals(eta, g.etaStar().value(), 1e-8 * eta, g.toString());
      double s = spec.truth().sensitivity(g.tokens());
      assertEquals(s, g.sensitivity().value(), 1e-8 * s, g.toString());
    }
    PowerLawFit law = result.laws().etaStar();
    assertEquals(-0.25, law.value("p"), 1e-9);
    assertEquals(0.5, law.value("q"), 1e-9);
    assertEquals(2.6e-3, law.value("c"), 1e-9 * 2.6e-3);
    assertEquals(0.2, result.laws().sensitivity().value("u"), 1e-9);
    assertEquals(8.0, result.laws().sensitivity().value("s0"), 1e-7);
  }

  /**
   * The default sweep with a log-normal factor of standard deviation {@code runNoise} shared by
   * each run's checkpoints.
   */
  static SweepSimulator.Spec withRunNoise(long seed, double runNoise) {
    return SweepSimulator.Spec.defaults(seed).withRunNoise(runNoise);
  }

  /**
   * Issue 12, part 4: the criterion restated before this test ran, at least 92% of seeds 31..530
   * with the 1,000 resamples {@code lawfit hparams} draws by default (it replaces issue 4's 27 of
   * seeds 1..30, where p sat at 26). Measured (dev.lawfit.bench.HparamsCoverage 500 1000 31): p
   * 96.0%, q 92.4%, u 95.8%.
   */
  @Test
  @Slow
  void plantedExponentsAreCoveredInAtLeast92PercentOfSeeds31To530() throws Exception {
    Covered c = covered(31, 500, 1000, SweepSimulator.Spec::defaults);
    assertTrue(c.p >= 460, "p covered in " + c.p + " of 500");
    assertTrue(c.q >= 460, "q covered in " + c.q + " of 500");
    assertTrue(c.u >= 460, "u covered in " + c.u + " of 500");
  }

  /**
   * A seed's luck stays with a run through all its checkpoints: the optima of neighbouring budgets
   * err together. One bootstrap sign per run (WindowResampler) keeps the intervals honest; one per
   * point covered q in 65% of seeds 31..530 with a run-level noise of 0.002. Thresholds fixed
   * before this test first ran; over seeds 31..530 (HparamsCoverage 500 1000 31 0.003) the coverage
   * is p 93.6%, q 90.2%, u 95.2%.
   */
  @Test
  @Slow
  void intervalsHoldWhenEachRunsCheckpointsShareTheirNoise() throws Exception {
    Covered c = covered(1, 100, 300, seed -> withRunNoise(seed, 0.003));
    assertTrue(c.p >= 88, "p covered in " + c.p + " of 100");
    assertTrue(c.q >= 85, "q covered in " + c.q + " of 100");
    assertTrue(c.u >= 88, "u covered in " + c.u + " of 100");
  }

  /** In how many of seeds first..first+seeds-1 the 95% intervals cover the planted p, q and u. */
  private record Covered(int p, int q, int u) {}

  private static Covered covered(
      long first,
      int seeds,
      int resamples,
      java.util.function.LongFunction<SweepSimulator.Spec> spec)
      throws AnalysisException {
    int p = 0;
    int q = 0;
    int u = 0;
    for (long seed = first; seed < first + seeds; seed++) {
      var result =
          HparamsAnalysis.analyse(
              dataset(SweepSimulator.simulate(spec.apply(seed))), options(resamples, seed));
      p += covers(result.laws().etaStar(), "p", -0.25);
      q += covers(result.laws().etaStar(), "q", 0.5);
      u += covers(result.laws().sensitivity(), "u", 0.2);
    }
    return new Covered(p, q, u);
  }

  static int covers(PowerLawFit law, String name, double truth) {
    List<Double> ci = law.parameters().get(name).ci95();
    return ci.get(0) <= truth && truth <= ci.get(1) ? 1 : 0;
  }

  @Test
  void divergedRunsAreCountedAsTooHighNeverFitted() throws Exception {
    SweepSimulator.Spec spec = noiseFree();
    var result = HparamsAnalysis.analyse(dataset(SweepSimulator.simulate(spec)), options(0, 1));
    for (HparamsAnalysis.LrGroup g : result.groups()) {
      double limit = spec.divergeAbove() * spec.truth().etaStar(g.tokens(), g.batchSize());
      long expected =
          java.util.Arrays.stream(SweepSimulator.learningRates(spec, g.batchSize()))
              .filter(eta -> eta > limit)
              .count();
      assertEquals(expected, g.diverged(), g.toString());
      assertTrue(g.lowestDivergedLr() == null || g.lowestDivergedLr() > limit);
      assertTrue(g.window().get(1) < limit, "the window holds no diverged run");
    }
  }

  @Test
  void optimalBatchSizeFollowsThePlantedModelWithASmallBatchPenalty() throws Exception {
    SweepSimulator.Spec spec =
        noiseFree().withBudgets(SweepSimulator.logSpaced(2e9, 8e9, 6)).withSmallBatchPenalty(0.002);
    SweepSimulator.Truth truth = spec.truth();
    var result = HparamsAnalysis.analyse(dataset(SweepSimulator.simulate(spec)), options(0, 1));
    assertEquals(6, result.batchOptima().size());
    for (HparamsAnalysis.BatchGroup b : result.batchOptima()) {
      assertEquals(HparamsAnalysis.BatchStatus.OK, b.status(), b.toString());
      double best = truth.optimalBatch(1e8, b.tokens(), 8192, 524288);
      // The loss at eta* is not a parabola in ln B; over 5 batch sizes a factor 2 apart its vertex
      // is within 20%.
      assertEquals(Math.log(best), Math.log(b.bStar().value()), 0.2, b.toString());
    }
    assertTrue(result.laws().bStar().value("r") > 0.5, "B* grows with T");
  }

  @Test
  void batchOptimaThatTheSweepDoesNotBracketStayOutOfTheBStarLaw() throws Exception {
    // In the default planted model the smallest batch is always best: every interior B* is noise.
    var result =
        HparamsAnalysis.analyse(
            dataset(SweepSimulator.simulate(SweepSimulator.Spec.defaults(1))), options(200, 1));
    long poorly = 0;
    for (HparamsAnalysis.BatchGroup b : result.batchOptima()) {
      if (b.status() == HparamsAnalysis.BatchStatus.OK) {
        double lo = b.bStar().ci95().get(0);
        double hi = b.bStar().ci95().get(1);
        assertTrue(lo >= 8192 && hi <= 524288, "an ok B* has its interval inside the sweep: " + b);
      }
      if (b.status() == HparamsAnalysis.BatchStatus.POORLY_DETERMINED) {
        poorly++;
      }
    }
    assertTrue(poorly > 0, "the noisy interior optima are flagged");
    var law = result.laws().bStar();
    assertTrue(
        law == null || law.warnings().stream().anyMatch(w -> w.contains("includes 0")),
        "a B* law from noise says it resolves nothing: " + law);
  }

  @Test
  void minimumAtTheEdgeOfTheSweepIsFlaggedAndLeftOutOfTheLaws() throws Exception {
    List<Run> runs = new ArrayList<>();
    for (double tokens : new double[] {1e9, 2e9}) {
      for (double eta : new double[] {1e-4, 2e-4, 4e-4, 8e-4}) {
        // Loss falls with eta over the whole sweep: eta* is at or above the largest value.
        runs.add(run("r" + eta + "-" + tokens, eta, 65536, tokens, 3.0 - 0.1 * Math.log(eta)));
      }
    }
    runs.addAll(parabolaRuns(4e9, 3e-4, 0.1));
    runs.addAll(parabolaRuns(8e9, 2e-4, 0.1));
    var result = HparamsAnalysis.analyse(dataset(runs), options(0, 1));
    var edge = result.groups().stream().filter(g -> g.tokens() <= 2e9).toList();
    assertEquals(2, edge.size());
    for (var g : edge) {
      assertEquals(HparamsAnalysis.LrStatus.EDGE_HIGH, g.status());
      assertNull(g.etaStar());
      assertEquals(8e-4, g.bestLr());
      assertTrue(
          g.warnings().get(0).contains("largest stable learning rate (8e-4)"),
          g.warnings().toString());
    }
    assertEquals(2, result.laws().etaStar().points());
  }

  @Test
  void groupWhoseEveryRunDivergedIsAWarningAndTheRestGoesOn() throws Exception {
    List<Run> runs = new ArrayList<>(parabolaRuns(1e9, 3e-4, 0.1));
    runs.addAll(parabolaRuns(2e9, 3e-4, 0.1));
    for (double eta : new double[] {1e-3, 2e-3, 4e-3}) {
      runs.add(run("d" + eta, eta, 65536, 4e9, Double.NaN));
    }
    var result = HparamsAnalysis.analyse(dataset(runs), options(0, 1));
    var dead = result.groups().stream().filter(g -> g.tokens() == 4e9).findFirst().orElseThrow();
    assertEquals(HparamsAnalysis.LrStatus.ALL_DIVERGED, dead.status());
    assertEquals(3, dead.diverged());
    assertTrue(
        dead.warnings().get(0).startsWith("every run diverged (3 runs, eta 0.001 to 0.004)"),
        dead.warnings().toString());
    assertNotNull(result.laws().etaStar());
    assertTrue(
        Json.write(HparamsReport.of(dataset(runs), options(0, 1), result, "test")).indexOf("NaN")
            < 0);
  }

  @Test
  void everyGroupDivergedIsAClearError() {
    List<Run> runs = new ArrayList<>();
    for (double eta : new double[] {1e-3, 2e-3, 4e-3}) {
      runs.add(run("d" + eta, eta, 65536, 4e9, Double.POSITIVE_INFINITY));
    }
    var e =
        assertThrows(
            AnalysisException.class, () -> HparamsAnalysis.analyse(dataset(runs), options(0, 1)));
    assertTrue(e.getMessage().startsWith("every run diverged in every group"), e.getMessage());
  }

  @Test
  void oneLearningRatePerGroupIsAClearError() {
    List<Run> runs = new ArrayList<>();
    for (double b : new double[] {32768, 65536, 131072}) {
      runs.add(run("b" + b, 3e-4, b, 1e9, 3.0));
    }
    var e =
        assertThrows(
            AnalysisException.class, () -> HparamsAnalysis.analyse(dataset(runs), options(0, 1)));
    assertTrue(
        e.getMessage()
            .startsWith(
                "no (params, batch_size, tokens) group has 3 learning rates with a usable loss (at most 1)"),
        e.getMessage());
  }

  @Test
  void bootstrapGivesTheSameBytesWhateverTheThreadCount() throws Exception {
    Dataset data = dataset(SweepSimulator.simulate(SweepSimulator.Spec.defaults(4)));
    String parallel =
        Json.write(
            HparamsReport.of(
                data, options(200, 9), HparamsAnalysis.analyse(data, options(200, 9)), "t"));
    ForkJoinPool one = new ForkJoinPool(1);
    try {
      String serial =
          one.submit(
                  () ->
                      Json.write(
                          HparamsReport.of(
                              data,
                              options(200, 9),
                              HparamsAnalysis.analyse(data, options(200, 9)),
                              "t")))
              .get();
      assertEquals(parallel, serial);
    } finally {
      one.shutdown();
    }
    String otherSeed =
        Json.write(
            HparamsReport.of(
                data, options(200, 10), HparamsAnalysis.analyse(data, options(200, 10)), "t"));
    assertTrue(!otherSeed.equals(parallel));
  }

  /** Five runs at learning rates a factor 2 apart around eta, loss 3 + s ln^2(eta'/eta). */
  static List<Run> parabolaRuns(double tokens, double eta, double s) {
    List<Run> runs = new ArrayList<>();
    for (int j = -2; j <= 2; j++) {
      double lr = eta * Math.pow(2, j);
      double x = Math.log(lr / eta);
      runs.add(run("p" + lr + "-" + tokens, lr, 65536, tokens, 3.0 + s * x * x));
    }
    return runs;
  }

  static Run run(String id, double lr, double batchSize, double tokens, double loss) {
    return new Run(
        id,
        "sweep",
        1e8,
        lr,
        batchSize,
        null,
        Map.of(),
        Checkpoints.of(
            new double[] {tokens},
            new double[] {loss},
            new double[] {Double.NaN},
            new double[] {Double.NaN}));
  }
}
