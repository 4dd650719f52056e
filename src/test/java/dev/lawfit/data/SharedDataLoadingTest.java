package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.SharedData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Loads the real public data sets and checks exact counts against an independent count, made with
 * Python's csv module: runs keyed by every text column with num_params and seed, checkpoints as the
 * distinct token counts of each run.
 */
class SharedDataLoadingTest {

  /** family -> {runs, distinct checkpoints, raw rows}. */
  private static final Map<String, long[]> HITCHHIKER = new LinkedHashMap<>();

  static {
    HITCHHIKER.put("chinchilla-isoflop", new long[] {142, 245, 245});
    HITCHHIKER.put("datablations-c4-14ep", new long[] {3, 524, 524});
    HITCHHIKER.put("datablations-c4-1ep", new long[] {3, 673, 673});
    HITCHHIKER.put("datablations-c4-2ep", new long[] {3, 646, 646});
    HITCHHIKER.put("datablations-c4-3ep", new long[] {3, 577, 577});
    HITCHHIKER.put("datablations-c4-44ep", new long[] {3, 528, 528});
    HITCHHIKER.put("datablations-c4-4ep", new long[] {3, 691, 691});
    HITCHHIKER.put("datablations-c4-5ep", new long[] {3, 689, 689});
    HITCHHIKER.put("datablations-c4-7ep", new long[] {3, 527, 527});
    HITCHHIKER.put("datablations-oscar-14ep", new long[] {3, 659, 659});
    HITCHHIKER.put("datablations-oscar-1ep", new long[] {3, 493, 493});
    HITCHHIKER.put("datablations-oscar-2ep", new long[] {3, 496, 496});
    HITCHHIKER.put("datablations-oscar-3ep", new long[] {3, 467, 467});
    HITCHHIKER.put("datablations-oscar-44ep", new long[] {3, 663, 663});
    HITCHHIKER.put("datablations-oscar-4ep", new long[] {3, 471, 471});
    HITCHHIKER.put("datablations-oscar-5ep", new long[] {3, 498, 498});
    HITCHHIKER.put("datablations-oscar-7ep", new long[] {3, 659, 659});
    HITCHHIKER.put("gpt3", new long[] {16, 7487, 12097});
    HITCHHIKER.put("k2", new long[] {1, 9985, 9985});
    HITCHHIKER.put("llm360mamba", new long[] {1, 44174, 44174});
    HITCHHIKER.put("olmo", new long[] {2, 1264, 1264});
    HITCHHIKER.put("olmo-twin", new long[] {1, 444, 444});
    HITCHHIKER.put("opt", new long[] {6, 142, 142});
    HITCHHIKER.put("redpajama", new long[] {2, 135, 135});
  }

  private static Dataset load(Path path, LoadOptions options) throws InputException {
    return new LogLoader(options).load(List.of(path));
  }

  @Test
  void hitchhikerHasRepeatedPointsThatAreAnErrorByDefault() {
    Path path = SharedData.require("hitchhiker/losses.csv");
    InputException e = assertThrows(InputException.class, () -> load(path, LoadOptions.defaults()));
    assertTrue(e.getMessage().contains("--on-duplicate"), e.getMessage());
    assertTrue(e.line() > 1, "names the line of the second row");
  }

  @Test
  void hitchhikerCountsPerFamilyMatchAnIndependentCount() throws InputException {
    Path path = SharedData.require("hitchhiker/losses.csv");
    for (OnDuplicate policy : List.of(OnDuplicate.FIRST, OnDuplicate.LAST, OnDuplicate.MEAN)) {
      Dataset d = load(path, LoadOptions.defaults().withOnDuplicate(policy));
      assertEquals(77_747, d.files().get(0).rows());
      assertEquals(219, d.runs().size());
      assertEquals(73_137, d.checkpointCount());
      assertEquals(
          List.copyOf(HITCHHIKER.keySet()).stream().sorted().toList(),
          d.families().stream().sorted().toList());
      for (var e : HITCHHIKER.entrySet()) {
        Dataset family = d.families(List.of(e.getKey()));
        assertEquals(e.getValue()[0], family.runs().size(), e.getKey() + " runs");
        assertEquals(e.getValue()[1], family.checkpointCount(), e.getKey() + " checkpoints");
      }
      long merged = HITCHHIKER.values().stream().mapToLong(v -> v[2] - v[1]).sum();
      assertEquals(
          List.of(
              merged
                  + " duplicate rows resolved with --on-duplicate "
                  + policy.name().toLowerCase()),
          d.notes());
    }
  }

  @Test
  void hitchhikerRunIdsAreShortAndUnique() throws InputException {
    Dataset d =
        load(
            SharedData.require("hitchhiker/losses.csv"),
            LoadOptions.defaults().withOnDuplicate(OnDuplicate.MEAN));
    assertEquals(d.runs().size(), d.runs().stream().map(Run::id).distinct().count());
    assertTrue(
        d.runs().stream().anyMatch(r -> r.id().equals("gpt3/gpt3-small/train_ce_nats_digitised")),
        "gpt3 runs are named by family, model and loss kind only");
    assertTrue(
        d.runs().stream()
            .allMatch(r -> r.id().startsWith(r.family() + "/") || r.id().equals(r.family())));
  }

  @Test
  void porianLoadsWithColumnMapping() throws InputException {
    Path path = SharedData.require("porian-isoflop/isoflop_points.csv");
    Dataset d =
        load(path, LoadOptions.defaults().withColumns(Map.of(Column.FLOPS, "flops_budget")));
    assertEquals(1_745, d.checkpointCount());
    assertEquals(239, d.runs().size());
    assertTrue(
        d.columns().containsAll(List.of("params", "tokens", "loss", "flops")),
        d.columns().toString());
    assertEquals(List.of("six_n_t"), d.ignoredColumns());
    Map<String, Dataset> byLabel = d.groupBy("label");
    assertEquals(32, byLabel.get("step0_reproduce_kaplan").runs().size());
    assertEquals(220, byLabel.get("step0_reproduce_kaplan").checkpointCount());
    assertEquals(237, byLabel.get("step4_tuned_hparams_const_lr").checkpointCount());
    assertEquals(
        104, byLabel.get("kaplan_counting_with_tuned_hparams_long_warmup").checkpointCount());
    // The mapped FLOP budget is the compute of each checkpoint, not 6 N T.
    Run run = d.runs().get(0);
    assertEquals(1.25e16, run.computeFlops(0), 1.25e16 * 1e-12);
  }
}
