package dev.lawfit.analysis.hparams;

import dev.lawfit.stats.LinearFit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Weights for the eta* law: the inverse of each optimum's variance under a smooth model, so that
 * the law is weighted least squares, the efficient estimator when the optima's noise differs from
 * group to group (the loss is flatter in ln eta at large T, so eta* is noisier there).
 *
 * <p>A parabola {@code L = L* + s (x - x*)^2} fitted by least squares to a window with design
 * inverse U and noise variance sigma^2 has, by the delta method, {@code var(x*) = sigma^2 (U11 + 4
 * d U12 + 4 d^2 U22) / (4 s^2)}, d the vertex's offset from the window's centre. No group's own s,
 * x* or sigma^2 enters its weight: weights that depend on a point's own estimate bias the fit (on
 * simulated sweeps, each group's own delta-method variance made p three times noisier and biased u;
 * its own x* in d biased p by 0.1 standard error). Instead, in two steps (feasible generalised
 * least squares), s is the unweighted sensitivity law at the group's X and x* the unweighted eta*
 * law's, with sigma^2 the same for every group (a log-linear fit of the windows' residual
 * variances, two degrees of freedom each, made p noisier, not less). Each bootstrap resample
 * recomputes the weights from its own first step, so the intervals carry the weighting.
 *
 * <p>The sensitivity law stays unweighted: weights s^2 / U22 from the same model left u's spread
 * unchanged over 1,000 simulated sweeps and its intervals' coverage lower (92.6% against 94.3%).
 */
final class LawWeights {
  private final double[][] etaX;
  private final WindowResampler[] windows;
  private final int[] xIndex; // each group's ln X among xValues
  private final double[] xValues; // the distinct ln X (as Double.equals tells them apart)
  private final double[][] lnX; // each group's ln X alone: the sensitivity law's regressor

  /**
   * The weights of the groups with the eta* law's regressors {@code etaX} (ln X, then ln B when
   * fitted) and parabola windows {@code windows}, for any vertices and curvatures: a bootstrap
   * recomputes them in every resample.
   */
  LawWeights(double[][] etaX, WindowResampler[] windows) {
    this.etaX = etaX;
    this.windows = windows;
    // The sensitivity law's prediction depends on ln X alone, which the batch sizes of a budget
    // share: one exp per value of X rather than per group.
    Map<Double, Integer> seen = new HashMap<>();
    xIndex = new int[etaX.length];
    for (int i = 0; i < etaX.length; i++) {
      xIndex[i] = seen.computeIfAbsent(etaX[i][0], v -> seen.size());
    }
    xValues = new double[seen.size()];
    seen.forEach((v, k) -> xValues[k] = v);
    lnX = new double[etaX.length][];
    for (int i = 0; i < etaX.length; i++) {
      lnX[i] = new double[] {etaX[i][0]};
    }
  }

  /**
   * Each group's weight in the eta* law, scaled to mean 1, NaN for a group left out (no minimum);
   * {@code null} when they cannot matter (no more groups than coefficients) or a first step cannot
   * be fitted (fewer than two values of X, or of B where the eta* law has B): equal weights then.
   *
   * @param etaX the eta* law's regressors per group (ln X, then ln B when fitted)
   * @param windows each group's parabola window
   * @param vertex each group's ln eta*
   * @param curvature each group's s; a group whose s is not positive, or whose vertex is NaN, is
   *     left out
   */
  static double[] etaStar(
      double[][] etaX, WindowResampler[] windows, double[] vertex, double[] curvature) {
    double[] lnCurvature = new double[curvature.length];
    for (int i = 0; i < curvature.length; i++) {
      lnCurvature[i] = Math.log(curvature[i]);
    }
    return new LawWeights(etaX, windows).etaStar(vertex, curvature, lnCurvature);
  }

  /**
   * As {@link #etaStar(double[][], WindowResampler[], double[], double[])} for this law's groups,
   * with each positive curvature's log given ({@code lnCurvature[i]}, any value where {@code
   * curvature[i]} is not positive): a resample takes them for the sensitivity law too, and need not
   * take them twice.
   */
  double[] etaStar(double[] vertex, double[] curvature, double[] lnCurvature) {
    int n = vertex.length;
    int[] rows = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (curvature[i] > 0 && Double.isFinite(vertex[i])) {
        rows[m++] = i;
      }
    }
    if (n == 0 || m <= etaX[0].length + 1) {
      return null; // no more points than coefficients: the law goes through them whatever the
      // weights
    }
    double[][] x = new double[m][];
    double[][] xs = new double[m][];
    double[] lnS = new double[m];
    double[] v = new double[m];
    for (int k = 0; k < m; k++) {
      int i = rows[k];
      x[k] = etaX[i];
      xs[k] = lnX[i];
      lnS[k] = lnCurvature[i];
      v[k] = vertex[i];
    }
    double[] sLaw = LinearFit.coefficients(xs, lnS, null);
    double[] etaLaw = LinearFit.coefficients(x, v, null);
    if (sLaw == null || etaLaw == null) {
      return null;
    }
    double[] sAt = new double[xValues.length];
    for (int j = 0; j < sAt.length; j++) {
      sAt[j] = Math.exp(sLaw[0] + sLaw[1] * xValues[j]);
    }
    double[] w = new double[n];
    Arrays.fill(w, Double.NaN);
    double sum = 0;
    for (int k = 0; k < m; k++) {
      int i = rows[k];
      double s = sAt[xIndex[i]];
      double xStar = etaLaw[0];
      for (int j = 0; j < etaX[i].length; j++) {
        xStar += etaLaw[j + 1] * etaX[i][j];
      }
      w[i] =
          1
              / windows[i].vertexVariance(
                  xStar, s); // var(x*) of a least-squares parabola (delta method)
      sum += w[i];
    }
    if (!(sum > 0 && Double.isFinite(sum))) {
      return null;
    }
    for (int k = 0; k < m; k++) {
      w[rows[k]] *= m / sum;
    }
    return w;
  }
}
