package dev.lawfit.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Curves that one fit would pool but should not: runs of one group that differ only in a text tag
 * (split, loss kind, data set) and whose losses at the same model size and tokens disagree. The
 * Hitchhiker table's gpt3 family holds train and validation curves of the same models; Porian et
 * al.'s IsoFLOP table holds two data sets. Pooling them fits neither.
 *
 * <p>The rule (README, "Input: run logs"): two runs of a group with the same family, params, lr,
 * batch size and seed whose tags differ, compared at the token counts both have; they disagree when
 * the median relative gap between their losses there exceeds {@value #GAP}.
 */
public final class PooledCurves {
  /** Median relative gap between two curves at shared points above which they are not one curve. */
  static final double GAP = 0.01;

  /**
   * Pairs compared per group at most: a group of thousands of same-size runs is a sweep, not a
   * pooling.
   */
  private static final int MAX_PAIRS = 20_000;

  private PooledCurves() {}

  /**
   * One warning per group and set of differing tags, naming them and the options that separate
   * them.
   */
  public static List<String> warnings(Dataset dataset, String groupBy) {
    List<String> out = new ArrayList<>();
    Map<String, Dataset> groups = groupBy == null ? Map.of("", dataset) : dataset.groupBy(groupBy);
    groups.forEach(
        (key, group) -> out.addAll(inGroup(group.runs(), groupBy == null ? null : key, groupBy)));
    return out;
  }

  private record Finding(String a, String b, String tagValues, double median, int shared) {}

  private static List<String> inGroup(List<Run> runs, String key, String groupBy) {
    Map<String, List<Run>> alike = new LinkedHashMap<>();
    for (Run r : runs) {
      if (!r.tags().isEmpty()) {
        alike
            .computeIfAbsent(
                r.family()
                    + "\u0001"
                    + r.params()
                    + "\u0001"
                    + r.lr()
                    + "\u0001"
                    + r.batchSize()
                    + "\u0001"
                    + r.seed(),
                k -> new ArrayList<>())
            .add(r);
      }
    }
    Map<String, Finding> worst = new LinkedHashMap<>();
    int pairs = 0;
    for (List<Run> same : alike.values()) {
      for (int i = 0; i < same.size() && pairs < MAX_PAIRS; i++) {
        for (int j = i + 1; j < same.size() && pairs < MAX_PAIRS; j++, pairs++) {
          Run a = same.get(i);
          Run b = same.get(j);
          TreeSet<String> differ = new TreeSet<>();
          TreeSet<String> names = new TreeSet<>(a.tags().keySet());
          names.addAll(b.tags().keySet());
          for (String t : names) {
            if (!t.equals(groupBy) && !java.util.Objects.equals(a.tags().get(t), b.tags().get(t))) {
              differ.add(t);
            }
          }
          if (differ.isEmpty()) {
            continue;
          }
          double[] gaps = gaps(a.checkpoints(), b.checkpoints());
          if (gaps.length == 0) {
            continue;
          }
          Arrays.sort(gaps);
          double median =
              gaps.length % 2 == 1
                  ? gaps[gaps.length / 2]
                  : (gaps[gaps.length / 2 - 1] + gaps[gaps.length / 2]) / 2;
          String tags = String.join(", ", differ);
          Finding f =
              new Finding(
                  a.id(),
                  b.id(),
                  differ.first()
                      + " "
                      + a.tags().get(differ.first())
                      + " vs "
                      + b.tags().get(differ.first()),
                  median,
                  gaps.length);
          if (median > GAP && (!worst.containsKey(tags) || worst.get(tags).median < median)) {
            worst.put(tags, f);
          }
        }
      }
    }
    List<String> out = new ArrayList<>();
    worst.forEach(
        (tags, f) -> {
          String first = tags.split(", ")[0];
          out.add(
              (key == null ? "" : "group '" + key + "': ")
                  + "runs that differ only in "
                  + tags
                  + " are pooled, and their losses "
                  + "disagree at the same params and tokens (runs '"
                  + f.a
                  + "' and '"
                  + f.b
                  + "', "
                  + f.tagValues
                  + ": median gap "
                  + String.format(java.util.Locale.ROOT, "%.1f%%", 100 * f.median)
                  + " over "
                  + f.shared
                  + " shared points); "
                  + "separate them with --where "
                  + first
                  + "=VALUE or --group-by "
                  + first);
        });
    return out;
  }

  /** Relative loss gaps |a - b| / min(a, b) at the token counts both curves have. */
  private static double[] gaps(Checkpoints a, Checkpoints b) {
    Map<Double, Double> byTokens = new HashMap<>();
    for (int i = 0; i < a.size(); i++) {
      byTokens.put(a.tokens(i), a.loss(i));
    }
    double[] out = new double[Math.min(a.size(), b.size())];
    int n = 0;
    for (int i = 0; i < b.size() && n < out.length; i++) {
      Double la = byTokens.get(b.tokens(i));
      double lb = b.loss(i);
      if (la != null && la > 0 && lb > 0 && Double.isFinite(la) && Double.isFinite(lb)) {
        out[n++] = Math.abs(la - lb) / Math.min(la, lb);
      }
    }
    return Arrays.copyOf(out, n);
  }
}
