package dev.lawfit.analysis;

import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.fit.FitResult.Interval;
import dev.lawfit.fit.Statistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Hoffmann's approach 2, the IsoFLOP method (Hoffmann et al. 2022, sec. 3.2): for each compute
 * budget, a least-squares parabola of the loss in log N (and, separately, in log D); its vertex is
 * the budget's optimum N*(C) (D*(C)); then power laws {@code N* = k C^a} and {@code D* = k' C^b}
 * fitted by least squares in log-log. Stateless; randomness only from the explicit seed.
 */
public final class IsoFlop {
  private IsoFlop() {}

  private static final double Z95 = 1.959963984540054;

  /** Where a budget's vertex lies relative to the sizes it swept. */
  public enum Position {
    /** Strictly between the second-smallest and second-largest swept values. */
    INSIDE,
    /** Between an extreme swept value and its neighbour: an optimum only just bracketed. */
    EDGE,
    /** Outside the swept range: not an optimum (Hoffmann: the sweep must bracket it). */
    OUTSIDE,
    /** The parabola opens downwards or is flat: no minimum. */
    NO_MINIMUM
  }

  /**
   * One budget's parabola and vertex for one variable (N or D).
   *
   * @param optimum vertex, in the variable's units; null when there is no minimum
   * @param ci95 delta-method 95% interval of the vertex (from the parabola's covariance), or null
   *     with fewer than 4 points or no minimum
   * @param position where the vertex lies in the sweep
   * @param minLoss the parabola's value at the vertex (nats per token), or null
   * @param curvature c in L = minLoss + c (ln x - ln optimum)^2, or null without a minimum: what
   *     draws the parabola
   */
  public record Vertex(Double optimum, Interval ci95, Position position, Double minLoss, Double curvature) {}

  /**
   * One budget.
   *
   * @param compute the budget C, FLOPs
   * @param points points in its sweep
   * @param params vertex of L(log N)
   * @param tokens vertex of L(log D)
   * @param used whether both vertices entered the power-law fits (INSIDE or EDGE)
   */
  public record Budget(double compute, int points, Vertex params, Vertex tokens, boolean used) {}

  /**
   * A power law {@code y = coefficient * C^exponent} fitted in log-log.
   *
   * @param exponentCi95 bootstrap percentile interval when bootstrapped, else Wald from the
   *     log-log regression (null with fewer than 3 budgets)
   */
  public record PowerLawFit(double coefficient, double exponent, Interval coefficientCi95,
      Interval exponentCi95, int budgets) {}

