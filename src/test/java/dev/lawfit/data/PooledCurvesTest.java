package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 5: curves that differ only by a tag and disagree are named before a fit pools
 * them.
 */
class PooledCurvesTest {
  @TempDir Path dir;

  /**
   * Two models, each with a train and a validation curve; validation higher by {@code gap}
   * (relative).
   */
  private Dataset splits(double gap) throws Exception {
    List<String> rows = new ArrayList<>(List.of("family,model,split,params,tokens,loss"));
    for (double n : new double[] {1e8, 1e9}) {
      for (int k = 1; k <= 5; k++) {
        double t = k * 1e9;
        double train = 2 + 300 / Math.pow(n, 0.3) + 300 / Math.pow(t, 0.3);
        rows.add("gpt,m" + (long) n + ",train," + n + "," + t + "," + train);
        rows.add("gpt,m" + (long) n + ",val," + n + "," + t + "," + train * (1 + gap));
      }
    }
    Path f = dir.resolve("splits.csv");
    Files.write(f, rows);
    return new LogLoader(LoadOptions.defaults()).load(List.of(f));
  }

  @Test
  void disagreeingSplitsInOneGroupAreNamedWithTheOptionsThatSeparateThem() throws Exception {
    List<String> w = PooledCurves.warnings(splits(0.03), "family");
    assertEquals(
        List.of(
            "group 'gpt': runs that differ only in split are pooled, and their losses disagree at the same params "
                + "and tokens (runs 'm100000000/train' and 'm100000000/val', split train vs val: median gap 3.0% over 5 shared points); "
                + "separate them with --where split=VALUE or --group-by split"),
        w);
  }

  @Test
  void agreeingCurvesSeparatedGroupsAndSelectedSplitsAreNotWarnedAbout() throws Exception {
    assertEquals(List.of(), PooledCurves.warnings(splits(0.005), null));
    Dataset d = splits(0.03);
    assertEquals(List.of(), PooledCurves.warnings(d, "split"));
    assertEquals(List.of(), PooledCurves.warnings(d.where("split", "val"), null));
  }

  @Test
  void hitchhikerGpt3PoolsTrainAndValidationCurves() throws Exception {
    Path table = Path.of("../shared/data/hitchhiker/losses.csv");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(table), "shared data absent");
    Dataset all =
        new LogLoader(LoadOptions.defaults().withOnDuplicate(OnDuplicate.MEAN))
            .load(List.of(table));
    List<String> gpt3 = PooledCurves.warnings(all.families(List.of("gpt3")), "family");
    assertEquals(1, gpt3.size(), gpt3.toString());
    org.junit.jupiter.api.Assertions.assertTrue(
        gpt3.get(0).startsWith("group 'gpt3': runs that differ only in loss_column, loss_kind")
            && gpt3.get(0).endsWith("--where loss_column=VALUE or --group-by loss_column"),
        gpt3.get(0));
    assertEquals(
        List.of(),
        PooledCurves.warnings(
            all.families(List.of("gpt3")).where("loss_kind", "val_ce_nats_digitised"), "family"));
  }
}
