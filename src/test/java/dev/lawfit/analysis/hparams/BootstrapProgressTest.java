package dev.lawfit.analysis.hparams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.data.Dataset;
import dev.lawfit.fit.Progress;
import dev.lawfit.report.HparamsReport;
import dev.lawfit.report.Json;
import dev.lawfit.stats.PowerLawFit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hparams and critical-batch bootstraps tell a progress sink of every resample, and the sink
 * changes nothing: the same document, the same draws in the same order.
 */
class BootstrapProgressTest {
  /** Counts what it is told; a step before its unit was announced is counted apart. */
  static final class Counter implements Progress {
    final AtomicLong announced = new AtomicLong();
    final AtomicLong steps = new AtomicLong();
    final AtomicLong early = new AtomicLong();

    @Override
    public void add(long units) {
      announced.addAndGet(units);
    }

    @Override
    public void step() {
      if (steps.incrementAndGet() > announced.get()) {
        early.incrementAndGet();
      }
    }
  }

  private static void sameDraws(PowerLawFit a, PowerLawFit b) {
    assertEquals(a == null, b == null);
    if (a != null) {
      assertEquals(a.draws().size(), b.draws().size());
      for (int i = 0; i < a.draws().size(); i++) {
        assertArrayEquals(a.draws().get(i), b.draws().get(i), "draw " + i);
      }
    }
  }

  @Test
  void hparamsTicksOncePerResampleOfEveryLawAndGivesTheSameDocument() throws Exception {
    Dataset data =
        HparamsAnalysisTest.dataset(SweepSimulator.simulate(SweepSimulator.Spec.defaults(4)));
    int resamples = 120;
    HparamsAnalysis.Options plain = HparamsAnalysisTest.options(resamples, 9);
    Counter counter = new Counter();
    HparamsAnalysis.Result without = HparamsAnalysis.analyse(data, plain);
    HparamsAnalysis.Result with = HparamsAnalysis.analyse(data, plain.withProgress(counter));
    assertEquals(
        Json.write(HparamsReport.of(data, plain, without, "t")),
        Json.write(HparamsReport.of(data, plain, with, "t")));
    HparamsAnalysis.Laws w = without.laws();
    sameDraws(w.etaStar(), with.laws().etaStar());
    sameDraws(w.bStar(), with.laws().bStar());
    sameDraws(w.sensitivity(), with.laws().sensitivity());
    long laws = Stream.of(w.etaStar(), w.bStar(), w.sensitivity()).filter(l -> l != null).count();
    assertTrue(laws >= 2, "the default sweep gives the eta* and sensitivity laws at least");
    assertEquals(laws * resamples, counter.steps.get());
    assertEquals(laws * resamples, counter.announced.get());
    assertEquals(0, counter.early.get(), "every resample announced before it is done");
  }

  @Test
  void withoutBootstrapHparamsTellsNothing() throws Exception {
    Dataset data =
        HparamsAnalysisTest.dataset(SweepSimulator.simulate(SweepSimulator.Spec.defaults(4)));
    Counter counter = new Counter();
    HparamsAnalysis.analyse(data, HparamsAnalysisTest.options(0, 9).withProgress(counter));
    assertEquals(0, counter.announced.get());
    assertEquals(0, counter.steps.get());
  }

  @Test
  void criticalBatchFromASweepTicksOncePerResampleAndGivesTheSameResult() throws Exception {
    Dataset data =
        HparamsAnalysisTest.dataset(SweepSimulator.simulate(SweepSimulator.Spec.defaults(2)));
    int resamples = 90;
    Counter counter = new Counter();
    CriticalBatch.Result without =
        CriticalBatch.fromSweep(data, null, 2, List.of(), 8, resamples, 5);
    CriticalBatch.Result with =
        CriticalBatch.fromSweep(data, null, 2, List.of(), 8, resamples, 5, 2, counter);
    assertNotNull(without.law(), "the default sweep gives B_crit's law");
    assertEquals(Json.write(without), Json.write(with));
    sameDraws(without.law(), with.law());
    assertEquals(resamples, counter.steps.get());
    assertEquals(resamples, counter.announced.get());
    assertEquals(0, counter.early.get());
  }

  @Test
  void criticalBatchFromATableTicksOncePerResampleAndGivesTheSameResult() throws Exception {
    // Two groups on the exact trade-off E = E_min (1 + B / B_crit) with multiplicative noise: a law
    // through 3 targets.
    List<String> groups = new ArrayList<>();
    List<Double> bs = new ArrayList<>();
    List<Double> es = new ArrayList<>();
    double[][] truth = {{1e9, 4e5}, {3e9, 1.1e6}, {9e9, 2.9e6}};
    double[] b = {32768, 131072, 524288, 2097152, 8388608};
    for (int g = 0; g < truth.length; g++) {
      for (int i = 0; i < b.length; i++) {
        groups.add("m" + g);
        bs.add(b[i]);
        es.add(truth[g][0] * (1 + b[i] / truth[g][1]) * (1 + 0.01 * ((i * 7 + g * 3) % 5 - 2)));
      }
    }
    String[] gs = groups.toArray(String[]::new);
    double[] bb = bs.stream().mapToDouble(Double::doubleValue).toArray();
    double[] ee = es.stream().mapToDouble(Double::doubleValue).toArray();
    int resamples = 70;
    Counter counter = new Counter();
    CriticalBatch.Result without = CriticalBatch.fromTable(gs, null, bb, ee, resamples, 3);
    CriticalBatch.Result with = CriticalBatch.fromTable(gs, null, bb, ee, resamples, 3, 2, counter);
    assertNotNull(without.law());
    assertEquals(Json.write(without), Json.write(with));
    sameDraws(without.law(), with.law());
    assertEquals(resamples, counter.steps.get());
    assertEquals(resamples, counter.announced.get());
  }
}