  /**
   * The IsoFLOP analysis.
   *
   * @param budgets one entry per budget, increasing C
   * @param params N* = k C^a
   * @param tokens D* = k' C^b
   * @param bootstrap resamples used (0: intervals from the regressions)
   * @param seed bootstrap seed
   * @param warnings vertices at the edge or outside their sweep, skipped budgets
   */
  public record Result(List<Budget> budgets, PowerLawFit params, PowerLawFit tokens,
      int bootstrap, long seed, List<String> warnings) {
    /** Copies lists. */
    public Result {
      budgets = List.copyOf(budgets);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Runs the IsoFLOP method. Points are grouped by exactly equal {@code compute}.
   *
   * @param compute budget C of each point, FLOPs
   * @param params N of each point
   * @param tokens D of each point
   * @param loss loss of each point, nats per token
   * @param bootstrap resamples (points resampled within each budget), 0 for none
   * @param seed bootstrap seed; the same seed gives the same numbers
   * @throws FitException INVALID_DATA for mismatched lengths or non-positive/non-finite values;
   *     TOO_FEW_POINTS when fewer than two budgets have a bracketed optimum
   */
  public static Result fit(double[] compute, double[] params, double[] tokens, double[] loss,
      int bootstrap, long seed) throws FitException {
    return fit(compute, params, tokens, loss, bootstrap, seed, dev.lawfit.fit.Progress.NONE);
  }

  /** As {@link #fit(double[], double[], double[], double[], int, long)}, telling {@code progress} of each resample. */
  public static Result fit(double[] compute, double[] params, double[] tokens, double[] loss,
      int bootstrap, long seed, dev.lawfit.fit.Progress progress) throws FitException {
    int n = loss.length;
    if (compute.length != n || params.length != n || tokens.length != n) {
      throw new FitException(Reason.INVALID_DATA, "compute, params, tokens and loss differ in length");
    }
    for (int i = 0; i < n; i++) {
      if (!(compute[i] > 0 && params[i] > 0 && tokens[i] > 0 && loss[i] > 0)
          || !Double.isFinite(compute[i] * params[i] * tokens[i] * loss[i])) {
        throw new FitException(Reason.INVALID_DATA, "point " + i + " has a non-positive or"
            + " non-finite value");
      }
    }
    var groups = new TreeMap<Double, List<Integer>>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(compute[i], c -> new ArrayList<>()).add(i);
    }
    var warnings = new ArrayList<String>();
    var budgets = new ArrayList<Budget>();
    var members = new ArrayList<int[]>();
    for (var e : groups.entrySet()) {
      int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      if (idx.length < 3) {
        warnings.add(String.format(Locale.ROOT, "budget %.3g has %d points: needs 3 for a parabola",
            e.getKey(), idx.length));
        continue;
      }
      var vN = vertex(logs(params, idx), pick(loss, idx));
      var vD = vertex(logs(tokens, idx), pick(loss, idx));
      boolean used = usable(vN.position()) && usable(vD.position());
      for (var pair : List.of(List.of("N*", vN), List.of("D*", vD))) {
        var v = (Vertex) pair.get(1);
        if (v.position() != Position.INSIDE) {
          warnings.add(String.format(Locale.ROOT, "budget %.3g: %s %s", e.getKey(), pair.get(0),
              switch (v.position()) {
                case EDGE -> "is at the edge of the sweep (only just bracketed)";
                case OUTSIDE -> "lies outside the sweep: not an optimum, budget left out";
                case NO_MINIMUM -> "has no minimum (parabola opens downwards), budget left out";
                default -> "";
              }));
        }
      }
      budgets.add(new Budget(e.getKey(), idx.length, vN, vD, used));
      members.add(idx);
    }
    int usedCount = (int) budgets.stream().filter(Budget::used).count();
    if (usedCount < 2) {
      throw new FitException(Reason.TOO_FEW_POINTS,
          usedCount + " budgets with a bracketed optimum; the power laws need at least 2");
    }
    double[] logC = budgets.stream().filter(Budget::used).mapToDouble(b -> Math.log(b.compute())).toArray();
    double[] logN = budgets.stream().filter(Budget::used).mapToDouble(b -> Math.log(b.params().optimum())).toArray();
    double[] logD = budgets.stream().filter(Budget::used).mapToDouble(b -> Math.log(b.tokens().optimum())).toArray();
    var lineN = line(logC, logN);
    var lineD = line(logC, logD);

    Interval[] ciN = waldIntervals(lineN, logC.length);
    Interval[] ciD = waldIntervals(lineD, logC.length);
    if (bootstrap > 0) {
      var aN = new ArrayList<double[]>();
      var aD = new ArrayList<double[]>();
      progress.add(bootstrap);
      for (int b = 0; b < bootstrap; b++, progress.step()) {
        // One generator per resample, from (seed, index): reproducible and order-independent.
        var rng = new SplittableRandom(Statistics.resampleSeed(seed, b));
        var xs = new ArrayList<Double>();
        var yN = new ArrayList<Double>();
        var yD = new ArrayList<Double>();
        for (int k = 0; k < budgets.size(); k++) {
          if (!budgets.get(k).used()) {
            continue;
          }
          int[] idx = members.get(k);
          int[] re = new int[idx.length];
          for (int i = 0; i < re.length; i++) {
            re[i] = idx[rng.nextInt(idx.length)];
          }
          var rN = vertex(logs(params, re), pick(loss, re));
          var rD = vertex(logs(tokens, re), pick(loss, re));
          // Same rule as the estimate: a resample whose parabola has no minimum, or a minimum
          // outside the points it drew, does not bracket an optimum and says nothing about it.
          if (usable(rN.position()) && usable(rD.position())) {
            xs.add(Math.log(budgets.get(k).compute()));
            yN.add(Math.log(rN.optimum()));
            yD.add(Math.log(rD.optimum()));
          }
        }
        if (xs.size() >= 2) {
          double[] x = xs.stream().mapToDouble(Double::doubleValue).toArray();
          aN.add(line(x, yN.stream().mapToDouble(Double::doubleValue).toArray()));
          aD.add(line(x, yD.stream().mapToDouble(Double::doubleValue).toArray()));
        }
      }
      if (aN.size() < bootstrap) {
        warnings.add((bootstrap - aN.size()) + " of " + bootstrap + " bootstrap resamples had"
            + " fewer than two budgets with a bracketed minimum and were left out");
      }
      if (aN.size() >= 2) {
        ciN = percentileIntervals(aN);
        ciD = percentileIntervals(aD);
      }
    }
    return new Result(budgets,
        new PowerLawFit(Math.exp(lineN[0]), lineN[1], ciN[0], ciN[1], logC.length),
        new PowerLawFit(Math.exp(lineD[0]), lineD[1], ciD[0], ciD[1], logC.length),
        bootstrap, seed, warnings);
  }

  private static boolean usable(Position p) {
    return p == Position.INSIDE || p == Position.EDGE;
  }

  private static double[] logs(double[] a, int[] idx) {
    return Arrays.stream(idx).mapToDouble(i -> Math.log(a[i])).toArray();
  }

  private static double[] pick(double[] a, int[] idx) {
    return Arrays.stream(idx).mapToDouble(i -> a[i]).toArray();
  }

  /**
   * Least-squares parabola L = c0 + c1 u + c2 u^2 in u = x - mean(x) (centred for conditioning),
   * its vertex x* = mean - c1 / (2 c2), and a delta-method interval from the coefficients'
   * covariance sigma^2 (X^T X)^-1.
   */
  static Vertex vertex(double[] x, double[] y) {
    int n = x.length;
    double mean = Arrays.stream(x).average().orElse(0);
    // Normal equations of a 3-parameter fit; solved by Commons Math LU, condition checked.
    double[][] xtx = new double[3][3];
    double[] xty = new double[3];
    for (int i = 0; i < n; i++) {
      double u = x[i] - mean;
      double[] row = {1, u, u * u};
      for (int a = 0; a < 3; a++) {
        xty[a] += row[a] * y[i];
        for (int b = 0; b < 3; b++) {
          xtx[a][b] += row[a] * row[b];
        }
      }
    }
    var lu = new org.apache.commons.math3.linear.LUDecomposition(
        new org.apache.commons.math3.linear.Array2DRowRealMatrix(xtx), 1e-12);
    if (!lu.getSolver().isNonSingular()) {
      return new Vertex(null, null, Position.NO_MINIMUM, null, null);
    }
    double[] c = lu.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(xty)).toArray();
    double xmin = Arrays.stream(x).min().orElseThrow();
    double xmax = Arrays.stream(x).max().orElseThrow();
    if (!(c[2] > 1e-12 * Math.abs(c[0]))) {
      return new Vertex(null, null, Position.NO_MINIMUM, null, null);
    }
    double uStar = -c[1] / (2 * c[2]);
    double xStar = mean + uStar;
    double minLoss = c[0] + c[1] * uStar + c[2] * uStar * uStar;
    double[] distinct = Arrays.stream(x).distinct().sorted().toArray();
    Position pos;
    if (xStar < xmin || xStar > xmax) {
      pos = Position.OUTSIDE;
    } else if (distinct.length < 3 || xStar < distinct[1] || xStar > distinct[distinct.length - 2]) {
      pos = Position.EDGE;
    } else {
      pos = Position.INSIDE;
    }
    Interval ci = null;
    if (n > 3) {
      double ss = 0;
      for (int i = 0; i < n; i++) {
        double u = x[i] - mean;
        double r = y[i] - (c[0] + c[1] * u + c[2] * u * u);
        ss += r * r;
      }
      double sigma2 = ss / (n - 3);
      var inv = lu.getSolver().getInverse();
      // d u* / d c1 = -1/(2 c2), d u* / d c2 = c1 / (2 c2^2)
      double g1 = -1 / (2 * c[2]);
      double g2 = c[1] / (2 * c[2] * c[2]);
      double var = sigma2 * (g1 * g1 * inv.getEntry(1, 1) + 2 * g1 * g2 * inv.getEntry(1, 2)
          + g2 * g2 * inv.getEntry(2, 2));
      double se = Math.sqrt(Math.max(var, 0));
      ci = new Interval(Math.exp(xStar - Z95 * se), Math.exp(xStar + Z95 * se));
    }
    return new Vertex(Math.exp(xStar), ci, pos, minLoss, c[2]);
  }

