package dev.lawfit.fit;

import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.fit.FitResult.Interval;
import dev.lawfit.fit.FitResult.ParameterEstimate;
import dev.lawfit.law.Law;
import dev.lawfit.stats.Quantiles;
import dev.lawfit.stats.Resampling;
import dev.lawfit.stats.Summary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Fits a {@link Law} to {@link Observations}: multi-start Levenberg–Marquardt (Commons Math) on
 * the exact objective, covariance or bootstrap uncertainty, identifiability warnings, fit quality.
 * Stateless and thread-safe; threads are created per call and released before it returns.
 */
public final class Fitter {

  /** Relative tolerance within which a start counts as reaching the best objective. */
  public static final double BEST_TOLERANCE = 1e-6;

  private static final double Z95 = 1.959963984540054;

  private Fitter() {}

  /**
   * Fits {@code law} to {@code obs}.
   *
   * @throws FitException BAD_OPTION for an unknown or out-of-domain fixed parameter or a cluster
   *     bootstrap without clusters; INVALID_DATA for missing, non-finite or non-positive inputs or
   *     inputs that cannot identify the law (one model size for a law in N); TOO_FEW_POINTS for
   *     fewer points than free parameters; NO_CONVERGENCE when no start reached a finite objective
   */
  public static FitResult fit(Law law, Observations obs, FitOptions options) throws FitException {
    int p = law.parameterCount();
    var template = new double[p];
    var isFixed = new boolean[p];
    for (var e : options.fixed().entrySet()) {
      int j = law.indexOf(e.getKey());
      if (j < 0) {
        throw new FitException(Reason.BAD_OPTION, "unknown parameter '" + e.getKey() + "' for law "
            + law.name() + "; valid: " + String.join(", ", law.parameterNames()));
      }
      if (!law.admissible(j, e.getValue())) {
        throw new FitException(Reason.BAD_OPTION,
            "fixed " + e.getKey() + " = " + e.getValue() + " is outside its domain");
      }
      template[j] = law.toInternal(j, e.getValue());
      isFixed[j] = true;
    }
    int[] free = IntStream.range(0, p).filter(j -> !isFixed[j]).toArray();
    validate(law, obs, free.length);
    if (options.clusterBootstrap() && options.bootstrap() > 0 && obs.clusterView() == null) {
      throw new FitException(Reason.BAD_OPTION, "cluster bootstrap needs cluster (run) ids");
    }

    var bounded = Bounded.of(law, options.bounds(), free);
    var pb = new Problem(law, options.objective(), obs, free, template);
    var starts = chooseStarts(pb, obs, options.starts());
    var outcomes = new LocalSolver.Outcome[starts.size()];
    parallel(options.threads(), starts.size(),
        i -> outcomes[i] = bounded.solve(pb, starts.get(i), options.maxIterations(), false));
    // A start whose parameters overflow in natural units (A = e^800), or whose predicted losses
    // do (a finite log-space objective at L_hat = e^900), cannot be reported; it is a run-off,
    // never the answer.
    var best = Arrays.stream(outcomes)
        .filter(o -> Double.isFinite(o.value())
            && Arrays.stream(law.toNatural(pb.full(o.x()))).allMatch(Double::isFinite)
            && finitePredictions(pb, pb.full(o.x())))
        .min(Comparator.comparingDouble(LocalSolver.Outcome::value))
        .orElseThrow(() -> new FitException(Reason.NO_CONVERGENCE, "no start of " + starts.size()
            + " reached a finite objective with finite parameters and predicted losses"));
    double tol = BEST_TOLERANCE * Math.abs(best.value()) + 1e-300;
    int atBest = (int) Arrays.stream(outcomes).filter(o -> o.value() <= best.value() + tol).count();

    double[] thetaHat = pb.full(best.x());
    double[] natural = law.toNatural(thetaHat);
    var warnings = new ArrayList<String>();
    if (!best.converged()) {
      warnings.add("the best start did not converge within " + options.maxIterations()
          + " iterations");
    }
    for (String name : atBounds(law, natural, options.bounds(), isFixed)) {
      int j = law.indexOf(name);
      warnings.add(String.format(Locale.ROOT, "%s = %.4g ended at its bound %s (--bounds): the fit ran off; the data"
          + " would take it further, so it is a limit, not an estimate", name, natural[j], options.bounds().get(name)));
    }

    double[][] covariance = null;
    double[] stderr = new double[p];
    Interval[] ci = new Interval[p];
    Arrays.fill(stderr, Double.NaN);
    FitResult.Bootstrap boot = null;
    double[][] corrInternal = null;
    if (options.bootstrap() > 0) {
      boot = bootstrap(pb, law, obs, options, free, template, best.x(), bounded);
      var samples = boot.samples();
      if (boot.failed() > 0) {
        warnings.add(boot.failed() + " of " + boot.resamples() + " bootstrap resamples failed to"
            + " converge and were left out");
      }
      if (samples.length >= 2) {
        for (int j : free) {
          double[] col = boot.column(j);
          stderr[j] = Summary.sd(col);
          ci[j] = new Interval(Quantiles.of(col, 0.025), Quantiles.of(col, 0.975));
        }
        corrInternal = sampleCorrelation(boot, law, free);
      } else {
        warnings.add("too few successful bootstrap resamples for standard errors");
      }
    } else {
      var estimate = covariance(pb, best.x());
      var cov = estimate.matrix();
      if (estimate.warning() != null) {
        warnings.add(estimate.warning());
      } else if (cov == null) {
        warnings.add(pb.n > free.length
            ? "covariance is singular (the parameters are not separately identified):"
                + " standard errors are unavailable; try the bootstrap"
            : "no residual degrees of freedom (" + pb.n + " points for " + free.length
                + " free parameters): standard errors are unavailable");
      }
      if (cov != null) {
        boolean complete = true;
        for (int a = 0; a < free.length; a++) {
          if (Double.isNaN(cov[a][a])) {
            complete = false;
          }
          if (Double.isNaN(cov[a][a]) && Math.abs(thetaHat[free[a]]) <= LOG_PARAMETER_LIMIT) {
            warnings.add(law.parameterNames().get(free[a]) + " has no effect on the fit (ran off"
                + " to a bound): no standard error; the others treat it as fixed");
          }
        }
        if (complete) {
          covariance = new double[p][p];
        }
        for (int a = 0; a < free.length; a++) {
          int ja = free[a];
          if (Double.isNaN(cov[a][a])) {
            continue;
          }
          double da = law.naturalDerivative(ja, thetaHat[ja]);
          if (complete) {
            for (int b = 0; b < free.length; b++) {
              int jb = free[b];
              // Delta method: Cov(g(theta)) = D Cov(theta) D, D = diag(g'); transforms elementwise.
              covariance[ja][jb] = da * cov[a][b] * law.naturalDerivative(jb, thetaHat[jb]);
            }
          }
          double seInt = Math.sqrt(cov[a][a]);
          stderr[ja] = Math.abs(da) * seInt;
          // Wald interval in internal units, mapped back: stays inside the domain (E > 0 etc.).
          double lo = law.toNatural(ja, thetaHat[ja] - Z95 * seInt);
          double hi = law.toNatural(ja, thetaHat[ja] + Z95 * seInt);
          ci[ja] = new Interval(Math.min(lo, hi), Math.max(lo, hi));
        }
        corrInternal = new double[free.length][free.length];
        for (int a = 0; a < free.length; a++) {
          for (int b = 0; b < free.length; b++) {
            double c = cov[a][b] / Math.sqrt(cov[a][a] * cov[b][b]);
            corrInternal[a][b] = Double.isNaN(c) ? 0 : c;
          }
        }
      }
    }

    var params = new ArrayList<ParameterEstimate>();
    for (int j = 0; j < p; j++) {
      Double se = isFixed[j] || !Double.isFinite(stderr[j]) ? null : stderr[j];
      params.add(new ParameterEstimate(law.parameterNames().get(j), natural[j], se,
          isFixed[j] ? null : ci[j], isFixed[j]));
    }
    identifiability(law, obs, pb, free, thetaHat, natural, stderr, corrInternal, warnings);

    var objective = options.objective();
    Double delta = objective instanceof Objective.Huber h ? Double.valueOf(h.delta())
        : objective instanceof Objective.Asymmetric a ? Double.valueOf(a.k()) : null;
    var summary = new FitResult.ObjectiveSummary(objective.name(), delta, objective.space(),
        objective.reduction(), best.value(), starts.size(), atBest, best.converged());
    return new FitResult(law, params, summary, quality(pb, thetaHat), warnings, covariance, boot);
  }

