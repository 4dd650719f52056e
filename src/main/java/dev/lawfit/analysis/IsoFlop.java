package dev.lawfit.analysis;

import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.fit.FitResult.Interval;
import dev.lawfit.fit.Progress;
import dev.lawfit.stats.LinearFit;
import dev.lawfit.stats.Parabola;
import dev.lawfit.stats.Parallel;
import dev.lawfit.stats.PowerLawFit;
import dev.lawfit.stats.Resampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Hoffmann's approach 2, the IsoFLOP method (Hoffmann et al. 2022, sec. 3.2): for each compute
 * budget, a least-squares parabola of the loss in log N (and, separately, in log D); its vertex is
 * the budget's optimum N*(C) (D*(C)); then power laws {@code N* = k C^a} and {@code D* = k' C^b}
 * fitted by least squares in log-log. Stateless; randomness only from the explicit seed.
 */
public final class IsoFlop {
  private IsoFlop() {}

  /** How each budget's optimum is estimated. */
  public enum Method {
    /** A parabola through the 2K+1 points around the budget's lowest loss (K = half width). */
    LOCAL,
    /**
     * One parabola through the whole sweep (Hoffmann's approach 2 as published; biased on wide,
     * lopsided sweeps).
     */
    GLOBAL,
    /**
     * Porian et al. 2024: an Akima spline of ln L against ln N, its argmin on a fine grid, a budget
     * dropped when the argmin is at the grid's edge; with draws of seed noise on the losses, the
     * power law weighted by 1 / the draws' variance of ln N* and its interval from the laws of the
     * draws (see {@link AkimaSweep}).
     */
    AKIMA
  }

  /**
   * The estimator and its settings.
   *
   * @param halfWidth K, the points taken each side of the lowest loss by {@link Method#LOCAL} (at
   *     least 1)
   */
  public record Settings(Method method, int halfWidth) {
    /**
     * K = 2: five points, the fewest that leave the parabola residual degrees of freedom for its
     * interval.
     */
    public static final int DEFAULT_HALF_WIDTH = 2;

    public static final Settings DEFAULT = new Settings(Method.LOCAL, DEFAULT_HALF_WIDTH);
    public static final Settings GLOBAL = new Settings(Method.GLOBAL, DEFAULT_HALF_WIDTH);

    /** Checks the half width. */
    public Settings {
      if (halfWidth < 1) {
        throw new IllegalArgumentException("half width must be at least 1");
      }
    }
  }