  /** Ordinary least squares y = c0 + c1 x: {c0, c1, se(c0), se(c1)} (se NaN with 2 points). */
  static double[] line(double[] x, double[] y) {
    int n = x.length;
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
    }
    double slope = sxy / sxx;
    double intercept = my - slope * mx;
    double seSlope = Double.NaN;
    double seIntercept = Double.NaN;
    if (n > 2) {
      double ss = 0;
      for (int i = 0; i < n; i++) {
        double r = y[i] - intercept - slope * x[i];
        ss += r * r;
      }
      double s2 = ss / (n - 2);
      seSlope = Math.sqrt(s2 / sxx);
      seIntercept = Math.sqrt(s2 * (1.0 / n + mx * mx / sxx));
    }
    return new double[] {intercept, slope, seIntercept, seSlope};
  }

  private static Interval[] waldIntervals(double[] line, int budgets) {
    if (budgets < 3) {
      return new Interval[] {null, null};
    }
    return new Interval[] {
      new Interval(Math.exp(line[0] - Z95 * line[2]), Math.exp(line[0] + Z95 * line[2])),
      new Interval(line[1] - Z95 * line[3], line[1] + Z95 * line[3])
    };
  }

  private static Interval[] percentileIntervals(List<double[]> lines) {
    double[] k = lines.stream().mapToDouble(l -> Math.exp(l[0])).toArray();
    double[] a = lines.stream().mapToDouble(l -> l[1]).toArray();
    return new Interval[] {
      new Interval(Statistics.percentile(k, 0.025), Statistics.percentile(k, 0.975)),
      new Interval(Statistics.percentile(a, 0.025), Statistics.percentile(a, 0.975))
    };
  }
}
