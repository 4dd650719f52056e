package dev.lawfit.analysis;

import dev.lawfit.stats.Quantiles;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.analysis.polynomials.PolynomialFunction;
import org.apache.commons.math3.analysis.polynomials.PolynomialSplineFunction;

/**
 * One IsoFLOP budget's sweep in one variable (x = ln N or ln D) under Porian et al. 2024's
 * estimator, as their code does it (formll/resolving-scaling-law-discrepancies at 0dc60d9,
 * analysis.py: {@code interp_flop}, {@code interpolation}, {@code
 * vectorized_interp_with_seed_noise}, {@code get_noise_for_loss}):
 *
 * <ul>
 *   <li>the lowest loss of each distinct x (their {@code groupby_action='min'});
 *   <li>an Akima spline of ln L against x, evaluated on {@link #GRID_PER_INTERVAL} grid points per
 *       interval between swept sizes ({@code np.geomspace(min, max, (n - 1) * 25)}), its argmin the
 *       optimum; an argmin at either end of the grid is no optimum;
 *   <li>seed noise: each loss plus a normal draw of standard deviation {@link #seedNoise(double)},
 *       the spline's argmin again, many times; the draws whose argmin is interior give the
 *       optimum's standard deviation in x, floored at {@link #MIN_SD_FACTOR} x 25 grid steps and
 *       inflated by draws / interior draws (the optimum itself stays the argmin of the losses as
 *       logged: their published per-budget N* are those, not the draws' median).
 * </ul>
 *
 * Immutable.
 */
final class AkimaSweep {
  /**
   * Grid points per interval between swept sizes (Porian et al.'s {@code interp_num_multiplier}).
   */
  static final int GRID_PER_INTERVAL = 25;

  /** Distinct sizes a budget needs (their code skips a budget with fewer than 3 points). */
  static final int MIN_POINTS = 3;

  /**
   * Floor of a budget's standard deviation in x, in units of 25 grid steps ({@code
   * min_std_factor}).
   */
  static final double MIN_SD_FACTOR = 0.33;

  /**
   * Seed noise (standard deviation of a loss, nats) at and below {@link #LOSS_LOW}, and at and
   * above {@link #LOSS_HIGH}.
   */
  static final double NOISE_LOW = 0.005;

  static final double NOISE_HIGH = 0.1;
  static final double LOSS_LOW = 3;
  static final double LOSS_HIGH = 6;

  private final double[] x;
  private final double[] loss;
  private final double[] grid;
  private final PolynomialSplineFunction logged; // ln L as logged, built once; null below 3 sizes

  private AkimaSweep(double[] x, double[] loss) {
    this.x = x;
    this.loss = loss;
    // A sweep of fewer sizes is reported and skipped by the caller (size() < MIN_POINTS); it has
    // no spline, so building one must not fail first.
    this.logged = x.length >= MIN_POINTS ? spline(x, logs(loss)) : null;
    int m = (x.length - 1) * GRID_PER_INTERVAL;
    grid = new double[m];
    for (int g = 0; g < m; g++) {
      grid[g] = g == m - 1 ? x[x.length - 1] : x[0] + (x[x.length - 1] - x[0]) * g / (m - 1);
    }
  }

  /**
   * Sizes closer than this in x = ln N are one size: a sweep never holds two models 0.01% apart,
   * but points digitised from a figure write one size with different last digits (the Chinchilla
   * IsoFLOP points have sizes 2.4e-7 apart in ln N), and a spline through two knots that close has
   * chords of 1e4 and dips to losses of 1e-91 (scipy's Akima1DInterpolator does the same).
   */
  static final double SAME_SIZE = 1e-4;

