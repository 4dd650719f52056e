package dev.lawfit.fit;

import dev.lawfit.law.Chinchilla;

/**
 * The Huber objective on log residuals of the Chinchilla law, written out for the full grid's
 * screening ({@link GridScreen}): one pass over the points gives the square-root form's cost and
 * its normal equations J^T J, J^T s, with two exponentials and one logarithm per point (the law's
 * log-sum-exp costs three and one, and a stored Jacobian). Used for no other fit, so the default
 * fit's numbers do not depend on it. Immutable; safe to share across threads.
 */
final class ChinchillaHuber implements GridScreen.Normal {
  private final Problem pb;
  private final Chinchilla law;
  private final double[] lnN;
  private final double[] lnD;
  private final double[] lnL;

  /** The points' weights, and their square roots. */
  private final double[] weights;

  private final double[] w;

  private final double delta;
  private final int[] free;

  private ChinchillaHuber(Problem pb, Chinchilla law) {
    this.pb = pb;
    this.law = law;
    int n = pb.n;
    lnN = new double[n];
    lnD = new double[n];
    lnL = new double[n];
    w = new double[n];
    weights = new double[n];
    for (int i = 0; i < n; i++) {
      lnN[i] = pb.logParams(i);
      lnD[i] = pb.logTokens(i);
      lnL[i] = pb.logLoss(i);
      weights[i] = pb.weight(i);
      w[i] = Math.sqrt(weights[i]);
    }
    delta = pb.delta();
    free = pb.free.clone();
  }

  /** The form of {@code pb}, or null unless its law is Chinchilla's and its objective Huber's. */
  static ChinchillaHuber of(Problem pb) {
    return pb.law instanceof Chinchilla c && Double.isFinite(pb.delta())
        ? new ChinchillaHuber(pb, c)
        : null;
  }

  @Override
  public int dim() {
    return free.length;
  }

