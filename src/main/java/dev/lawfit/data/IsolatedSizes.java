package dev.lawfit.data;

import java.util.ArrayList;
import java.util.List;

/** Runs whose model size is far from every other run's: more often a typo than a model. */
final class IsolatedSizes {
  private IsolatedSizes() {}

  /**
   * Warnings for runs whose size is more than {@value #ISOLATED_DECADES} decades from every other
   * run's: one such run can move a fitted exponent far, and is more often a typo than a model.
   */
  static List<String> warnings(List<Run> runs) {
    double[] sizes =
        runs.stream()
            .mapToDouble(Run::params)
            .filter(p -> p > 0 && Double.isFinite(p))
            .sorted()
            .toArray();
    List<String> warnings = new ArrayList<>();
    if (sizes.length < 2) {
      return warnings;
    }
    for (Run run : runs) {
      double p = run.params();
      if (!(p > 0 && Double.isFinite(p))) {
        continue;
      }
      int i = java.util.Arrays.binarySearch(sizes, p);
      while (i > 0 && sizes[i - 1] == p) {
        i--;
      }
      boolean shared = i + 1 < sizes.length && sizes[i + 1] == p;
      if (shared) {
        continue; // another run has this very size
      }
      double nearest = Double.NaN;
      double gap = Double.POSITIVE_INFINITY;
      for (int j : new int[] {i - 1, i + 1}) {
        if (j >= 0 && j < sizes.length) {
          double g = Math.abs(Math.log10(sizes[j] / p));
          if (g < gap) {
            gap = g;
            nearest = sizes[j];
          }
        }
      }
      if (gap > ISOLATED_DECADES) {
        warnings.add(
            "run '"
                + run.id()
                + "' has params "
                + Numbers.format(p)
                + ", more than "
                + ISOLATED_DECADES
                + " decades from every other run's (the nearest is "
                + Numbers.format(nearest)
                + "): check the value, or leave the run out with --exclude-run");
      }
    }
    return warnings;
  }

  static final int ISOLATED_DECADES = 3;
}