  /**
   * The sweep of points (x, loss): the lowest loss of each distinct x (x within {@link #SAME_SIZE}
   * of the previous distinct x counts as it), in increasing x.
   */
  static AkimaSweep of(double[] x, double[] loss) {
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (i, j) -> Double.compare(x[i], x[j]));
    double[] xs = new double[x.length];
    double[] ls = new double[x.length];
    int k = 0; // distinct sizes so far; xs[k - 1] is the first x of the latest one
    for (int i : order) {
      if (k > 0 && x[i] - xs[k - 1] < SAME_SIZE) {
        ls[k - 1] = Math.min(ls[k - 1], loss[i]);
      } else {
        xs[k] = x[i];
        ls[k++] = loss[i];
      }
    }
    return new AkimaSweep(Arrays.copyOf(xs, k), Arrays.copyOf(ls, k));
  }

  /** Distinct sizes swept. */
  int size() {
    return x.length;
  }

  /** The swept x, increasing. */
  double[] x() {
    return x.clone();
  }

  /** Grid point g's x. */
  double at(int g) {
    return grid[g];
  }

  /** Whether grid point g is an optimum: not at either end of the grid. */
  boolean interior(int g) {
    return g > 0 && g < grid.length - 1;
  }

  /** One grid step in x. */
  double step() {
    return grid[1] - grid[0];
  }

  /** The grid index of the minimum of the Akima spline through (x, ln losses). */
  int argmin(double[] losses) {
    return argmin(spline(x, logs(losses)));
  }

  private int argmin(PolynomialSplineFunction spline) {
    int best = 0;
    double bestValue = Double.POSITIVE_INFINITY;
    for (int g = 0; g < grid.length; g++) {
      double v = spline.value(grid[g]);
      if (v < bestValue) {
        bestValue = v;
        best = g;
      }
    }
    return best;
  }

  /** The grid index of the minimum of the spline through the losses as logged. */
  int argmin() {
    return argmin(logged);
  }

  /** The spline's value at grid point g, as a loss (nats per token). */
  double lossAt(int g) {
    return Math.exp(logged.value(grid[g]));
  }

  private static double[] logs(double[] losses) {
    double[] ln = new double[losses.length];
    for (int i = 0; i < ln.length; i++) {
      ln[i] = Math.log(losses[i]);
    }
    return ln;
  }

  /**
   * Akima's 1970 spline through (x, y), x increasing, at least 3 points: at each point the slope
   * (|m_i+1 - m_i| m_i-1 + |m_i-1 - m_i-2| m_i) / (|m_i+1 - m_i| + |m_i-1 - m_i-2|) of the
   * neighbouring chords m, the two chords beyond each end extrapolated as m_-1 = 2 m_0 - m_1
   * (Akima, J. ACM 17(4) 1970, eqs. 1-2 and 8; what scipy's Akima1DInterpolator, which Porian et
   * al. use, does). Commons Math's AkimaSplineInterpolator differs at the ends (three-point
   * derivatives) and needs 5 points; the first and last budgets' optima sit near those ends.
   */
  static PolynomialSplineFunction spline(double[] x, double[] y) {
    int n = x.length;
    double[] m = new double[n + 3]; // m[k + 2]: chord k, two extrapolated chords each side
    for (int k = 0; k < n - 1; k++) {
      m[k + 2] = (y[k + 1] - y[k]) / (x[k + 1] - x[k]);
    }
    m[1] = 2 * m[2] - m[3];
    m[0] = 2 * m[1] - m[2];
    m[n + 1] = 2 * m[n] - m[n - 1];
    m[n + 2] = 2 * m[n + 1] - m[n];
    double[] weights = new double[n];
    double largest = 0;
    for (int i = 0; i < n; i++) {
      weights[i] = Math.abs(m[i + 3] - m[i + 2]) + Math.abs(m[i + 1] - m[i]);
      largest = Math.max(largest, weights[i]);
    }
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      double after = Math.abs(m[i + 3] - m[i + 2]);
      double before = Math.abs(m[i + 1] - m[i]);
      // Where both pairs of chords are equal the formula is 0/0: Akima's rule takes the mean of the
      // two chords.
      t[i] =
          weights[i] > 1e-9 * largest
              ? (after * m[i + 1] + before * m[i + 2]) / weights[i]
              : (m[i + 1] + m[i + 2]) / 2;
    }
    var pieces = new PolynomialFunction[n - 1];
    for (int k = 0; k < n - 1; k++) {
      double h = x[k + 1] - x[k];
      double chord = m[k + 2];
      // The cubic Hermite piece with values y and slopes t at both ends, in u = x - x_k.
      pieces[k] =
          new PolynomialFunction(
              new double[] {
                y[k],
                t[k],
                (3 * chord - 2 * t[k] - t[k + 1]) / h,
                (t[k] + t[k + 1] - 2 * chord) / (h * h)
              });
    }
    return new PolynomialSplineFunction(x, pieces);
  }

  /**
   * Seed noise of a loss (nats): {@link #NOISE_LOW} up to {@link #LOSS_LOW}, {@link #NOISE_HIGH}
   * from {@link #LOSS_HIGH}, log-log linear between (Porian et al. 2024, analysis.py {@code
   * get_noise_for_loss}).
   */
  static double seedNoise(double loss) {
    if (loss <= LOSS_LOW) {
      return NOISE_LOW;
    }
    if (loss >= LOSS_HIGH) {
      return NOISE_HIGH;
    }
    double t = Math.log(loss / LOSS_LOW) / Math.log(LOSS_HIGH / LOSS_LOW);
    return Math.exp(Math.log(NOISE_LOW) + t * Math.log(NOISE_HIGH / NOISE_LOW));
  }

  /**
   * The argmin x of one draw of seed noise, NaN when the argmin is at the grid's edge (no optimum).
   */
  double noised(SplittableRandom random) {
    double[] noisy = new double[loss.length];
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = loss[i] + seedNoise(loss[i]) * random.nextGaussian();
      if (!(noisy[i] > 0)) {
        return Double.NaN;
      }
    }
    int g = argmin(noisy);
    return interior(g) ? grid[g] : Double.NaN;
  }

  /**
   * What the draws say of the optimum.
   *
   * @param median median x of the interior draws (Porian et al.'s observation, {@code
   *     bs_median_as_obs})
   * @param sd standard deviation of x over the interior draws, floored and inflated as their code
   *     does
   * @param interior draws whose argmin was interior
   */
  record Draws(double median, double sd, int interior) {}

  /**
   * The summary of draws (NaN for a draw with no optimum); null when fewer than half had an
   * optimum.
   */
  Draws summarise(double[] draws) {
    double[] ok = Arrays.stream(draws).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (ok.length == 0 || ok.length < draws.length / 2) {
      return null;
    }
    int n = ok.length;
    double median = Quantiles.ofSorted(ok, 0.5); // type 7: the middle value, or the mean of the two
    // Compensated summation (DoubleStream.average), as the published figures were computed with.
    double mean = Arrays.stream(ok).average().orElseThrow();
    // np.std: the population standard deviation (ddof = 0), as their code takes it.
    double sd = Math.sqrt(Arrays.stream(ok).map(v -> (v - mean) * (v - mean)).sum() / n);
    sd = Math.max(sd, MIN_SD_FACTOR * GRID_PER_INTERVAL * step()) * draws.length / n;
    return new Draws(median, sd, n);
  }
}
