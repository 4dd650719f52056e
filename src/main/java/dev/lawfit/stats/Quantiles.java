package dev.lawfit.stats;

import java.util.Arrays;

/**
 * Sample quantiles by one definition: linear interpolation between order statistics, Hyndman and
 * Fan (1996) type 7, the default of R and numpy: Q(q) = x(h) with h = (n - 1) q, x sorted
 * ascending.
 */
public final class Quantiles {
  private Quantiles() {}

  /**
   * The q-quantile of {@code sample} in any order (it is not changed).
   *
   * @throws IllegalArgumentException for an empty sample or q outside [0, 1]
   */
  public static double of(double[] sample, double q) {
    check(sample, q);
    double[] s = sample.clone();
    Arrays.sort(s);
    return interpolate(s, q);
  }

  /**
   * The q-quantile of {@code sorted}, already in ascending order (no copy: for many quantiles of
   * one sample, or of one large bootstrap column).
   *
   * @throws IllegalArgumentException for an empty sample or q outside [0, 1]
   */
  public static double ofSorted(double[] sorted, double q) {
    check(sorted, q);
    return interpolate(sorted, q);
  }

  private static void check(double[] sample, double q) {
    if (sample.length == 0 || !(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("need a non-empty sample and q in [0, 1]");
    }
  }

  private static double interpolate(double[] s, double q) {
    double h = (s.length - 1) * q; // Hyndman and Fan 1996, type 7
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (h - lo) * (s[hi] - s[lo]);
  }
}
