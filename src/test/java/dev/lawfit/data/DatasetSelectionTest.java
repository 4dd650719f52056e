package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetSelectionTest {
  private static final double NaN = Double.NaN;

  private static Run run(String id, String family, double params, double... tokens) {
    double[] loss = new double[tokens.length];
    double[] none = new double[tokens.length];
    for (int i = 0; i < tokens.length; i++) {
      loss[i] = 10 / Math.log(tokens[i]);
      none[i] = NaN;
    }
    return new Run(
        id,
        family,
        params,
        3e-4,
        524288,
        0L,
        Map.of("arch", family.equals("a") ? "dec" : "ssm"),
        Checkpoints.of(tokens, loss, none, none));
  }

  private static Dataset dataset() {
    return new Dataset(
        List.of(
            run("a1", "a", 1e8, 1e9, 5e9, 1e10, 2e10),
            run("a2", "a", 1e9, 2e10, 1e9, 1e11),
            run("b1", "b", 5e8, 1e9, 1e10),
            run("b2", "b", NaN, 3e9)),
        List.of(),
        List.of("run", "family", "params", "tokens", "loss"),
        List.of("arch"),
        List.of(),
        List.of(),
        List.of(),
        Selection.none());
  }

  @Test
  void checkpointsAreSortedByTokensWhateverTheInputOrder() {
    Run a2 = dataset().runs().get(1);
    assertArrayEquals(new double[] {1e9, 2e10, 1e11}, a2.checkpoints().tokens());
  }

  @Test
  void familiesKeepsOnlyTheNamedOnesAndRecordsThem() {
    Dataset d = dataset().families(List.of("b"));
    assertEquals(List.of("b1", "b2"), d.runs().stream().map(Run::id).toList());
    assertEquals(List.of("b"), d.selection().families());
  }

  @Test
  void finalOnlyKeepsEachRunsLastCheckpoint() {
    Dataset d = dataset().finalOnly();
    assertEquals(4, d.checkpointCount());
    assertArrayEquals(new double[] {2e10}, d.runs().get(0).checkpoints().tokens());
    assertArrayEquals(new double[] {1e11}, d.runs().get(1).checkpoints().tokens());
    assertTrue(d.selection().finalOnly());
  }

  @Test
  void dropEarlyTokensDropsCheckpointsAtOrBelowTheThreshold() {
    Dataset d = dataset().dropEarlyTokens(1e10);
    assertArrayEquals(new double[] {2e10}, d.runs().get(0).checkpoints().tokens());
    assertArrayEquals(new double[] {2e10, 1e11}, d.runs().get(1).checkpoints().tokens());
    // b1 keeps nothing above 1e10 and b2 ends at 3e9: both disappear.
    assertEquals(List.of("a1", "a2"), d.runs().stream().map(Run::id).toList());
    assertEquals(1e10, d.selection().dropEarlyTokens());
  }

  @Test
  void dropEarlyFractionIsRelativeToEachRunsLength() {
    Dataset d = dataset().dropEarlyFraction(0.25);
    // a1 ends at 2e10: the cut is 5e9, which is kept (below, not at).
    assertArrayEquals(new double[] {5e9, 1e10, 2e10}, d.runs().get(0).checkpoints().tokens());
    // a2 ends at 1e11: the cut is 2.5e10.
    assertArrayEquals(new double[] {1e11}, d.runs().get(1).checkpoints().tokens());
    assertThrows(IllegalArgumentException.class, () -> dataset().dropEarlyFraction(1.0));
  }

  @Test
  void paramsBetweenIsInclusiveAndDropsRunsWithoutASize() {
    Dataset d = dataset().paramsBetween(1e8, 5e8);
    assertEquals(List.of("a1", "b1"), d.runs().stream().map(Run::id).toList());
    assertEquals(
        List.of("a1", "a2", "b1"),
        dataset().paramsBetween(null, 1e9).runs().stream().map(Run::id).toList());
    assertEquals(4, dataset().paramsBetween(null, null).runs().size());
  }

  @Test
  void excludeRunsLeavesThoseOut() {
    Dataset d = dataset().excludeRuns(List.of("a2", "b2"));
    assertEquals(List.of("a1", "b1"), d.runs().stream().map(Run::id).toList());
    assertEquals(List.of("a2", "b2"), d.selection().excludedRuns());
  }

  @Test
  void groupByAnyRunColumnKeepsFirstAppearanceOrder() {
    assertEquals(List.of("a", "b"), List.copyOf(dataset().groupBy("family").keySet()));
    assertEquals(List.of("dec", "ssm"), List.copyOf(dataset().groupBy("arch").keySet()));
    Map<String, Dataset> bySize = dataset().groupBy("params");
    assertEquals(
        List.of("100000000", "1000000000", "500000000", "(none)"), List.copyOf(bySize.keySet()));
    assertTrue(dataset().hasGroupColumn("arch"));
    assertTrue(!dataset().hasGroupColumn("lr"));
  }

  @Test
  void selectionsComposeAndLeaveTheOriginalUntouched() {
    Dataset original = dataset();
    Dataset d = original.families(List.of("a")).dropEarlyTokens(1e9).finalOnly();
    assertEquals(List.of("a"), d.selection().families());
    assertEquals(1e9, d.selection().dropEarlyTokens());
    assertTrue(d.selection().finalOnly());
    assertNull(original.selection().dropEarlyTokens());
    assertEquals(10, original.checkpointCount());
  }

  @Test
  void checkpointArraysCannotBeChangedFromOutside() {
    double[] tokens = {1, 2, 3};
    double[] loss = {3, 2, 1};
    double[] none = {NaN, NaN, NaN};
    Checkpoints c = Checkpoints.of(tokens, loss, none, none);
    tokens[0] = 99;
    c.loss()[0] = 99;
    assertEquals(1, c.tokens(0));
    assertEquals(3, c.loss(0));
  }

  @Test
  void computeIsSixNTUnlessLogged() {
    Run r = dataset().runs().get(0);
    assertEquals(6 * 1e8 * 1e9, r.computeFlops(0), 1e3);
  }
}
