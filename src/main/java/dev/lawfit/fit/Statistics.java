package dev.lawfit.fit;

import java.util.Arrays;

/** Small summary statistics shared by the fitter and the analyses. Stateless. */
public final class Statistics {
  private Statistics() {}

  /**
   * Percentile by linear interpolation between order statistics (Hyndman and Fan 1996, type 7,
   * the default of R and numpy).
   *
   * @param q in [0, 1]
   * @throws IllegalArgumentException for an empty sample or q outside [0, 1]
   */
  public static double percentile(double[] sample, double q) {
    if (sample.length == 0 || !(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("need a non-empty sample and q in [0, 1]");
    }
    var s = sample.clone();
    Arrays.sort(s);
    double h = (s.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (h - lo) * (s[hi] - s[lo]);
  }

  /** Sample standard deviation (n - 1); 0 for fewer than two values. */
  public static double sd(double[] sample) {
    int n = sample.length;
    if (n < 2) {
      return 0;
    }
    double mean = 0;
    for (double v : sample) {
      mean += v;
    }
    mean /= n;
    double ss = 0;
    for (double v : sample) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (n - 1));
  }

  /** Pearson correlation; 0 when either side does not vary. */
  public static double correlation(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }

  /**
   * A well-mixed seed for resample {@code index} of a run seeded {@code seed} (SplitMix64's
   * finaliser, Steele et al. 2014): each resample gets its own generator, so results do not depend
   * on which thread ran which resample.
   */
  public static long resampleSeed(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