  /** Whether the predicted loss e^(log L_hat) is finite at every point. */
  private static boolean finitePredictions(Problem pb, double[] theta) {
    for (int i = 0; i < pb.n; i++) {
      if (!Double.isFinite(Math.exp(pb.logPrediction(theta, i)))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- validation

  private static void validate(Law law, Observations obs, int freeCount) throws FitException {
    int n = obs.size();
    if (n < freeCount) {
      throw new FitException(Reason.TOO_FEW_POINTS,
          n + " points for " + freeCount + " free parameters of law " + law.name());
    }
    checkPositive("loss", obs.lossView());
    for (var in : law.inputs()) {
      double[] a = inputArray(obs, in);
      if (a == null) {
        throw new FitException(Reason.INVALID_DATA,
            "law " + law.name() + " needs " + in.cliName() + " but the data has none");
      }
      checkPositive(in.cliName(), a);
      if (Arrays.stream(a).distinct().count() < 2) {
        throw new FitException(Reason.INVALID_DATA, String.format(Locale.ROOT,
            "all points have the same %s (%.4g): law %s cannot be identified", in.cliName(), a[0], law.name()));
      }
    }
    double[] w = obs.weightsView();
    if (w != null) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        if (!(w[i] >= 0) || !Double.isFinite(w[i])) {
          throw new FitException(Reason.INVALID_DATA, "weight " + w[i] + " at point " + i
              + " is not a finite non-negative number");
        }
        total += w[i];
      }
      if (total == 0) {
        throw new FitException(Reason.INVALID_DATA, "all weights are zero");
      }
    }
  }

  private static double[] inputArray(Observations obs, Law.Input in) {
    return switch (in) {
      case PARAMS -> obs.paramsView();
      case TOKENS -> obs.tokensView();
      case COMPUTE -> obs.computeView();
    };
  }

  private static void checkPositive(String name, double[] a) throws FitException {
    for (int i = 0; i < a.length; i++) {
      if (!(a[i] > 0) || !Double.isFinite(a[i])) {
        throw new FitException(Reason.INVALID_DATA,
            name + " at point " + i + " is " + a[i] + "; must be finite and > 0");
      }
    }
  }

  // ---------------------------------------------------------------- starts

  /** Points used by the first screening stage; the second stage uses every point. */
  static final int SCREEN_POINTS = 48;

  private static List<double[]> chooseStarts(Problem pb, Observations obs, StartStrategy strategy) {
    // Project the law's grid onto the free coordinates; fixing parameters makes duplicates.
    var seen = new HashSet<List<Double>>();
    var grid = new ArrayList<double[]>();
    for (double[] g : pb.law.startGrid()) {
      double[] x = pb.freeOf(g);
      if (seen.add(Arrays.stream(x).boxed().toList())) {
        grid.add(x);
      }
    }
    if (!(strategy instanceof StartStrategy.BestOfGrid b) || b.k() >= grid.size()) {
      return grid;
    }
    // Stage 1: rank the grid by the objective on an evenly strided subset of the points (most
    // grid points are hopeless, and this is ~n/48 times cheaper). Stage 2: re-rank the best
    // 10 k (at least 5% of the grid) on every point, and keep the k best. Stable sorts: ties keep
    // grid order, so the choice is deterministic.
    List<double[]> candidates = grid;
    if (pb.n > 2 * SCREEN_POINTS) {
      var idx = IntStream.range(0, SCREEN_POINTS).map(i -> (int) ((long) i * pb.n / SCREEN_POINTS))
          .toArray();
      var screen = new Problem(pb.law, pb.objective, obs, idx, pb.free, pb.template());
      int keep = Math.min(grid.size(), Math.max(10 * b.k(), grid.size() / 20));
      candidates = best(grid, screen, keep);
    }
    return best(candidates, pb, b.k());
  }

  private static List<double[]> best(List<double[]> points, Problem pb, int k) {
    double[] values = new double[points.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = pb.value(points.get(i));
    }
    Integer[] order = new Integer[points.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    var chosen = new ArrayList<double[]>();
    for (int i = 0; i < Math.min(k, order.length); i++) {
      chosen.add(points.get(order[i]));
    }
    return chosen;
  }

  // ---------------------------------------------------------------- uncertainty

  /**
   * A covariance of the free internal parameters, or null; with a warning about it, or null.
   *
   * @param matrix p x p over the free coordinates, NaN rows and columns for parameters that ran off
   *     to a bound (no effect on the fit), or null when it is unavailable
   * @param warning why it is unavailable, or what it rests on; null when there is nothing to say
   *     beyond the caller's own singular / no-degrees-of-freedom message
   */
  record Covariance(double[][] matrix, String warning) {}

  /**
   * Covariance of the free internal parameters at the optimum {@code x}, J the Jacobian of the
   * residuals (log or linear, as the objective) with respect to the free internal parameters:
   *
   * <ul>
   *   <li>squared objectives: sigma^2 (J^T W J)^-1 with sigma^2 = sum w r^2 / (n - p), the usual
   *       nonlinear least-squares covariance, weights as inverse variances (Commons Math leaves the
   *       chi^2 / (n - p) scaling to the caller, STACK.md);
   *   <li>Huber and asymmetric: the M-estimator covariance c (J^T J)^-1, c from {@link MEstimator}
   *       (Huber 1981, eq. 7.6.4; for Huber, mean psi' from a window around 0 when few residuals are
   *       inside delta); with weights c (J^T W J)^-1 (J^T W^2 J) (J^T W J)^-1, weights as fixed
   *       multipliers of identically distributed terms. On 1,000 data sets from {@code lawfit
   *       simulate} (240 points, log noise 0.01) the 95% Wald intervals of the default Huber fit
   *       cover the planted parameters 95.9-96.3% of the time, against 89.2-90.8% for
   *       sigma^2 (J^T J)^-1 (95.0-96.6% at noise 0.005 to 0.05; {@code bench/CovarianceCoverage}).
   * </ul>
   *
   * A parameter with a zero Jacobian column (ran off to a bound) gets NaN and the others treat it as
   * fixed. The matrix is null when the rest is singular, there are no residual degrees of freedom,
   * or the M-estimator scale cannot be estimated (then with a warning).
   */
  static Covariance covariance(Problem pb, double[] x) {
    int n = pb.n;
    int p = pb.dim();
    if (p == 0) {
      return new Covariance(null, null);
    }
    var r = new double[n];
    var jac = new double[n][p];
    pb.plainResiduals(x, r, jac);
    // A parameter that ran off to a bound (e.g. E -> 0, log E -> -inf) has a zero Jacobian
    // column: leave it out (NaN row and column) instead of declaring everything singular.
    var norms = new double[p];
    double maxNorm = 0;
    for (int j = 0; j < p; j++) {
      for (int i = 0; i < n; i++) {
        norms[j] += jac[i][j] * jac[i][j];
      }
      norms[j] = Math.sqrt(norms[j]);
      maxNorm = Math.max(maxNorm, norms[j]);
    }
    final double cut = 1e-10 * maxNorm;
    int[] active = IntStream.range(0, p).filter(j -> norms[j] > cut).toArray();
    int q = active.length;
    if (q == 0 || n <= q) {
      return new Covariance(null, null);
    }
    var reduced = new double[n][q];
    for (int i = 0; i < n; i++) {
      for (int a = 0; a < q; a++) {
        reduced[i][a] = jac[i][active[a]];
      }
    }
    var svd = new SingularValueDecomposition(new Array2DRowRealMatrix(reduced, false));
    double[] s = svd.getSingularValues();
    if (!(s[q - 1] > 1e-12 * s[0]) || !Double.isFinite(s[0])) {
      return new Covariance(null, null);
    }
    var v = svd.getV();
    // (J^T W J)^-1 = V S^-2 V^T from the SVD of W^1/2 J
    var bread = new double[q][q];
    for (int a = 0; a < q; a++) {
      for (int b = 0; b < q; b++) {
        for (int k = 0; k < q; k++) {
          bread[a][b] += v.getEntry(a, k) * v.getEntry(b, k) / (s[k] * s[k]);
        }
      }
    }
    double scale;
    String warning = null;
    double[][] reducedCov = bread;
    if (pb.objective instanceof Objective.SquaredLog || pb.objective instanceof Objective.SquaredLinear) {
      double chi2 = 0;
      for (double ri : r) {
        chi2 += ri * ri;
      }
      // sigma^2 = chi^2 / (n - p), which Commons Math leaves to the caller (STACK.md)
      scale = chi2 / (n - q);
    } else {
      var theta = pb.full(x);
      double[] residuals = IntStream.range(0, n).filter(i -> pb.weight(i) > 0)
          .mapToDouble(i -> pb.residual(theta, i)).toArray();
      var m = MEstimator.scale(pb.objective, residuals, q);
      if (Double.isNaN(m.factor())) {
        return new Covariance(null, m.warning());
      }
      scale = m.factor();
      warning = m.warning();
      if (pb.weighted()) {
        // Sandwich A^-1 B A^-1 (Huber 1967) with A = m J'WJ, B = s J'W^2J for fixed weights W
        var meat = new double[q][q];
        for (int i = 0; i < n; i++) {
          double w = pb.weight(i);
          for (int a = 0; a < q; a++) {
            for (int b = 0; b < q; b++) {
              meat[a][b] += w * reduced[i][a] * reduced[i][b];
            }
          }
        }
        reducedCov = multiply(multiply(bread, meat), bread);
      }
    }
    var cov = new double[p][p];
    for (double[] row : cov) {
      Arrays.fill(row, Double.NaN);
    }
    for (int a = 0; a < q; a++) {
      for (int b = 0; b < q; b++) {
        cov[active[a]][active[b]] = scale * reducedCov[a][b];
      }
    }
    return new Covariance(cov, warning);
  }

  private static double[][] multiply(double[][] a, double[][] b) {
    int q = a.length;
    var out = new double[q][q];
    for (int i = 0; i < q; i++) {
      for (int j = 0; j < q; j++) {
        for (int k = 0; k < q; k++) {
          out[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return out;
  }

  private static FitResult.Bootstrap bootstrap(Problem pb, Law law, Observations obs,
      FitOptions options, int[] free, double[] template, double[] xHat, Bounded bounded) {
    int n = obs.size();
    int resamples = options.bootstrap();
    boolean clustered = options.clusterBootstrap();
    int[][] members = clustered ? clusters(obs.clusterView()) : null;
    var rows = new double[resamples][];
    options.progress().add(resamples);
    parallel(options.threads(), resamples, b -> {
      // One generator per resample, seeded from (seed, index): identical on any thread count.
      var rng = Resampling.generator(options.seed(), b);
      int[] idx;
      if (clustered) {
        var list = new ArrayList<Integer>();
        for (int c = 0; c < members.length; c++) {
          for (int i : members[rng.nextInt(members.length)]) {
            list.add(i);
          }
        }
        idx = list.stream().mapToInt(Integer::intValue).toArray();
      } else {
        idx = new int[n];
        for (int i = 0; i < n; i++) {
          idx[i] = rng.nextInt(n);
        }
      }
      var rpb = new Problem(law, options.objective(), obs, idx, free, template);
      // Warm start at the full-data optimum: resamples are small perturbations of the data.
      var out = bounded.solve(rpb, xHat, options.maxIterations(), true);
      if (out.converged() && Double.isFinite(out.value())) {
        double[] nat = law.toNatural(rpb.full(out.x()));
        if (Arrays.stream(nat).allMatch(Double::isFinite)) {
          rows[b] = nat;
        }
      }
      options.progress().step();
    });
    var ok = Arrays.stream(rows).filter(r -> r != null).toArray(double[][]::new);
    return new FitResult.Bootstrap(resamples, resamples - ok.length, options.seed(), clustered, ok);
  }

  /** Point indices per cluster, clusters in increasing id order (deterministic). */
  private static int[][] clusters(int[] ids) {
    var map = new TreeMap<Integer, List<Integer>>();
    for (int i = 0; i < ids.length; i++) {
      map.computeIfAbsent(ids[i], k -> new ArrayList<>()).add(i);
    }
    return map.values().stream()
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
  }

  private static double[][] sampleCorrelation(FitResult.Bootstrap boot, Law law, int[] free) {
    var samples = boot.samples();
    var cols = new double[free.length][samples.length];
    for (int a = 0; a < free.length; a++) {
      for (int i = 0; i < samples.length; i++) {
        cols[a][i] = law.toInternal(free[a], samples[i][free[a]]);
      }
    }
    var corr = new double[free.length][free.length];
    for (int a = 0; a < free.length; a++) {
      for (int b = 0; b < free.length; b++) {
        corr[a][b] = Summary.correlation(cols[a], cols[b]);
      }
    }
    return corr;
  }

  // ---------------------------------------------------------------- diagnostics

  /** Thresholds of the identifiability warnings. */
  static final double EXPONENT_FLOOR = 0.01;
  static final double EXPONENT_CEILING = 3.0;
  static final double LOG_PARAMETER_LIMIT = 50.0;
  static final double RELATIVE_SE_LIMIT = 0.5;
  static final double CORRELATION_LIMIT = 0.995;

  private static void identifiability(Law law, Observations obs, Problem pb, int[] free,
      double[] theta, double[] natural, double[] stderr, double[][] corr, List<String> warnings) {
    var names = law.parameterNames();
    int n = obs.size();
    if (n < 3 * free.length) {
      warnings.add(String.format(Locale.ROOT,
          "only %d points for %d free parameters (fewer than 3 per parameter)", n, free.length));
    }
    for (var in : law.inputs()) {
      double[] a = inputArray(obs, in);
      double lo = Arrays.stream(a).min().orElse(1);
      double hi = Arrays.stream(a).max().orElse(1);
      if (hi / lo < 10) {
        warnings.add(String.format(Locale.ROOT,
            "%s spans less than one decade (%.3g to %.3g): its exponent is weakly identified",
            in.cliName(), lo, hi));
      }
    }
    for (int a = 0; a < free.length; a++) {
      int j = free[a];
      String name = names.get(j);
      if (law.isExponent(j)) {
        if (natural[j] < EXPONENT_FLOOR) {
          warnings.add(natural[j] < 0
              ? String.format(Locale.ROOT, "%s = %.4g is negative: the loss grows with its variable, the law does not"
                  + " describe these data", name, natural[j])
              : String.format(Locale.ROOT,
                  "%s = %.4g is at or below %.2g: the term is not identified (exponent running off to 0)",
                  name, natural[j], EXPONENT_FLOOR));
        } else if (natural[j] > EXPONENT_CEILING) {
          warnings.add(String.format(Locale.ROOT,
              "%s = %.4g is above %.1f: the exponent is running off", name, natural[j],
              EXPONENT_CEILING));
        }
        if (Double.isFinite(stderr[j]) && stderr[j] > RELATIVE_SE_LIMIT * Math.abs(natural[j])) {
          warnings.add(String.format(Locale.ROOT,
              "%s = %.4g has standard error %.3g (more than %.0f%%): weakly identified", name,
              natural[j], stderr[j], 100 * RELATIVE_SE_LIMIT));
        }
      } else if (Math.abs(theta[j]) > LOG_PARAMETER_LIMIT) {
        warnings.add(String.format(Locale.ROOT,
            "%s = %.4g ran off to %s (|log %s| > %.0f): the data do not identify it", name,
            natural[j], theta[j] < 0 ? "0" : "infinity", name, LOG_PARAMETER_LIMIT));
      }
    }
    if (corr != null) {
      for (int a = 0; a < free.length; a++) {
        for (int b = a + 1; b < free.length; b++) {
          if (law.isExponent(free[a]) && law.isExponent(free[b])
              && Math.abs(corr[a][b]) > CORRELATION_LIMIT) {
            warnings.add(String.format(Locale.ROOT,
                "%s and %s are correlated at %.4f: not separately identified",
                names.get(free[a]), names.get(free[b]), corr[a][b]));
          }
        }
      }
    }
  }

  /**
   * The free parameters that sit on one of {@code bounds} (within 1e-6 in internal units: log units
   * for positive parameters), in the law's order: a fit that ends there ran off.
   *
   * @param fixed which parameters were held (never reported), or null when none were
   */
  public static List<String> atBounds(Law law, double[] natural, java.util.Map<String, Bound> bounds, boolean[] fixed) {
    List<String> out = new ArrayList<>();
    for (int j = 0; j < law.parameterCount(); j++) {
      Bound b = bounds.get(law.parameterNames().get(j));
      if (b == null || fixed != null && fixed[j]) {
        continue;
      }
      double t = law.toInternal(j, natural[j]);
      boolean low = law.admissible(j, b.lower()) && t - law.toInternal(j, b.lower()) <= Bounded.AT_BOUND;
      boolean high = law.admissible(j, b.upper()) && law.toInternal(j, b.upper()) - t <= Bounded.AT_BOUND;
      if (low || high) {
        out.add(law.parameterNames().get(j));
      }
    }
    return out;
  }

  /**
   * The parameters that ran off to a bound at these natural values, by the rules of the fit's
   * warnings (an exponent below its floor or above its ceiling, a positive parameter whose log
   * exceeds the limit): quantities derived from them are not identified either.
   */
  public static List<String> ranOff(Law law, double[] natural) {
    List<String> out = new ArrayList<>();
    for (int j = 0; j < law.parameterCount(); j++) {
      boolean off = law.isExponent(j)
          ? natural[j] < EXPONENT_FLOOR || natural[j] > EXPONENT_CEILING
          : !(natural[j] > 0) || Math.abs(law.toInternal(j, natural[j])) > LOG_PARAMETER_LIMIT;
      if (off) {
        out.add(law.parameterNames().get(j));
      }
    }
    return out;
  }

  private static FitResult.Quality quality(Problem pb, double[] theta) {
    int n = pb.n;
    double ss = 0;
    double mean = 0;
    double sumAre = 0;
    double maxAre = 0;
    for (int i = 0; i < n; i++) {
      mean += pb.logLoss(i);
    }
    mean /= n;
    double tot = 0;
    for (int i = 0; i < n; i++) {
      double lp = pb.logPrediction(theta, i);
      double r = lp - pb.logLoss(i);
      ss += r * r;
      tot += (pb.logLoss(i) - mean) * (pb.logLoss(i) - mean);
      // ARE = |L_hat - L| / L (Choshen et al. 2024, arXiv 2410.11840)
      double are = Math.abs(Math.exp(lp) - pb.loss(i)) / pb.loss(i);
      sumAre += are;
      maxAre = Math.max(maxAre, are);
    }
    Double r2 = tot > 0 ? 1 - ss / tot : null;
    return new FitResult.Quality(n, Math.sqrt(ss / n), r2, sumAre / n, maxAre);
  }

  // ---------------------------------------------------------------- threads

  /** Runs body(0..count-1) on {@code threads} threads; each index writes its own slot. */
  static void parallel(int threads, int count, IntConsumer body) {
    if (threads <= 1 || count <= 1) {
      for (int i = 0; i < count; i++) {
        body.accept(i);
      }
      return;
    }
    var pool = new ForkJoinPool(threads);
    try {
      pool.submit(() -> IntStream.range(0, count).parallel().forEach(body)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }

}
