package dev.lawfit.analysis.hparams;

import dev.lawfit.stats.Intervals;
import dev.lawfit.stats.LinearFit;
import dev.lawfit.stats.Parabola;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The minimum of a swept loss curve in a log variable (log eta, log B): a parabola fitted to the
 * points around the lowest one.
 *
 * <p>The window: the distinct swept values nearest the lowest mean loss, {@code halfWidth} on each
 * side (2 by default: five values), moved inwards at the ends of the sweep so that it keeps {@code
 * 2 halfWidth + 1} values when the sweep has them; every point (each run, every seed) at those
 * values is fitted. A narrow window keeps the quadratic approximation honest where the true curve
 * is asymmetric (it rises steeply towards divergence); five values leave two residual degrees of
 * freedom for an interval.
 *
 * @param status what the sweep says about the optimum
 * @param fit the parabola, {@code null} when there are fewer than 3 distinct values or the fit is
 *     singular
 * @param best the swept value with the lowest mean loss, NaN when there is none
 * @param bestLoss that mean loss
 * @param distinct distinct swept values with a usable loss
 * @param windowLow smallest value in the window
 * @param windowHigh largest value in the window
 * @param rangeLow smallest usable swept value
 * @param rangeHigh largest usable swept value
 */
public record Optimum(
    Status status,
    Parabola fit,
    double best,
    double bestLoss,
    int distinct,
    double windowLow,
    double windowHigh,
    double rangeLow,
    double rangeHigh) {

  /** What the sweep says about its optimum. */
  public enum Status {
    /** An interior minimum of a convex fit. */
    OK,
    /** The lowest loss is at the smallest swept value (or the vertex lies below the range). */
    EDGE_LOW,
    /** The lowest loss is at the largest swept value (or the vertex lies above the range). */
    EDGE_HIGH,
    /** The parabola opens downwards: no minimum. */
    NOT_CONVEX,
    /** Fewer than three distinct usable values. */
    TOO_FEW,
    /** No usable point at all (every run diverged). */
    NONE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The optimum of points {@code (x[i], y[i])}, x in log units. */
  public static Optimum find(double[] x, double[] y, int halfWidth) {
    return find(x, y, halfWidth, false);
  }

  /**
   * Like {@link #find(double[], double[], int)}; with {@code inverse}, the window's curve is {@code
   * y ~ a + b e^x + c e^-x} (in x = ln B: {@code a + b B + c / B}) rather than a parabola, see
   * {@link #fitInverse}.
   */
  public static Optimum find(double[] x, double[] y, int halfWidth, boolean inverse) {
    return find(x, y, halfWidth, inverse, null);
  }

  /**
   * Like {@link #find(double[], double[], int, boolean)} with the inverse curve, each window's
   * design taken from {@code designs} (the same optimum, decomposed once per window).
   */
  static Optimum find(double[] x, double[] y, int halfWidth, InverseDesigns designs) {
    return find(x, y, halfWidth, true, designs);
  }

  private static Optimum find(
      double[] x, double[] y, int halfWidth, boolean inverse, InverseDesigns designs) {
    int n = x.length;
    if (n == 0) {
      return none();
    }
    double[] values = sortedDistinct(x);
    int k = values.length;
    double[] mean = new double[k];
    int[] count = new int[k];
    for (int i = 0; i < n; i++) {
      int j = Arrays.binarySearch(values, x[i]);
      mean[j] += y[i];
      count[j]++;
    }
    int arg = lowestMean(mean, count);
    if (k < 3) {
      return tooFew(values, arg, mean[arg]);
    }
    int lo = windowStart(arg, k, halfWidth);
    int hi = lo + Math.min(2 * halfWidth + 1, k) - 1;
    int m = 0;
    for (double v : x) {
      if (v >= values[lo] && v <= values[hi]) {
        m++;
      }
    }
    double[] wx = new double[m];
    double[] wy = new double[m];
    m = 0;
    for (int i = 0; i < n; i++) {
      if (x[i] >= values[lo] && x[i] <= values[hi]) {
        wx[m] = x[i];
        wy[m++] = y[i];
      }
    }
    Parabola fit =
        inverse
            ? fitInverse(wx, wy, 0.5 * (values[lo] + values[hi]), designs)
            : Parabola.fit(wx, wy);
    return of(fit, inverse, values, arg, mean[arg], lo, hi);
  }

  /**
   * The optimum of a sweep with distinct values {@code values}, the lowest mean loss {@code
   * bestLoss} at {@code values[arg]}, and {@code fit} the curve fitted to the window {@code
   * values[lo..hi]}.
   */
  private static Optimum of(
      Parabola fit, boolean inverse, double[] values, int arg, double bestLoss, int lo, int hi) {
    int k = values.length;
    Status status;
    boolean edge = arg == 0 || arg == k - 1;
    // a + b e^x + c e^-x without a minimum is monotone: at an end of the sweep that is an edge.
    if (fit == null || !fit.convex() && !(inverse && fit != null && edge)) {
      status = Status.NOT_CONVEX;
    } else if (arg == 0 || fit.vertex() < values[0]) { // NaN vertex: an edge by arg
      status = Status.EDGE_LOW;
    } else if (arg == k - 1 || fit.vertex() > values[k - 1]) {
      status = Status.EDGE_HIGH;
    } else {
      status = Status.OK;
    }
    return new Optimum(
        status, fit, values[arg], bestLoss, k, values[lo], values[hi], values[0], values[k - 1]);
  }

  private static Optimum none() {
    return new Optimum(
        Status.NONE,
        null,
        Double.NaN,
        Double.NaN,
        0,
        Double.NaN,
        Double.NaN,
        Double.NaN,
        Double.NaN);
  }

  /**
   * Turns each value's summed loss into its mean, in place, and gives the index of the lowest (the
   * first on ties).
   */
  private static int lowestMean(double[] mean, int[] count) {
    int arg = 0;
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= count[j];
      if (mean[j] < mean[arg]) {
        arg = j;
      }
    }
    return arg;
  }

  /**
   * The first of the {@code 2 halfWidth + 1} distinct values (all {@code k} when fewer) centred on
   * {@code arg}, shifted inwards at the sweep's ends.
   */
  private static int windowStart(int arg, int k, int halfWidth) {
    int width = Math.min(2 * halfWidth + 1, k);
    return Math.max(0, Math.min(arg - halfWidth, k - width));
  }

  private static Optimum tooFew(double[] values, int arg, double bestLoss) {
    int k = values.length;
    return new Optimum(
        Status.TOO_FEW,
        null,
        values[arg],
        bestLoss,
        k,
        values[0],
        values[k - 1],
        values[0],
        values[k - 1]);
  }

  /**
   * Fits {@code y ~ a + b e^(x - m) + c e^(m - x)} (m the window's centre) and returns it in a
   * {@link Parabola}'s terms: vertex {@code x* = m + ln(c / b) / 2} with its delta-method standard
   * error and Student-t interval, the minimum {@code a + 2 sqrt(bc)}, and as curvature half the
   * second derivative at the vertex, {@code sqrt(bc)} (NaN, not convex, unless b and c are both
   * positive); the curvature's interval and variance are NaN. {@code null} when singular.
   *
   * <p>For the batch size: the loss at eta* rises about linearly in B above B* (the data each step
   * wastes, McCandlish et al. 2018) and as 1/B below it, a curve symmetric in ln B about B* that
   * rises faster than a parabola. A parabola fitted to a window off B* (at the ends of the sweep
   * the window cannot be centred) bends its vertex towards the window's centre: on simulated sweeps
   * by up to 0.19 in ln B* inside the sweep, this curve by at most 0.06 (README).
   */
  static Parabola fitInverse(double[] x, double[] y, double centre) {
    return fitInverse(x, y, centre, null);
  }

  private static Parabola fitInverse(
      double[] x, double[] y, double centre, InverseDesigns designs) {
    LinearFit f;
    if (designs == null) {
      f = LinearFit.of(inverseDesign(x, centre), y, null);
    } else {
      LinearFit.Design d = designs.get(x, centre);
      f = d == null ? null : d.fit(y);
    }
    return inverseCurve(f, x.length, centre);
  }

  /** {@link #fitInverse}'s curve from its least-squares fit {@code f} to n points. */
  private static Parabola inverseCurve(LinearFit f, int n, double centre) {
    if (f == null) {
      return null;
    }
    double b = f.beta()[1];
    double c = f.beta()[2];
    double nan = Double.NaN;
    if (!(b > 0 && c > 0)) { // no minimum
      return new Parabola(nan, nan, nan, nan, nan, nan, nan, n, nan, nan, nan, nan, nan);
    }
    double vertex = centre + 0.5 * Math.log(c / b);
    double curvature = Math.sqrt(b * c);
    // Delta method for x* = m + (ln c - ln b) / 2: gradient (0, -1/(2b), 1/(2c)).
    double g1 = -0.5 / b;
    double g2 = 0.5 / c;
    double[][] u = f.unscaled();
    double perUnit = g1 * g1 * u[1][1] + 2 * g1 * g2 * u[1][2] + g2 * g2 * u[2][2];
    // The coefficients' covariance is (X'X)^-1 times the residual variance.
    double se = f.df() > 0 ? Math.sqrt(Math.max(perUnit, 0) * f.residualVariance()) : nan;
    double half = f.df() > 0 ? Intervals.t975(f.df()) * se : nan;
    double low = vertex - half;
    double high = vertex + half;
    return new Parabola(
        vertex,
        low,
        high,
        f.beta()[0] + 2 * curvature,
        curvature,
        nan,
        nan,
        n,
        Math.max(perUnit, 0),
        nan,
        nan,
        se,
        nan);
  }

  /**
   * The distinct values of {@code x} in ascending order, as {@code
   * Arrays.stream(x).distinct().sorted()} gives them (equal as {@link Double#equals}), without its
   * boxing and hashing: a third of the B* law's bootstrap went into that stream.
   */
  static double[] sortedDistinct(double[] x) {
    double[] sorted = x.clone();
    Arrays.sort(sorted);
    int k = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (k == 0 || Double.doubleToLongBits(sorted[i]) != Double.doubleToLongBits(sorted[k - 1])) {
        sorted[k++] = sorted[i];
      }
    }
    return k == sorted.length ? sorted : Arrays.copyOf(sorted, k);
  }

  /** The columns {@code e^(x - m)} and {@code e^(m - x)} of {@link #fitInverse}'s curve. */
  private static double[][] inverseDesign(double[] x, double centre) {
    double[][] design = new double[x.length][2];
    for (int i = 0; i < x.length; i++) {
      design[i][0] = Math.exp(x[i] - centre);
      design[i][1] = Math.exp(centre - x[i]);
    }
    return design;
  }

  /**
   * A sweep's swept values prepared once for many losses, for the B* law's bootstrap, which redoes
   * every budget's batch-size curve in each resample over the same batch sizes: {@link
   * #interior(double[])} is {@link #find(double[], double[], int, boolean)} with the inverse curve
   * without sorting the values, finding each point's and building the windows again, and without
   * fitting a curve the law cannot take (the lowest loss at an end of the sweep). Immutable; safe
   * on many threads.
   */
  static final class Sweep {
    private final double[] values;
    private final int[] index; // each point's position in values
    private final int[] count; // points at each value
    private final int halfWidth;
    private final int[][] window; // window[lo]: the points in values[lo .. lo + width - 1]
    private final LinearFit.Design[] design; // each window's design, null when singular
    private final double[] centre;

    /** The sweep of points at {@code x}, each window's design taken from {@code designs}. */
    Sweep(double[] x, int halfWidth, InverseDesigns designs) {
      this.halfWidth = halfWidth;
      values = sortedDistinct(x);
      int k = values.length;
      index = new int[x.length];
      count = new int[k];
      for (int i = 0; i < x.length; i++) {
        index[i] = Arrays.binarySearch(values, x[i]);
        count[index[i]]++;
      }
      int starts = k < 3 ? 0 : k - Math.min(2 * halfWidth + 1, k) + 1;
      window = new int[starts][];
      design = new LinearFit.Design[starts];
      centre = new double[starts];
      for (int lo = 0; lo < starts; lo++) {
        int hi = lo + Math.min(2 * halfWidth + 1, k) - 1;
        int[] in = new int[x.length];
        int m = 0;
        for (int i = 0; i < x.length; i++) {
          if (x[i] >= values[lo] && x[i] <= values[hi]) { // as find chooses its window
            in[m++] = i;
          }
        }
        window[lo] = Arrays.copyOf(in, m);
        double[] wx = new double[m];
        for (int p = 0; p < m; p++) {
          wx[p] = x[window[lo][p]];
        }
        centre[lo] = 0.5 * (values[lo] + values[hi]);
        design[lo] = designs.get(wx, centre[lo]);
      }
    }

    /**
     * The optimum of the losses {@code y} (point i's at this sweep's {@code x[i]}) that {@link
     * #find(double[], double[], int, boolean)} finds with the inverse curve, except where the
     * lowest mean loss is at the smallest or largest value: there no curve is fitted, and the
     * status is {@code EDGE_LOW} or {@code EDGE_HIGH} with a {@code null} fit (find's status would
     * be the same unless the window's design is singular, then {@code NOT_CONVEX}; neither gives a
     * B*).
     */
    Optimum interior(double[] y) {
      int k = values.length;
      if (y.length == 0) {
        return none();
      }
      // The sums and means in find's order.
      double[] mean = new double[k];
      for (int i = 0; i < y.length; i++) {
        mean[index[i]] += y[i];
      }
      int arg = lowestMean(mean, count);
      if (k < 3) {
        return tooFew(values, arg, mean[arg]);
      }
      int lo = windowStart(arg, k, halfWidth);
      int hi = lo + Math.min(2 * halfWidth + 1, k) - 1;
      if (arg == 0 || arg == k - 1) {
        return new Optimum(
            arg == 0 ? Status.EDGE_LOW : Status.EDGE_HIGH,
            null,
            values[arg],
            mean[arg],
            k,
            values[lo],
            values[hi],
            values[0],
            values[k - 1]);
      }
      int[] in = window[lo];
      double[] wy = new double[in.length];
      for (int p = 0; p < in.length; p++) {
        wy[p] = y[in[p]];
      }
      LinearFit.Design d = design[lo];
      Parabola fit = inverseCurve(d == null ? null : d.fit(wy), in.length, centre[lo]);
      return of(fit, true, values, arg, mean[arg], lo, hi);
    }
  }

  /**
   * The designs of {@link #fitInverse}'s windows, each decomposed once ({@link LinearFit.Design}):
   * a bootstrap that redoes every budget's batch-size curve in each resample fits the same few
   * windows (the same batch sizes) to new losses, and the decomposition, most of a fit's work,
   * depends on the batch sizes alone. Keyed by the window's values in order and its centre; safe on
   * many threads.
   */
  static final class InverseDesigns {
    private final ConcurrentHashMap<Key, Optional<LinearFit.Design>> designs =
        new ConcurrentHashMap<>();

    /** The design of the window {@code x} about {@code centre}, {@code null} when singular. */
    LinearFit.Design get(double[] x, double centre) {
      Optional<LinearFit.Design> d = designs.get(new Key(x, centre));
      if (d == null) {
        d =
            designs.computeIfAbsent(
                new Key(x.clone(), centre),
                k -> Optional.ofNullable(LinearFit.Design.of(inverseDesign(k.x, k.centre))));
      }
      return d.orElse(null);
    }

    /** Windows decomposed so far. */
    int size() {
      return designs.size();
    }

    private static final class Key {
      private final double[] x;
      private final double centre;
      private final int hash;

      Key(double[] x, double centre) {
        this.x = x;
        this.centre = centre;
        this.hash = 31 * Arrays.hashCode(x) + Double.hashCode(centre);
      }

      @Override
      public boolean equals(Object o) {
        return o instanceof Key k && Double.compare(k.centre, centre) == 0 && Arrays.equals(k.x, x);
      }

      @Override
      public int hashCode() {
        return hash;
      }
    }
  }
}
