package dev.lawfit.fit;

import dev.lawfit.fit.FitResult.Interval;
import dev.lawfit.law.Law;
import dev.lawfit.stats.Quantiles;
import dev.lawfit.stats.Summary;
import java.util.Arrays;
import java.util.List;

/**
 * Standard errors and 95% intervals of the parameters, from the covariance at the optimum (delta
 * method) or from a bootstrap.
 *
 * @param stderr per parameter (natural units), NaN when unavailable
 * @param ci per parameter, null when unavailable
 * @param covariance of the natural parameters, or null (singular, incomplete, or bootstrap)
 * @param correlation of the free internal parameters, or null when unavailable
 * @param bootstrap the bootstrap samples, or null
 */
record Uncertainty(
    double[] stderr,
    Interval[] ci,
    double[][] covariance,
    double[][] correlation,
    FitResult.Bootstrap bootstrap) {

  private static final double Z95 = 1.959963984540054;

  /** Percentile intervals and sample standard deviations of a bootstrap; warnings appended. */
  static Uncertainty ofBootstrap(
      FitResult.Bootstrap boot, Law law, int[] free, List<String> warnings) {
    int p = law.parameterCount();
    double[] stderr = nan(p);
    Interval[] ci = new Interval[p];
    double[][] corr = null;
    if (boot.failed() > 0) {
      warnings.add(
          boot.failed()
              + " of "
              + boot.resamples()
              + " bootstrap resamples failed to"
              + " converge and were left out");
    }
    if (boot.samples().length >= 2) {
      for (int j : free) {
        double[] col = boot.column(j);
        stderr[j] = Summary.sd(col);
        ci[j] = new Interval(Quantiles.of(col, 0.025), Quantiles.of(col, 0.975));
      }
      corr = sampleCorrelation(boot, law, free);
    } else {
      warnings.add("too few successful bootstrap resamples for standard errors");
    }
    return new Uncertainty(stderr, ci, null, corr, boot);
  }

  /**
   * Wald intervals from the covariance of the free internal parameters at the optimum {@code x},
   * mapped to natural units by the delta method; warnings appended.
   */
  static Uncertainty ofCovariance(Problem pb, double[] x, List<String> warnings) {
    Law law = pb.law;
    int[] free = pb.free;
    int p = law.parameterCount();
    double[] thetaHat = pb.full(x);
    double[] stderr = nan(p);
    Interval[] ci = new Interval[p];
    var estimate = Covariance.at(pb, x);
    var cov = estimate.matrix();
    if (estimate.warning() != null) {
      warnings.add(estimate.warning());
    } else if (cov == null) {
      warnings.add(
          pb.n > free.length
              ? "covariance is singular (the parameters are not separately identified):"
                  + " standard errors are unavailable; try the bootstrap"
              : "no residual degrees of freedom ("
                  + pb.n
                  + " points for "
                  + free.length
                  + " free parameters): standard errors are unavailable");
    }
    if (cov == null) {
      return new Uncertainty(stderr, ci, null, null, null);
    }
    boolean complete = true;
    for (int a = 0; a < free.length; a++) {
      if (Double.isNaN(cov[a][a])) {
        complete = false;
      }
      if (Double.isNaN(cov[a][a])
          && Math.abs(thetaHat[free[a]]) <= Identifiability.LOG_PARAMETER_LIMIT) {
        warnings.add(
            law.parameterNames().get(free[a])
                + " has no effect on the fit (ran off"
                + " to a bound): no standard error; the others treat it as fixed");
      }
    }
    double[][] covariance = complete ? new double[p][p] : null;
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
    var corr = new double[free.length][free.length];
    for (int a = 0; a < free.length; a++) {
      for (int b = 0; b < free.length; b++) {
        double c = cov[a][b] / Math.sqrt(cov[a][a] * cov[b][b]);
        corr[a][b] = Double.isNaN(c) ? 0 : c;
      }
    }
    return new Uncertainty(stderr, ci, covariance, corr, null);
  }

  private static double[] nan(int p) {
    double[] a = new double[p];
    Arrays.fill(a, Double.NaN);
    return a;
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
}
