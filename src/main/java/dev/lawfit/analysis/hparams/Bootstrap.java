package dev.lawfit.analysis.hparams;

import java.util.List;
import java.util.SplittableRandom;

/** Small helpers for seeded resampling and for numbers that may not be finite. */
public final class Bootstrap {
  private Bootstrap() {}

  /** The generator of resample {@code index}: a function of the seed and the index only. */
  public static SplittableRandom generator(long seed, int index) {
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0xBF58476D1CE4E5B9L * (index + 1L));
  }

  /** The q-quantile of sorted values, linear between order statistics. */
  public static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(i + 1, sorted.length - 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }

  public static double sd(double[] values) {
    if (values.length < 2) {
      return Double.NaN;
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (values.length - 1));
  }

  /** The value, or {@code null} when it is NaN or infinite (JSON has no NaN). */
  public static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** [low, high], or {@code null} when either end is not finite. */
  public static List<Double> interval(double low, double high) {
    return Double.isFinite(low) && Double.isFinite(high) ? List.of(low, high) : null;
  }
}
