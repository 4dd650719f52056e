package dev.lawfit.bench;

import dev.lawfit.analysis.Simulator;
import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Run;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.Fitter;
import dev.lawfit.fit.Objective;
import dev.lawfit.fit.Observations;
import dev.lawfit.law.Chinchilla;
import dev.lawfit.stats.Quantiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * How well the standard errors of {@code lawfit fit} without {@code --bootstrap} describe the
 * sampling error of the Chinchilla parameters: data from {@code lawfit simulate --noise SIGMA
 * --seed S} (Chinchilla's published law, 6 sizes x K checkpoints), one fit per seed with the
 * default options and the given objective, seeds F..F+S-1.
 *
 * <p>Prints, per parameter: the spread of the estimates across seeds (the true sampling error),
 * then for the standard error lawfit reports and for four estimators recomputed here from the
 * fitted values (an independent check of what the fitter computes): the median standard error, its
 * spread across seeds (coefficient of variation), and how often the 95% Wald interval in internal
 * units (what lawfit reports) covers the planted value. The estimators, with psi = rho':
 *
 * <ul>
 *   <li>{@code ls}: sigma^2 (J^T J)^-1, sigma^2 = sum r^2 / (n - p), the least-squares formula;
 *   <li>{@code k2}: Huber (1981) eq. 7.6.4, K^2 [sum psi^2 / (n - p)] / [mean psi']^2 (J^T J)^-1, K
 *       = 1 + (p / n) var(psi') / mean(psi')^2;
 *   <li>{@code sandwich}: n / (n - p) A^-1 B A^-1, A = sum psi' J J^T, B = sum psi^2 J J^T;
 *   <li>{@code window}: as {@code k2}, but for Huber mean psi' = P(|r| &lt;= delta) is estimated
 *       from the residuals within h = max(delta, the 2 q quantile of |r|), q the Hall and Sheather
 *       (1988) bandwidth of median regression, as (delta / h) times their share, with K from that
 *       share; with h = delta it is {@code k2}. Other objectives: {@code k2}.
 * </ul>
 *
 * J is the Jacobian of the log residuals with respect to the internal parameters (log E, log A, log
 * B, alpha, beta); a cell is "none" when an estimator has no finite standard error. For Huber it
 * also prints how many residuals fall inside delta, and coverage by that count. For the asymmetric
 * objective the estimate targets a lower envelope of the planted law, so its coverage of the
 * planted value holds only while that bias is small against the standard error.
 *
 * <p>Not a test (surefire only runs *Test, *Tests, Test*). Run from the project root:
 *
 * <pre>
 * scripts/harness CovarianceCoverage [S] [F] [SIGMA] [objectives] [K]
 * </pre>
 *
 * Defaults: 200 seeds from 101, noise 0.01, objectives huber,squared, K = 40 checkpoints per run
 * ({@code simulate --checkpoints K}).
 */
public final class CovarianceCoverage {
  private CovarianceCoverage() {}

  private static final double Z95 = 1.959963984540054;
  private static final String[] ESTIMATORS = {"reported", "ls", "k2", "sandwich", "window"};

  /** One seed's fit: internal estimates, internal standard errors per estimator, natural ones. */
  private record Draw(
      double[] internal, double[][] seInternal, double[][] seNatural, int inside, int points) {}

  public static void main(String[] args) {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    long from = args.length > 1 ? Long.parseLong(args[1]) : 101;
    double noise = args.length > 2 ? Double.parseDouble(args[2]) : 0.01;
    List<String> objectives = List.of((args.length > 3 ? args[3] : "huber,squared").split(","));
    int checkpoints = args.length > 4 ? Integer.parseInt(args[4]) : 40;
    var law = new Chinchilla();
    double[] truth = Simulator.publishedChinchilla();
    double[] truthInternal = law.toInternal(truth);
    for (String name : objectives) {
      Objective objective = Objective.byName(name);
      long start = System.nanoTime();
      Draw[] draws = new Draw[seeds];
      IntStream.range(0, seeds)
          .parallel()
          .forEach(s -> draws[s] = draw(law, objective, noise, checkpoints, from + s));
      System.out.printf(
          Locale.ROOT,
          "%n%s, noise %.4g, seeds %d..%d, %.1f s%n",
          name,
          noise,
          from,
          from + seeds - 1,
          (System.nanoTime() - start) / 1e9);
      if (objective instanceof Objective.Huber h) {
        double[] inside = Arrays.stream(draws).mapToDouble(Draw::inside).toArray();
        System.out.printf(
            Locale.ROOT,
            "residuals inside delta %.3g: median %.0f, min %.0f, max %.0f of %d%n",
            h.delta(),
            median(inside),
            Arrays.stream(inside).min().orElse(0),
            Arrays.stream(inside).max().orElse(0),
            draws[0].points);
      }
      System.out.printf(Locale.ROOT, "%-6s %10s %10s", "", "mean err", "sd(est)");
      for (String e : ESTIMATORS) {
        System.out.printf(Locale.ROOT, " | %-8s %9s %5s %6s", e, "med se", "cv", "cover");
      }
      System.out.println();
      for (int j = 0; j < truth.length; j++) {
        final int jj = j;
        double[] values =
            Arrays.stream(draws).mapToDouble(d -> law.toNatural(jj, d.internal[jj])).toArray();
        double mean = Arrays.stream(values).average().orElse(Double.NaN);
        System.out.printf(
            Locale.ROOT,
            "%-6s %10.3g %10.4g",
            law.parameterNames().get(j),
            mean - truth[j],
            sd(values));
        for (int e = 0; e < ESTIMATORS.length; e++) {
          final int ee = e;
          double[] se =
              Arrays.stream(draws)
                  .mapToDouble(d -> d.seNatural[ee][jj])
                  .filter(Double::isFinite)
                  .toArray();
          long covered =
              Arrays.stream(draws)
                  .filter(
                      d ->
                          Math.abs(d.internal[jj] - truthInternal[jj])
                              <= Z95 * d.seInternal[ee][jj])
                  .count();
          System.out.printf(
              Locale.ROOT,
              " | %8s %9.4g %5.2f %5.1f%%",
              se.length < seeds ? (seeds - se.length) + " none" : "",
              median(se),
              sd(se) / Arrays.stream(se).average().orElse(Double.NaN),
              100.0 * covered / seeds);
        }
        System.out.println();
      }
      if (objective instanceof Objective.Huber) {
        byInside(draws, truthInternal);
      }
    }
  }

  /** Coverage over all parameters, per estimator, by how many residuals were inside delta. */
  private static void byInside(Draw[] draws, double[] truthInternal) {
    int[] edges = {0, 5, 10, 15, 20, 30, Integer.MAX_VALUE};
    for (int b = 0; b + 1 < edges.length; b++) {
      final int lo = edges[b];
      final int hi = edges[b + 1];
      Draw[] in =
          Arrays.stream(draws).filter(d -> d.inside >= lo && d.inside < hi).toArray(Draw[]::new);
      if (in.length == 0) {
        continue;
      }
      System.out.printf(
          Locale.ROOT,
          "inside %2d..%-3s %4d fits: coverage",
          lo,
          hi == Integer.MAX_VALUE ? "" : hi - 1,
          in.length);
      for (int e = 0; e < ESTIMATORS.length; e++) {
        int covered = 0;
        for (Draw d : in) {
          for (int j = 0; j < truthInternal.length; j++) {
            covered +=
                Math.abs(d.internal[j] - truthInternal[j]) <= Z95 * d.seInternal[e][j] ? 1 : 0;
          }
        }
        System.out.printf(
            Locale.ROOT,
            " %s %.1f%%",
            ESTIMATORS[e],
            100.0 * covered / (in.length * truthInternal.length));
      }
      System.out.println();
    }
  }

  private static Draw draw(
      Chinchilla law, Objective objective, double noise, int checkpoints, long seed) {
    var runs =
        Simulator.simulate(
            Simulator.Spec.chinchilla(
                List.of("example"),
                List.of(2e7, 5e7, 1e8, 2e8, 5e8, 1e9),
                1,
                20,
                checkpoints,
                524288,
                3e-4,
                noise,
                0,
                seed));
    Observations obs = observations(runs);
    FitResult fit;
    try {
      fit = Fitter.fit(law, obs, FitOptions.defaults().withObjective(objective));
    } catch (Exception e) {
      throw new IllegalStateException("seed " + seed + ": " + e.getMessage(), e);
    }
    double[] theta = law.toInternal(fit.values());
    int p = theta.length;
    int n = obs.size();
    double[] r = new double[n];
    double[][] jac = new double[n][p];
    double[] params = obs.params();
    double[] tokens = obs.tokens();
    double[] loss = obs.loss();
    for (int i = 0; i < n; i++) {
      double lnN = Math.log(params[i]);
      double lnD = Math.log(tokens[i]);
      r[i] = law.logPredict(theta, lnN, lnD, lnN + lnD + Math.log(6), jac[i]) - Math.log(loss[i]);
    }
    double delta = objective instanceof Objective.Huber h ? h.delta() : Double.NaN;
    double[] psi = new double[n];
    double[] dpsi = new double[n];
    int inside = 0;
    for (int i = 0; i < n; i++) {
      if (objective instanceof Objective.Huber) {
        psi[i] = Math.max(-delta, Math.min(delta, r[i]));
        dpsi[i] = Math.abs(r[i]) <= delta ? 1 : 0;
        inside += (int) dpsi[i];
      } else if (objective instanceof Objective.Asymmetric a) {
        psi[i] = 2 * (r[i] > 0 ? a.k() : 1) * r[i];
        dpsi[i] = 2 * (r[i] > 0 ? a.k() : 1);
      } else {
        psi[i] = 2 * r[i];
        dpsi[i] = 2;
      }
    }
    double[][] seInternal = new double[ESTIMATORS.length][p];
    double[][] seNatural = new double[ESTIMATORS.length][p];
    for (int j = 0; j < p; j++) {
      var est = fit.parameters().get(j);
      seNatural[0][j] = est.stderr() == null ? Double.NaN : est.stderr();
      seInternal[0][j] = seNatural[0][j] / Math.abs(law.naturalDerivative(j, theta[j]));
    }
    RealMatrix jtjInverse = inverse(weighted(jac, null));
    double ss = Arrays.stream(r).map(v -> v * v).sum();
    fill(seInternal[1], jtjInverse.scalarMultiply(ss / (n - p)));
    double psi2 = Arrays.stream(psi).map(v -> v * v).sum() / (n - p);
    // k2: Huber (1981) eq. 7.6.4 with mean psi' and var psi' over the points
    double m = Arrays.stream(dpsi).average().orElse(Double.NaN);
    double k =
        1 + (double) p / n * Arrays.stream(dpsi).map(v -> (v - m) * (v - m)).sum() / n / (m * m);
    fill(seInternal[2], m > 0 ? jtjInverse.scalarMultiply(k * k * psi2 / (m * m)) : null);
    // sandwich: n / (n - p) A^-1 B A^-1
    RealMatrix aInverse = inverse(weighted(jac, dpsi));
    fill(
        seInternal[3],
        aInverse == null
            ? null
            : aInverse
                .multiply(weighted(jac, Arrays.stream(psi).map(v -> v * v).toArray()))
                .multiply(aInverse)
                .scalarMultiply((double) n / (n - p)));
    // window: as k2, for Huber with mean psi' = P(|r| <= delta) from the residuals within
    // h = max(delta, the 2 q quantile of |r|), q the Hall-Sheather bandwidth, as (delta / h) times
    // their share, and K from that share
    if (objective instanceof Objective.Huber) {
      double q =
          Math.min(
              0.5, Math.pow(n, -1.0 / 3) * Math.pow(Z95, 2.0 / 3) * Math.cbrt(1.5 / (2 * Math.PI)));
      double[] abs = Arrays.stream(r).map(Math::abs).toArray();
      double h = Math.max(delta, Quantiles.of(abs, 2 * q));
      double share = Arrays.stream(abs).filter(v -> v <= h).count() / (double) n;
      double kw = 1 + (double) p / n * (1 - share) / share;
      double mw = delta / h * share;
      fill(seInternal[4], jtjInverse.scalarMultiply(kw * kw * psi2 / (mw * mw)));
    } else {
      seInternal[4] = seInternal[2].clone();
    }
    for (int e = 1; e < ESTIMATORS.length; e++) {
      for (int j = 0; j < p; j++) {
        seNatural[e][j] = Math.abs(law.naturalDerivative(j, theta[j])) * seInternal[e][j];
      }
    }
    return new Draw(theta, seInternal, seNatural, inside, n);
  }

  /** sum_i c_i J_i J_i^T (c = 1 when null). */
  private static RealMatrix weighted(double[][] jac, double[] c) {
    int p = jac[0].length;
    var m = new double[p][p];
    for (int i = 0; i < jac.length; i++) {
      double ci = c == null ? 1 : c[i];
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < p; b++) {
          m[a][b] += ci * jac[i][a] * jac[i][b];
        }
      }
    }
    return new Array2DRowRealMatrix(m, false);
  }

  private static RealMatrix inverse(RealMatrix m) {
    var lu = new LUDecomposition(m, 1e-300);
    return lu.getSolver().isNonSingular() ? lu.getSolver().getInverse() : null;
  }

  /** Standard errors from a covariance; NaN when there is none. */
  private static void fill(double[] se, RealMatrix cov) {
    for (int j = 0; j < se.length; j++) {
      se[j] = cov == null ? Double.NaN : Math.sqrt(cov.getEntry(j, j));
    }
  }

  /** The points of the runs as {@code lawfit fit} makes them: every checkpoint, C = 6 N D. */
  private static Observations observations(List<Run> runs) {
    var N = new ArrayList<Double>();
    var D = new ArrayList<Double>();
    var L = new ArrayList<Double>();
    for (Run run : runs) {
      Checkpoints c = run.checkpoints();
      for (int k = 0; k < c.size(); k++) {
        N.add(run.params());
        D.add(c.tokens(k));
        L.add(c.loss(k));
      }
    }
    return Observations.of(unbox(N), unbox(D), unbox(L));
  }

  private static double[] unbox(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double sd(double[] v) {
    double mean = Arrays.stream(v).average().orElse(Double.NaN);
    return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1));
  }

  private static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }
}
