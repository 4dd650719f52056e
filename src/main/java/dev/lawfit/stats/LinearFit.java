package dev.lawfit.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * (Weighted) least squares with an intercept, through Commons Math: the one regression every line,
 * parabola and log-log power law here reduces to (parabolas in log eta, log B or log N, power laws
 * in log-log, the McCandlish trade-off as a line in B). Weights are relative: the residual variance
 * is estimated from the weighted residuals.
 *
 * @param beta intercept first, then one coefficient per column
 * @param covariance the coefficients' covariance, scaled by the residual variance; {@code null}
 *     when there are no residual degrees of freedom
 * @param residualVariance RSS / (n - p), NaN when n = p
 * @param unscaled (X'X)^-1 of the (weighted) design: the covariance per unit residual variance
 * @param n points
 * @param r2 coefficient of determination
 */
public record LinearFit(
    double[] beta,
    double[][] covariance,
    double[][] unscaled,
    double residualVariance,
    int n,
    double r2) {

  /** Residual degrees of freedom. */
  public int df() {
    return n - beta.length;
  }

  /**
   * Fits {@code y = b0 + sum_j b_j x[i][j]}, each point with weight {@code w[i]} (null for equal
   * weights); {@code null} when the design is singular (too few distinct points).
   */
  public static LinearFit of(double[][] x, double[] y, double[] w) {
    int n = y.length;
    int p = x.length == 0 ? 1 : x[0].length + 1;
    if (n < p) {
      return null;
    }
    double[][] xs = new double[n][];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      double sw = w == null ? 1 : Math.sqrt(w[i]);
      xs[i] = new double[p - 1];
      for (int j = 0; j < p - 1; j++) {
        xs[i][j] = x[i][j] * sw;
      }
      ys[i] = y[i] * sw;
    }
    // Weighted least squares as OLS on rows scaled by sqrt(w): the intercept column must be scaled
    // too, so with weights the intercept is an explicit column.
    // A threshold on the QR diagonal: resamples with too few distinct points are singular, not
    // wild.
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression(1e-10);
    double[][] design = xs;
    if (w != null) {
      ols.setNoIntercept(true);
      design = new double[n][p];
      for (int i = 0; i < n; i++) {
        design[i][0] = Math.sqrt(w[i]);
        System.arraycopy(xs[i], 0, design[i], 1, p - 1);
      }
    }
    try {
      if (p == 1 && w == null) {
        double mean = 0;
        for (double v : y) {
          mean += v;
        }
        mean /= n;
        double rss = 0;
        for (double v : y) {
          rss += (v - mean) * (v - mean);
        }
        double s2 = n > 1 ? rss / (n - 1) : Double.NaN;
        return new LinearFit(
            new double[] {mean},
            n > 1 ? new double[][] {{s2 / n}} : null,
            new double[][] {{1.0 / n}},
            s2,
            n,
            0);
      }
      ols.newSampleData(ys, design);
      double[] beta = ols.estimateRegressionParameters();
      double[][] unscaled = ols.estimateRegressionParametersVariance();
      for (double b : beta) {
        if (!Double.isFinite(b)) {
          return null;
        }
      }
      double rss = ols.calculateResidualSumOfSquares();
      double s2 = n > p ? rss / (n - p) : Double.NaN;
      double[][] cov = null;
      if (n > p) {
        cov = new double[p][p];
        for (int a = 0; a < p; a++) {
          for (int b = 0; b < p; b++) {
            cov[a][b] = unscaled[a][b] * s2;
          }
        }
      }
      double r2 = r2(ys, rss, w);
      return new LinearFit(beta, cov, unscaled, s2, n, r2);
    } catch (IllegalArgumentException e) { // singular (SingularMatrixException) or too few points
      return null;
    }
  }

  /**
   * An unweighted design with an intercept, decomposed once for many responses: {@link #fit} gives
   * the same numbers, bit for bit, as {@link #of}{@code (x, y, null)}, whose QR decomposition and
   * coefficient covariance depend on x alone. For the bootstrap that refits the same few windows of
   * a sweep to new responses thousands of times. Immutable; {@link #fit} may run on many threads.
   */
  public static final class Design {
    private final RealMatrix x;
    private final QRDecomposition qr;
    private final double[][] unscaled;

    private Design(RealMatrix x, QRDecomposition qr, double[][] unscaled) {
      this.x = x;
      this.qr = qr;
      this.unscaled = unscaled;
    }

    /**
     * The design of {@code y = b0 + sum_j b_j x[i][j]}, at least one column; {@code null} when
     * {@link #of} would find it singular for any response (too few points, a singular matrix).
     */
    public static Design of(double[][] x) {
      int n = x.length;
      if (n == 0 || x[0].length == 0) {
        throw new IllegalArgumentException("a design needs a point and a column");
      }
      int p = x[0].length + 1;
      if (n < p) {
        return null;
      }
      // What OLSMultipleLinearRegression (1e-10) does with x in newXSampleData and
      // calculateBetaVariance, step by step: the intercept column, QR, (R'R)^-1 from R's inverse.
      double[][] augmented = new double[n][p];
      for (int i = 0; i < n; i++) {
        augmented[i][0] = 1.0;
        System.arraycopy(x[i], 0, augmented[i], 1, p - 1);
      }
      RealMatrix design = new Array2DRowRealMatrix(augmented, false);
      QRDecomposition qr = new QRDecomposition(design, 1e-10);
      try {
        RealMatrix rInverse =
            new LUDecomposition(qr.getR().getSubMatrix(0, p - 1, 0, p - 1))
                .getSolver()
                .getInverse();
        return new Design(design, qr, rInverse.multiply(rInverse.transpose()).getData());
      } catch (IllegalArgumentException e) { // singular (SingularMatrixException)
        return null;
      }
    }

    /**
     * The fit of this design to {@code y}, equal to {@link LinearFit#of}{@code (x, y, null)};
     * {@code null} where that is.
     */
    public LinearFit fit(double[] y) {
      int n = y.length;
      int p = unscaled.length;
      if (n != x.getRowDimension()) {
        throw new IllegalArgumentException(n + " responses for " + x.getRowDimension() + " points");
      }
      // OLSMultipleLinearRegression's calculateBeta (solved once: its second solve, for the
      // residuals, gives the same numbers) and calculateResidualSumOfSquares.
      RealVector ys = new ArrayRealVector(y);
      RealVector b;
      try {
        b = qr.getSolver().solve(ys);
      } catch (IllegalArgumentException e) { // singular (SingularMatrixException)
        return null;
      }
      double[] beta = b.toArray();
      for (double v : beta) {
        if (!Double.isFinite(v)) {
          return null;
        }
      }
      RealVector residuals = ys.subtract(x.operate(b));
      double rss = residuals.dotProduct(residuals);
      double s2 = n > p ? rss / (n - p) : Double.NaN;
      double[][] cov = null;
      if (n > p) {
        cov = new double[p][p];
        for (int a = 0; a < p; a++) {
          for (int c = 0; c < p; c++) {
            cov[a][c] = unscaled[a][c] * s2;
          }
        }
      }
      double[][] u = new double[p][];
      for (int a = 0; a < p; a++) {
        u[a] = unscaled[a].clone();
      }
      return new LinearFit(beta, cov, u, s2, n, r2(y, rss, null));
    }
  }

  private static double r2(double[] ys, double rss, double[] w) {
    // With weights the scaled response has no plain mean: use the weighted total sum of squares.
    double sw = 0;
    double mean = 0;
    for (int i = 0; i < ys.length; i++) {
      double wi = w == null ? 1 : w[i];
      double yi = w == null ? ys[i] : ys[i] / Math.sqrt(wi);
      sw += wi;
      mean += wi * yi;
    }
    mean /= sw;
    double tss = 0;
    for (int i = 0; i < ys.length; i++) {
      double wi = w == null ? 1 : w[i];
      double yi = w == null ? ys[i] : ys[i] / Math.sqrt(wi);
      tss += wi * (yi - mean) * (yi - mean);
    }
    return tss > 0 ? 1 - rss / tss : 1;
  }

  /**
   * The coefficients alone (intercept first) of the fit {@link #of} makes, by the normal equations
   * about the weighted means: for the many small refits of a bootstrap, where a QR decomposition
   * and its allocations would dominate. {@code null} when the design is singular or has fewer
   * points than coefficients.
   */
  public static double[] coefficients(double[][] x, double[] y, double[] w) {
    int n = y.length;
    int k = n == 0 ? 0 : x[0].length;
    if (n < k + 1) {
      return null;
    }
    if (k == 1) {
      return line(x, y, w);
    }
    if (k == 2) {
      return plane(x, y, w);
    }
    return general(x, y, w);
  }

  /**
   * {@link #coefficients} by the general loops, whatever the number of columns (for a test of the
   * one- and two-column forms).
   */
  static double[] general(double[][] x, double[] y, double[] w) {
    int n = y.length;
    int k = n == 0 ? 0 : x[0].length;
    if (n < k + 1) {
      return null;
    }
    double sw = 0;
    double my = 0;
    double[] mx = new double[k];
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      sw += wi;
      my += wi * y[i];
      for (int j = 0; j < k; j++) {
        mx[j] += wi * x[i][j];
      }
    }
    my /= sw;
    for (int j = 0; j < k; j++) {
      mx[j] /= sw;
    }
    // [S | r] with S the centred weighted cross-products of x, r those of x with y.
    double[][] a = new double[k][k + 1];
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      for (int j = 0; j < k; j++) {
        double dj = x[i][j] - mx[j];
        for (int l = 0; l < k; l++) {
          a[j][l] += wi * dj * (x[i][l] - mx[l]);
        }
        a[j][k] += wi * dj * (y[i] - my);
      }
    }
    double[] scale = new double[k];
    for (int j = 0; j < k; j++) {
      scale[j] = a[j][j];
    }
    // Gaussian elimination (S is symmetric positive semi-definite: no pivoting needed); a pivot
    // that has lost all but 1e-10 of its diagonal marks a singular design, as LinearFit.of's QR
    // threshold.
    for (int j = 0; j < k; j++) {
      if (!(a[j][j] > 1e-10 * scale[j])) {
        return null;
      }
      for (int r = j + 1; r < k; r++) {
        double f = a[r][j] / a[j][j];
        for (int c = j; c <= k; c++) {
          a[r][c] -= f * a[j][c];
        }
      }
    }
    double[] beta = new double[k + 1];
    for (int j = k - 1; j >= 0; j--) {
      double v = a[j][k];
      for (int c = j + 1; c < k; c++) {
        v -= a[j][c] * beta[c + 1];
      }
      beta[j + 1] = v / a[j][j];
    }
    beta[0] = my;
    for (int j = 0; j < k; j++) {
      beta[0] -= beta[j + 1] * mx[j];
    }
    for (double b : beta) {
      if (!Double.isFinite(b)) {
        return null;
      }
    }
    return beta;
  }

  /*
   * One and two columns: the general loops' sums, eliminations and substitutions in the same order,
   * each element of [S | r] in a local rather than an array (the same doubles: Java rounds each
   * operation and fuses none). The hparams bootstrap solves three such systems over 5,600 groups
   * per resample, and the loops' indexing was most of their time.
   */

  private static double[] line(double[][] x, double[] y, double[] w) {
    int n = y.length;
    double sw = 0;
    double my = 0;
    double mx0 = 0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      sw += wi;
      my += wi * y[i];
      mx0 += wi * x[i][0];
    }
    my /= sw;
    mx0 /= sw;
    double a00 = 0;
    double a01 = 0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      double d0 = x[i][0] - mx0;
      a00 += wi * d0 * (x[i][0] - mx0);
      a01 += wi * d0 * (y[i] - my);
    }
    if (!(a00 > 1e-10 * a00)) {
      return null;
    }
    double b1 = a01 / a00;
    double b0 = my;
    b0 -= b1 * mx0;
    return finite(new double[] {b0, b1});
  }

  private static double[] plane(double[][] x, double[] y, double[] w) {
    int n = y.length;
    double sw = 0;
    double my = 0;
    double mx0 = 0;
    double mx1 = 0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      sw += wi;
      my += wi * y[i];
      mx0 += wi * x[i][0];
      mx1 += wi * x[i][1];
    }
    my /= sw;
    mx0 /= sw;
    mx1 /= sw;
    double a00 = 0;
    double a01 = 0;
    double a02 = 0;
    double a10 = 0;
    double a11 = 0;
    double a12 = 0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      double[] xi = x[i];
      double d0 = xi[0] - mx0;
      a00 += wi * d0 * (xi[0] - mx0);
      a01 += wi * d0 * (xi[1] - mx1);
      a02 += wi * d0 * (y[i] - my);
      double d1 = xi[1] - mx1;
      a10 += wi * d1 * (xi[0] - mx0);
      a11 += wi * d1 * (xi[1] - mx1);
      a12 += wi * d1 * (y[i] - my);
    }
    double scale1 = a11;
    if (!(a00 > 1e-10 * a00)) {
      return null;
    }
    double f = a10 / a00;
    a11 -= f * a01;
    a12 -= f * a02;
    if (!(a11 > 1e-10 * scale1)) {
      return null;
    }
    double b2 = a12 / a11;
    double v = a02;
    v -= a01 * b2;
    double b1 = v / a00;
    double b0 = my;
    b0 -= b1 * mx0;
    b0 -= b2 * mx1;
    return finite(new double[] {b0, b1, b2});
  }

  private static double[] finite(double[] beta) {
    for (double b : beta) {
      if (!Double.isFinite(b)) {
        return null;
      }
    }
    return beta;
  }

  /** Standard error of coefficient {@code j}, NaN without residual degrees of freedom. */
  public double stderr(int j) {
    return covariance == null ? Double.NaN : Math.sqrt(covariance[j][j]);
  }
}
