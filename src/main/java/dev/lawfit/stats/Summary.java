package dev.lawfit.stats;

/**
 * Summaries of a sample. Stateless.
 *
 * <p>One convention for small samples: a statistic that needs two values (the standard deviation)
 * is NaN for fewer, never 0; callers that write documents turn NaN into {@code null} with {@link
 * #finite(double)}.
 */
public final class Summary {
  private Summary() {}

  /** The arithmetic mean; NaN for an empty sample. */
  public static double mean(double[] sample) {
    if (sample.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : sample) {
      sum += v;
    }
    return sum / sample.length;
  }

  /**
   * Sample standard deviation with divisor n - 1 (Bessel's correction); NaN for fewer than two
   * values.
   */
  public static double sd(double[] sample) {
    int n = sample.length;
    if (n < 2) {
      return Double.NaN;
    }
    double mean = mean(sample);
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

  /** The value, or {@code null} when it is NaN or infinite (JSON has no NaN). */
  public static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