  /**
   * Grid points per interval between swept sizes on which {@link Method#AKIMA} looks for the
   * spline's minimum.
   */
  public static final int AKIMA_GRID = AkimaSweep.GRID_PER_INTERVAL;

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
   * @param ci95 delta-method 95% interval of the vertex (from the parabola's covariance, Student t
   *     with n - 3 degrees of freedom: {@link Parabola}), or null with fewer than 4 points or no
   *     minimum
   * @param position where the vertex lies in the sweep
   * @param minLoss the parabola's value at the vertex (nats per token), or null
   * @param curvature c in L = minLoss + c (ln x - ln optimum)^2, or null without a minimum: what
   *     draws the parabola
   */
  public record Vertex(
      Double optimum, Interval ci95, Position position, Double minLoss, Double curvature) {}

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
   * The IsoFLOP analysis.
   *
   * @param budgets one entry per budget, increasing C
   * @param params N* = k C^a (parameters k and a): bootstrap percentile intervals when
   *     bootstrapped, else Student t on the log-log regression's standard errors (none with fewer
   *     than 3 budgets)
   * @param tokens D* = k' C^b (parameters k and b)
   * @param bootstrap resamples used (0: intervals from the regressions)
   * @param seed bootstrap seed
   * @param warnings vertices at the edge or outside their sweep, skipped budgets
   * @param settings the estimator that found each budget's optimum
   * @param weighted whether the power laws were weighted (by 1 / bootstrap variance of each ln N*,
   *     ln D*)
   */
  public record Result(
      List<Budget> budgets,
      PowerLawFit params,
      PowerLawFit tokens,
      int bootstrap,
      long seed,
      List<String> warnings,
      Settings settings,
      boolean weighted) {
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
  public static Result fit(
      double[] compute, double[] params, double[] tokens, double[] loss, int bootstrap, long seed)
      throws FitException {
    return fit(compute, params, tokens, loss, bootstrap, seed, Progress.NONE);
  }

  /**
   * As {@link #fit(double[], double[], double[], double[], int, long)}, telling {@code progress} of
   * each resample.
   */
  public static Result fit(
      double[] compute,
      double[] params,
      double[] tokens,
      double[] loss,
      int bootstrap,
      long seed,
      Progress progress)
      throws FitException {
    return fit(compute, params, tokens, loss, Settings.GLOBAL, bootstrap, seed, progress);
  }

  /**
   * As {@link #fit(double[], double[], double[], double[], int, long)} with the estimator {@code
   * settings}; the six-argument forms are {@link Settings#GLOBAL}, the published approach 2.
   */
  public static Result fit(
      double[] compute,
      double[] params,
      double[] tokens,
      double[] loss,
      Settings settings,
      int bootstrap,
      long seed,
      Progress progress)
      throws FitException {
    return fit(compute, params, tokens, loss, settings, bootstrap, seed, 1, progress);
  }

  /**
   * As {@link #fit(double[], double[], double[], double[], Settings, int, long, Progress)},
   * resampling on {@code threads} threads.
   */
  public static Result fit(
      double[] compute,
      double[] params,
      double[] tokens,
      double[] loss,
      Settings settings,
      int bootstrap,
      long seed,
      int threads,
      Progress progress)
      throws FitException {
    int n = loss.length;
    if (compute.length != n || params.length != n || tokens.length != n) {
      throw new FitException(
          Reason.INVALID_DATA, "compute, params, tokens and loss differ in length");
    }
    for (int i = 0; i < n; i++) {
      if (!(compute[i] > 0 && params[i] > 0 && tokens[i] > 0 && loss[i] > 0)
          || !Double.isFinite(compute[i] * params[i] * tokens[i] * loss[i])) {
        throw new FitException(
            Reason.INVALID_DATA, "point " + i + " has a non-positive or" + " non-finite value");
      }
    }
    var groups = new TreeMap<Double, List<Integer>>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(compute[i], c -> new ArrayList<>()).add(i);
    }
    if (settings.method() == Method.AKIMA) {
      return akima(groups, params, tokens, loss, settings, bootstrap, seed, threads, progress);
    }
    var warnings = new ArrayList<String>();
    var budgets = new ArrayList<Budget>();
    var members = new ArrayList<int[]>();
    for (var e : groups.entrySet()) {
      int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      int needed = 3;
      int sizes = (int) Arrays.stream(idx).mapToDouble(i -> params[i]).distinct().count();
      if (sizes < needed) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "budget %.3g has %d model sizes: needs %d for a parabola",
                e.getKey(),
                sizes,
                needed));
        continue;
      }
      var vN = estimate(logs(params, idx), pick(loss, idx), settings);
      var vD = estimate(logs(tokens, idx), pick(loss, idx), settings);
      boolean used = usable(vN.position()) && usable(vD.position());
      for (var pair : List.of(List.of("N*", vN), List.of("D*", vD))) {
        var v = (Vertex) pair.get(1);
        if (v.position() != Position.INSIDE) {
          warnings.add(
              String.format(
                  Locale.ROOT,
                  "budget %.3g: %s %s",
                  e.getKey(),
                  pair.get(0),
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
      throw new FitException(
          Reason.TOO_FEW_POINTS,
          usedCount + " budgets with a bracketed optimum; the power laws need at least 2");
    }
    List<Integer> usedAt = new ArrayList<>();
    for (int k = 0; k < budgets.size(); k++) {
      if (budgets.get(k).used()) {
        usedAt.add(k);
      }
    }
    int m = usedAt.size();
    double[] logC = usedAt.stream().mapToDouble(k -> Math.log(budgets.get(k).compute())).toArray();
    double[] logN =
        usedAt.stream().mapToDouble(k -> Math.log(budgets.get(k).params().optimum())).toArray();
    double[] logD =
        usedAt.stream().mapToDouble(k -> Math.log(budgets.get(k).tokens().optimum())).toArray();

    // Each resample's optima per used budget (NaN: that budget had no bracketed optimum in the
    // resample).
    var reN = new ArrayList<double[]>();
    var reD = new ArrayList<double[]>();
    if (bootstrap > 0) {
      progress.add(bootstrap);
      List<double[][]> drawn =
          Parallel.map(
              threads,
              bootstrap,
              b -> {
                var rng = Resampling.generator(seed, b);
                double[] yN = new double[m];
                double[] yD = new double[m];
                for (int j = 0; j < m; j++) {
                  int[] idx = members.get(usedAt.get(j));
                  int[] re = new int[idx.length];
                  for (int i = 0; i < re.length; i++) {
                    re[i] = idx[rng.nextInt(idx.length)];
                  }
                  yN[j] = Double.NaN;
                  yD[j] = Double.NaN;
                  var rN = estimate(logs(params, re), pick(loss, re), settings);
                  var rD = estimate(logs(tokens, re), pick(loss, re), settings);
                  // Same rule as the estimate: a resample whose parabola has no minimum, or a
                  // minimum
                  // outside the points it drew, does not bracket an optimum and says nothing about
                  // it.
                  if (usable(rN.position()) && usable(rD.position())) {
                    yN[j] = Math.log(rN.optimum());
                    yD[j] = Math.log(rD.optimum());
                  }
                }
                progress.step();
                return new double[][] {yN, yD};
              });
      for (double[][] d : drawn) {
        reN.add(d[0]);
        reD.add(d[1]);
      }
    }
    double[] wN = ones(m);
    double[] wD = ones(m);
    var lineN = line(logC, logN, wN);
    var lineD = line(logC, logD, wD);
    var namesN = PowerLawFit.Names.of("k", "a");
    var namesD = PowerLawFit.Names.of("k", "b");
    var parametersN = PowerLawFit.tIntervals(lineN, namesN);
    var parametersD = PowerLawFit.tIntervals(lineD, namesD);
    String method = "t";
    int failed = 0;
    if (bootstrap > 0) {
      var aN = new ArrayList<double[]>();
      var aD = new ArrayList<double[]>();
      for (int b = 0; b < bootstrap; b++) {
        double[] yN = reN.get(b);
        double[] yD = reD.get(b);
        int[] ok =
            java.util.stream.IntStream.range(0, m).filter(j -> !Double.isNaN(yN[j])).toArray();
        if (ok.length >= 2) {
          double[] x = Arrays.stream(ok).mapToDouble(j -> logC[j]).toArray();
          LinearFit fN =
              line(
                  x,
                  Arrays.stream(ok).mapToDouble(j -> yN[j]).toArray(),
                  Arrays.stream(ok).mapToDouble(j -> wN[j]).toArray());
          LinearFit fD =
              line(
                  x,
                  Arrays.stream(ok).mapToDouble(j -> yD[j]).toArray(),
                  Arrays.stream(ok).mapToDouble(j -> wD[j]).toArray());
          if (fN != null && fD != null) {
            aN.add(namesN.report(fN.beta()));
            aD.add(namesD.report(fD.beta()));
          }
        }
      }
      failed = bootstrap - aN.size();
      if (aN.size() < bootstrap) {
        warnings.add(
            (bootstrap - aN.size())
                + " of "
                + bootstrap
                + " bootstrap resamples had"
                + " fewer than two budgets with a bracketed minimum and were left out");
      }
      if (aN.size() >= 2) {
        parametersN = PowerLawFit.bootstrapped(namesN.report(lineN.beta()), aN, namesN);
        parametersD = PowerLawFit.bootstrapped(namesD.report(lineD.beta()), aD, namesD);
        method = "bootstrap";
      }
    }
    var interval = new PowerLawFit.Interval(method, bootstrap, failed, seed);
    return new Result(
        budgets,
        law("N* = k C^a", parametersN, lineN, interval),
        law("D* = k C^b", parametersD, lineD, interval),
        bootstrap,
        seed,
        warnings,
        settings,
        false);
  }

  /**
   * Porian et al. 2024's IsoFLOP estimator (see {@link AkimaSweep}): each budget's optimum from the
   * Akima spline's argmin; with draws of seed noise, the power laws weighted by 1 / the draws'
   * variance in ln N* (ln D*), their intervals the percentiles of the laws fitted to each draw.
   */
  private static Result akima(
      TreeMap<Double, List<Integer>> groups,
      double[] params,
      double[] tokens,
      double[] loss,
      Settings settings,
      int draws,
      long seed,
      int threads,
      dev.lawfit.fit.Progress progress)
      throws FitException {
    var warnings = new ArrayList<String>();
    var budgets = new ArrayList<Budget>();
    var sweeps = new ArrayList<AkimaSweep[]>(); // {N, D} of each budget in budgets
    for (var e : groups.entrySet()) {
      int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      var sweep =
          new AkimaSweep[] {
            AkimaSweep.of(logs(params, idx), pick(loss, idx)),
            AkimaSweep.of(logs(tokens, idx), pick(loss, idx))
          };
      if (sweep[0].size() < AkimaSweep.MIN_POINTS || sweep[1].size() < AkimaSweep.MIN_POINTS) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "budget %.3g has %d model sizes: needs %d for an Akima spline",
                e.getKey(),
                sweep[0].size(),
                AkimaSweep.MIN_POINTS));
        continue;
      }
      sweeps.add(sweep);
      budgets.add(new Budget(e.getKey(), idx.length, null, null, false));
    }
    int k = budgets.size();
    // Draw b: one generator from (seed, b), every budget's N then D in order, so the numbers do not
    // depend on threads.
    double[][][] drawn = new double[k][2][draws];
    if (draws > 0) {
      progress.add(draws);
      Parallel.forEach(
          threads,
          draws,
          b -> {
            var random = Resampling.generator(seed, b);
            for (int j = 0; j < k; j++) {
              for (int v = 0; v < 2; v++) {
                drawn[j][v][b] = sweeps.get(j)[v].noised(random);
              }
            }
            progress.step();
          });
    }
    double[][] sd = new double[k][2];
    for (int j = 0; j < k; j++) {
      var vertices = new Vertex[2];
      boolean used = true;
      for (int v = 0; v < 2; v++) {
        AkimaSweep sweep = sweeps.get(j)[v];
        int g = sweep.argmin();
        double[] x = sweep.x();
        double star = sweep.at(g);
        Position position =
            !sweep.interior(g)
                ? Position.OUTSIDE
                : star < x[1] || star > x[x.length - 2] ? Position.EDGE : Position.INSIDE;
        String name = v == 0 ? "N*" : "D*";
        if (position == Position.OUTSIDE) {
          warnings.add(
              String.format(
                  Locale.ROOT,
                  "budget %.3g: %s is at the edge of the spline's grid: not an optimum,"
                      + " budget left out",
                  budgets.get(j).compute(),
                  name));
          used = false;
        } else if (draws > 0) {
          // The observation stays the argmin of the losses as logged (Porian et al.'s published
          // per-budget N* are
          // those, not the draws' medians); the draws give its standard deviation, hence its
          // weight.
          var summary = sweep.summarise(drawn[j][v]);
          if (summary == null) {
            warnings.add(
                String.format(
                    Locale.ROOT,
                    "budget %.3g: %s is at the edge of the grid in more than half of"
                        + " the seed-noise draws: budget left out",
                    budgets.get(j).compute(),
                    name));
            used = false;
          } else {
            sd[j][v] = summary.sd();
          }
        }
        if (position == Position.EDGE) {
          warnings.add(
              String.format(
                  Locale.ROOT,
                  "budget %.3g: %s is at the edge of the sweep (only just bracketed)",
                  budgets.get(j).compute(),
                  name));
        }
        vertices[v] = new Vertex(Math.exp(star), null, position, sweep.lossAt(g), null);
      }
      var budget = budgets.get(j);
      budgets.set(j, new Budget(budget.compute(), budget.points(), vertices[0], vertices[1], used));
    }
    int[] usedAt =
        java.util.stream.IntStream.range(0, k).filter(j -> budgets.get(j).used()).toArray();
    if (usedAt.length < 2) {
      throw new FitException(
          Reason.TOO_FEW_POINTS,
          usedAt.length + " budgets with a bracketed optimum; the power laws need at least 2");
    }
    double[] logC =
        Arrays.stream(usedAt).mapToDouble(j -> Math.log(budgets.get(j).compute())).toArray();
    var names =
        new PowerLawFit.Names[] {PowerLawFit.Names.of("k", "a"), PowerLawFit.Names.of("k", "b")};
    var lines = new LinearFit[2];
    List<java.util.Map<String, PowerLawFit.Parameter>> parameters = new ArrayList<>();
    int failed = 0;
    for (int v = 0; v < 2; v++) {
      final int var = v;
      double[] y =
          Arrays.stream(usedAt)
              .mapToDouble(
                  j ->
                      Math.log(
                          var == 0
                              ? budgets.get(j).params().optimum()
                              : budgets.get(j).tokens().optimum()))
              .toArray();
      double[] w =
          draws > 0
              ? Arrays.stream(usedAt).mapToDouble(j -> 1 / (sd[j][var] * sd[j][var])).toArray()
              : ones(y.length);
      lines[v] = line(logC, y, w);
      var laws = PowerLawFit.tIntervals(lines[v], names[v]);
      if (draws > 0) {
        var fits = new ArrayList<double[]>();
        for (int b = 0; b < draws; b++) {
          final int at = b;
          int[] ok = Arrays.stream(usedAt).filter(j -> !Double.isNaN(drawn[j][var][at])).toArray();
          if (ok.length >= 2) {
            LinearFit f =
                line(
                    Arrays.stream(ok)
                        .mapToDouble(j -> Math.log(budgets.get(j).compute()))
                        .toArray(),
                    Arrays.stream(ok).mapToDouble(j -> drawn[j][var][at]).toArray(),
                    Arrays.stream(ok).mapToDouble(j -> 1 / (sd[j][var] * sd[j][var])).toArray());
            if (f != null) {
              fits.add(names[v].report(f.beta()));
            }
          }
        }
        failed = Math.max(failed, draws - fits.size());
        if (fits.size() >= 2) {
          laws = PowerLawFit.bootstrapped(names[v].report(lines[v].beta()), fits, names[v]);
        }
      }
      parameters.add(laws);
    }
    var interval = new PowerLawFit.Interval(draws > 0 ? "seed noise" : "t", draws, failed, seed);
    return new Result(
        budgets,
        law("N* = k C^a", parameters.get(0), lines[0], interval),
        law("D* = k C^b", parameters.get(1), lines[1], interval),
        draws,
        seed,
        warnings,
        settings,
        draws > 1);
  }

  /** The law of one optimum in log-log, for the result. */
  private static PowerLawFit law(
      String formula,
      java.util.Map<String, PowerLawFit.Parameter> parameters,
      LinearFit line,
      PowerLawFit.Interval interval) {
    double rmse = Math.sqrt(Math.max(0, line.residualVariance() * line.df() / line.n()));
    return new PowerLawFit(
        formula,
        "compute",
        parameters,
        line.n(),
        line.r2(),
        Double.isFinite(rmse) ? rmse : null,
        interval,
        List.of());
  }

  private static double[] ones(int m) {
    double[] w = new double[m];
    Arrays.fill(w, 1);
    return w;
  }

  /** One budget's optimum of L over x = ln N (or ln D) by the chosen estimator. */
  static Vertex estimate(double[] x, double[] y, Settings settings) {
    return switch (settings.method()) {
      case GLOBAL -> vertex(x, y);
      case LOCAL -> local(x, y, settings.halfWidth());
      case AKIMA ->
          throw new IllegalArgumentException(
              "the Akima estimator works on whole sweeps: see AkimaSweep");
    };
  }

  /**
   * The parabola through the points around the lowest loss: sorted by x, the K points each side of
   * the minimum (fewer where the sweep ends). Where the vertex lies is judged against those points.
   */
  static Vertex local(double[] x, double[] y, int halfWidth) {
    int[] window = window(x, y, halfWidth);
    double[] wx = new double[window.length];
    double[] wy = new double[window.length];
    for (int r = 0; r < window.length; r++) {
      wx[r] = x[window[r]];
      wy[r] = y[window[r]];
    }
    return vertex(wx, wy);
  }

  /**
   * The points {@link Method#LOCAL} fits, as indices in order of x: the K points each side of the
   * lowest loss (fewer where the sweep ends). x may be N or ln N: the order is the same.
   */
  public static int[] window(double[] x, double[] y, int halfWidth) {
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (p, q) -> Double.compare(x[p], x[q]));
    int min = 0;
    for (int r = 1; r < order.length; r++) {
      if (y[order[r]] < y[order[min]]) {
        min = r;
      }
    }
    int from = Math.max(0, min - halfWidth);
    int to = Math.min(order.length - 1, min + halfWidth);
    int[] window = new int[to - from + 1];
    for (int r = from; r <= to; r++) {
      window[r - from] = order[r];
    }
    return window;
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
   * The least-squares parabola of L in x ({@link Parabola}, centred for conditioning), its vertex
   * x*, and the vertex's delta-method interval; where the vertex lies in the sweep.
   */
  static Vertex vertex(double[] x, double[] y) {
    Parabola p = Parabola.fit(x, y);
    if (p == null || !(p.curvature() > 1e-12 * Math.abs(p.centreValue()))) {
      return new Vertex(null, null, Position.NO_MINIMUM, null, null);
    }
    double xStar = p.vertex();
    double xmin = Arrays.stream(x).min().orElseThrow();
    double xmax = Arrays.stream(x).max().orElseThrow();
    double[] distinct = Arrays.stream(x).distinct().sorted().toArray();
    Position pos;
    if (xStar < xmin || xStar > xmax) {
      pos = Position.OUTSIDE;
    } else if (distinct.length < 3
        || xStar < distinct[1]
        || xStar > distinct[distinct.length - 2]) {
      pos = Position.EDGE;
    } else {
      pos = Position.INSIDE;
    }
    Interval ci =
        p.hasIntervals() ? new Interval(Math.exp(p.vertexLow()), Math.exp(p.vertexHigh())) : null;
    return new Vertex(Math.exp(xStar), ci, pos, p.minimum(), p.curvature());
  }

  /**
   * Weighted least squares y = c0 + c1 x with weights w, relative: the residual variance is
   * estimated from the weighted residuals ({@link LinearFit}); through two points exactly, without
   * standard errors; {@code null} when x does not vary.
   */
  static LinearFit line(double[] x, double[] y, double[] w) {
    double[][] design = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      design[i] = new double[] {x[i]};
    }
    LinearFit f = LinearFit.of(design, y, w);
    if (f == null && x.length == 2) {
      double[] beta =
          LinearFit.coefficients(design, y, w); // no residual degrees of freedom: no covariance
      return beta == null ? null : new LinearFit(beta, null, null, Double.NaN, 2, 1);
    }
    return f;
  }
}
