package dev.lawfit.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Run;
import dev.lawfit.data.Selection;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.law.Chinchilla;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchFitTest {
  private static Dataset dataset() {
    List<Run> runs =
        new ArrayList<>(
            Simulator.simulate(
                Simulator.Spec.chinchilla(
                    List.of("f0", "f1", "f2", "f3", "f4"),
                    List.of(2e7, 5e7, 1e8, 3e8, 1e9),
                    1,
                    20,
                    15,
                    524288,
                    3e-4,
                    0.005,
                    0,
                    9)));
    // A family with one model size cannot identify the law: its failure must stay its own.
    double[] none = new double[8];
    java.util.Arrays.fill(none, Double.NaN);
    runs.add(
        new Run(
            "solo",
            "solo",
            1e8,
            3e-4,
            524288,
            0L,
            Map.of(),
            Checkpoints.of(
                new double[] {1e9, 2e9, 3e9, 4e9, 5e9, 6e9, 7e9, 8e9},
                new double[] {3.2, 3.1, 3.05, 3.0, 2.98, 2.96, 2.95, 2.94},
                none,
                none)));
    return new Dataset(
        runs,
        List.of(),
        List.of("run", "family", "params", "tokens", "loss"),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Selection.none());
  }

  @Test
  void resultsComeInGroupOrderAndDoNotDependOnThreads() throws Exception {
    Map<String, Dataset> groups = dataset().groupBy("family");
    List<String> finished = Collections.synchronizedList(new ArrayList<>());
    List<BatchFit.Outcome> one =
        BatchFit.fit(
            groups, new Chinchilla(), FitOptions.defaults().withBootstrap(20, 3), 1, k -> {});
    List<BatchFit.Outcome> two =
        BatchFit.fit(
            groups, new Chinchilla(), FitOptions.defaults().withBootstrap(20, 3), 2, finished::add);
    assertEquals(
        List.of("f0", "f1", "f2", "f3", "f4", "solo"),
        two.stream().map(BatchFit.Outcome::key).toList());
    assertEquals(6, finished.size(), "progress is told once per group");
    for (int i = 0; i < one.size(); i++) {
      if (one.get(i).failure() != null) {
        assertNotNull(two.get(i).failure());
        continue;
      }
      assertArrayEquals(
          one.get(i).result().fit().values(), two.get(i).result().fit().values(), 0.0);
      assertArrayEquals(
          one.get(i).result().fit().bootstrapSamples().orElseThrow().samples()[7],
          two.get(i).result().fit().bootstrapSamples().orElseThrow().samples()[7],
          0.0);
    }
  }

  @Test
  void oneGroupsFailureStopsNoOther() throws Exception {
    List<BatchFit.Outcome> outcomes =
        BatchFit.fit(
            dataset().groupBy("family"), new Chinchilla(), FitOptions.defaults(), 2, k -> {});
    BatchFit.Outcome solo = outcomes.get(5);
    assertNull(solo.result());
    assertEquals(FitException.Reason.INVALID_DATA, solo.failure().reason());
    for (BatchFit.Outcome o : outcomes.subList(0, 5)) {
      assertNull(o.failure());
      // Each family follows Chinchilla's published alpha (0.339) up to noise.
      assertEquals(0.339, o.result().fit().value("alpha"), 0.03, o.key());
    }
  }
}