  /**
   * The square-root form's cost sum s_i^2 (twice the Huber objective; {@link Problem#leastSquares}
   * defines s) at x, with the normal matrix a = J^T J (row-major p x p), g = J^T s (the gradient of
   * the Huber objective) and h = Huber's Gauss–Newton matrix, the sum over the residuals within
   * delta of w J J^T (see {@link HuberNewton}); infinity when the cost is not finite (a, g and h
   * are then meaningless).
   */
  @Override
  public double normal(double[] x, double[] a, double[] g, double[] h) {
    int p = free.length;
    double[] t = pb.full(x);
    if (p == 5) {
      return normal5(t, a, g, h);
    }
    java.util.Arrays.fill(a, 0);
    java.util.Arrays.fill(g, 0);
    java.util.Arrays.fill(h, 0);
    var gi = new double[5];
    var row = new double[p];
    double bigE = Math.exp(t[0]);
    double cost = 0;
    for (int i = 0; i < lnL.length; i++) {
      double lp;
      // L_hat = E + A/N^alpha + B/D^beta summed directly, d log L_hat / dz_k the share of each term
      // (Hoffmann et al. 2022, App. D.2); the law's log-sum-exp where the sum leaves [1e-300,
      // 1e300]
      double termN = Math.exp(t[1] - t[3] * lnN[i]);
      double termD = Math.exp(t[2] - t[4] * lnD[i]);
      double pred = bigE + termN + termD;
      if (pred > 1e-300 && pred < 1e300) {
        double inv = 1 / pred;
        gi[0] = bigE * inv;
        gi[1] = termN * inv;
        gi[2] = termD * inv;
        gi[3] = -gi[1] * lnN[i];
        gi[4] = -gi[2] * lnD[i];
        lp = Math.log(pred);
      } else {
        lp = law.logPredict(t, lnN[i], lnD[i], Double.NaN, gi);
      }
      double r = lp - lnL[i];
      double abs = Math.abs(r);
      double si;
      double ds;
      // s = sign(r) sqrt(2 rho(r)) for Huber's rho (Triggs et al. 2000, sec. 4), as Problem's
      if (abs <= delta) {
        si = r;
        ds = 1;
      } else {
        double mag = Math.sqrt(delta * (2 * abs - delta));
        si = Math.copySign(mag, r);
        ds = delta / mag;
      }
      double sw = w[i];
      si *= sw;
      ds *= sw;
      cost += si * si;
      for (int j = 0; j < p; j++) {
        row[j] = ds * gi[free[j]];
      }
      for (int j = 0; j < p; j++) {
        double rj = row[j];
        g[j] += rj * si;
        for (int k = 0; k <= j; k++) {
          a[j * p + k] += rj * row[k];
        }
      }
      if (abs <= delta) {
        // Within delta the square-root form is the residual itself (ds = sqrt w): Huber's own
        // Gauss-Newton matrix sums the same rows.
        for (int j = 0; j < p; j++) {
          double rj = row[j];
          for (int k = 0; k <= j; k++) {
            h[j * p + k] += rj * row[k];
          }
        }
      }
    }
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < j; k++) {
        a[k * p + j] = a[j * p + k];
        h[k * p + j] = h[j * p + k];
      }
    }
    return Double.isFinite(cost) ? cost : Double.POSITIVE_INFINITY;
  }

  /**
   * {@link #normal} with every parameter free, the sums in local variables (the general loop's
   * arrays cost as much as the exponentials under either JIT compiler) and the square-root form's
   * terms written without square roots: the same sums to rounding.
   */
  private double normal5(double[] t, double[] a, double[] g, double[] h) {
    double bigE = Math.exp(t[0]);
    double[] gi = new double[5];
    double cost = 0;
    double g0 = 0;
    double g1 = 0;
    double g2 = 0;
    double g3 = 0;
    double g4 = 0;
    double a00 = 0;
    double a10 = 0;
    double a11 = 0;
    double a20 = 0;
    double a21 = 0;
    double a22 = 0;
    double a30 = 0;
    double a31 = 0;
    double a32 = 0;
    double a33 = 0;
    double a40 = 0;
    double a41 = 0;
    double a42 = 0;
    double a43 = 0;
    double a44 = 0;
    java.util.Arrays.fill(h, 0);
    for (int i = 0; i < lnL.length; i++) {
      double ln = lnN[i];
      double ld = lnD[i];
      // L_hat = E + A/N^alpha + B/D^beta summed directly (Hoffmann et al. 2022, App. D.2)
      double termN = Math.exp(t[1] - t[3] * ln);
      double termD = Math.exp(t[2] - t[4] * ld);
      double pred = bigE + termN + termD;
      double lp;
      double j0;
      double j1;
      double j2;
      double j3;
      double j4;
      if (pred > 1e-300 && pred < 1e300) {
        double inv = 1 / pred;
        j0 = bigE * inv;
        j1 = termN * inv;
        j2 = termD * inv;
        j3 = -j1 * ln;
        j4 = -j2 * ld;
        lp = Math.log(pred);
      } else {
        lp = law.logPredict(t, ln, ld, Double.NaN, gi);
        j0 = gi[0];
        j1 = gi[1];
        j2 = gi[2];
        j3 = gi[3];
        j4 = gi[4];
      }
      double r = lp - lnL[i];
      double abs = Math.abs(r);
      double wi = weights[i];
      // With s = sign(r) sqrt(2 rho(r)) (Triggs et al. 2000, sec. 4), as Problem's: s^2 = 2 rho,
      // s ds/dr = psi(r), and (ds/dr)^2 = 1 within delta, delta / (2|r| - delta) outside; summed
      // as such, without the square root and the division s and ds would cost.
      double curvature;
      double psi;
      if (abs <= delta) {
        cost += wi * r * r;
        psi = wi * r;
        curvature = wi;
      } else {
        double twice = 2 * abs - delta;
        cost += wi * delta * twice;
        psi = wi * Math.copySign(delta, r);
        curvature = wi * delta / twice;
      }
      g0 += j0 * psi;
      g1 += j1 * psi;
      g2 += j2 * psi;
      g3 += j3 * psi;
      g4 += j4 * psi;
      double u0 = curvature * j0;
      double u1 = curvature * j1;
      double u2 = curvature * j2;
      double u3 = curvature * j3;
      double u4 = curvature * j4;
      a00 += u0 * j0;
      a10 += u1 * j0;
      a11 += u1 * j1;
      a20 += u2 * j0;
      a21 += u2 * j1;
      a22 += u2 * j2;
      a30 += u3 * j0;
      a31 += u3 * j1;
      a32 += u3 * j2;
      a33 += u3 * j3;
      a40 += u4 * j0;
      a41 += u4 * j1;
      a42 += u4 * j2;
      a43 += u4 * j3;
      a44 += u4 * j4;
      if (abs <= delta) {
        double[] row = {j0, j1, j2, j3, j4};
        for (int j = 0; j < 5; j++) {
          for (int k = 0; k <= j; k++) {
            h[j * 5 + k] += wi * row[j] * row[k];
          }
        }
      }
    }
    g[0] = g0;
    g[1] = g1;
    g[2] = g2;
    g[3] = g3;
    g[4] = g4;
    double[] lower = {a00, a10, a11, a20, a21, a22, a30, a31, a32, a33, a40, a41, a42, a43, a44};
    for (int j = 0, m = 0; j < 5; j++) {
      for (int k = 0; k <= j; k++, m++) {
        a[j * 5 + k] = lower[m];
        a[k * 5 + j] = lower[m];
        h[k * 5 + j] = h[j * 5 + k];
      }
    }
    return Double.isFinite(cost) ? cost : Double.POSITIVE_INFINITY;
  }
}
