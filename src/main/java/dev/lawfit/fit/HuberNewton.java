package dev.lawfit.fit;

/**
 * The end of a local optimisation on the Huber objective: damped Gauss–Newton on the Huber
 * objective itself rather than on its square-root least-squares form.
 *
 * <p>Why: with delta = 1e-3 most log residuals lie outside delta, where rho is linear. The
 * square-root form's Gauss–Newton matrix counts each of them as (delta / s)^2 J J^T, a curvature
 * the objective does not have, so Levenberg–Marquardt's steps fall short and its last digits come
 * linearly, each evaluation taking about a third off the remaining excess (some 50 of a solve's ~95
 * evaluations on the 240 Chinchilla points, issue 15). Huber's own Gauss–Newton matrix H = sum over
 * the residuals within delta of w J J^T, with the gradient g = sum w psi(r) J, is the exact
 * second-order model of the objective away from the kinks, so from near the optimum the steps solve
 * (H + mu diag H) d = -g converge in a few evaluations (the damped Newton method for Huber's
 * M-estimator; Huber 1981, Robust Statistics, sec. 7.8).
 *
 * <p>Every accepted step lowers the exact objective, so the result is never worse than the start.
 */
final class HuberNewton {
  private HuberNewton() {}

  /** What a Huber form adds for the polish: plain residuals, their Jacobian and the weights. */
  interface Form extends LocalSolver.Form {
    /** Huber's delta. */
    double delta();

    /** Residuals r_i (not weighted) and their Jacobian with respect to x. */
    void residuals(double[] x, double[] r, double[][] jac);

    /** The weight w_i of point i in sum w_i rho(r_i). */
    double weight(int i);
  }

  /** Relative predicted decrease below which the polish is at rest: the sum's rounding. */
  private static final double RESTING = 1e-15;

  /** Relative predicted decrease whose failure is put down to rounding noise. */
  private static final double NOISE = 1e-13;

  /** Relative decrease the first full Newton step may promise for the polish to go on. */
  private static final double FAR = 1e-3;

  /** Iteration cap; the polish ends in a few steps or gives up. */
  private static final int MAX_STEPS = 20;

  /**
   * The polished point and its exact objective (never above {@code value0}, the objective at {@code
   * x0}), and whether the polish came to rest (no further decrease at machine precision).
   */
  record Result(double[] x, double value, boolean rested, int evaluations) {}

  static Result polish(Form f, double[] x0, double value0) {
    int n = f.points();
    int p = f.dim();
    double delta = f.delta();
    var r = new double[n];
    var jac = new double[n][p];
    var w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = f.weight(i);
    }
    double[] x = x0.clone();
    double fx = value0;
    int evaluations = 0;
    f.residuals(x, r, jac);
    evaluations++;
    var g = new double[p];
    var h = new double[p * p];
    var a = new double[p * p];
    var damp = new double[p];
    var d = new double[p];
    var xn = new double[p];
    double mu = 0;
    for (int step = 0; step < MAX_STEPS; step++) {
      model(r, jac, w, delta, g, h, damp);
      boolean accepted = false;
      while (mu <= 1e12) {
        for (int k = 0; k < p * p; k++) {
          a[k] = h[k];
        }
        for (int j = 0; j < p; j++) {
          a[j * p + j] += mu * damp[j];
        }
        if (!solve(a, g, d, p)) {
          if (step == 0 && mu == 0) {
            // Fewer residuals within delta than directions to pin: not near a Huber optimum's
            // vertex, Levenberg–Marquardt goes on.
            return new Result(x, fx, false, evaluations);
          }
          mu = mu == 0 ? 1e-12 : mu * 10;
          continue;
        }
        // The model's predicted decrease -g.d - d.H.d / 2; below the objective's rounding there
        // is nothing left to gain.
        double predicted = 0;
        for (int j = 0; j < p; j++) {
          xn[j] = x[j] + d[j];
          double hd = 0;
          for (int k = 0; k < p; k++) {
            hd += h[j * p + k] * d[k];
          }
          predicted -= d[j] * (g[j] + 0.5 * hd);
        }
        if (!(predicted > RESTING * fx)) {
          // Only the undamped Newton step's promise counts: a damped one can be small anywhere.
          return new Result(x, fx, mu == 0, evaluations);
        }
        if (step == 0 && mu == 0 && predicted > FAR * fx) {
          // Far from an optimum (a plateau where the square-root form's steps stalled): the
          // polish is for the last digits, not the way there.
          return new Result(x, fx, false, evaluations);
        }
        f.residuals(xn, r, jac);
        evaluations++;
        double fn = value(r, w, delta);
        if (fn < fx) {
          double gain = fx - fn;
          System.arraycopy(xn, 0, x, 0, p);
          fx = fn;
          if (gain <= RESTING * fx) {
            return new Result(x, fx, mu == 0, evaluations);
          }
          mu = mu < 1e-10 ? 0 : mu / 10;
          accepted = true;
          break;
        }
        if (mu == 0 && predicted <= NOISE * fx) {
          // The full Newton step predicted a decrease within the objective's rounding noise.
          return new Result(x, fx, true, evaluations);
        }
        mu = mu == 0 ? 1e-12 : mu * 10;
      }
      if (!accepted) {
        // No decrease along any damped step: Levenberg–Marquardt decides.
        return new Result(x, fx, false, evaluations);
      }
    }
    return new Result(x, fx, false, evaluations);
  }

  /**
   * Gradient and Huber Gauss–Newton matrix (row-major p x p) at residuals r, and the damping's
   * scale: the diagonal of H, or 1e-12 of sum w J^2 where H has none (no residual within delta).
   */
  private static void model(
      double[] r, double[][] jac, double[] w, double delta, double[] g, double[] h, double[] damp) {
    int p = g.length;
    java.util.Arrays.fill(g, 0);
    java.util.Arrays.fill(h, 0);
    java.util.Arrays.fill(damp, 0);
    for (int i = 0; i < r.length; i++) {
      double[] row = jac[i];
      double ri = r[i];
      for (int j = 0; j < p; j++) {
        damp[j] += w[i] * row[j] * row[j];
      }
      if (Math.abs(ri) <= delta) {
        double wr = w[i] * ri;
        for (int j = 0; j < p; j++) {
          g[j] += wr * row[j];
          double wj = w[i] * row[j];
          for (int k = 0; k <= j; k++) {
            h[j * p + k] += wj * row[k];
          }
        }
      } else {
        double wr = w[i] * Math.copySign(delta, ri);
        for (int j = 0; j < p; j++) {
          g[j] += wr * row[j];
        }
      }
    }
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < j; k++) {
        h[k * p + j] = h[j * p + k];
      }
      damp[j] = Math.max(h[j * p + j], 1e-12 * damp[j]);
    }
  }

  /** The exact objective sum w rho(r), as {@link Problem#value} sums it. */
  private static double value(double[] r, double[] w, double delta) {
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      sum += w[i] * Objective.Huber.rho(r[i], delta);
    }
    return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
  }

  /**
   * Solves a d = -g by Cholesky of the matrix scaled to a unit diagonal (a is overwritten; the 5-D
   * Chinchilla matrix has a condition number near 1e11 unscaled); false when a is not positive
   * definite to working precision.
   */
  static boolean solve(double[] a, double[] g, double[] d, int p) {
    var scale = new double[p];
    for (int j = 0; j < p; j++) {
      double ajj = a[j * p + j];
      if (!(ajj > 0) || !Double.isFinite(ajj)) {
        return false;
      }
      scale[j] = 1 / Math.sqrt(ajj);
    }
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < p; k++) {
        a[j * p + k] *= scale[j] * scale[k];
      }
    }
    for (int j = 0; j < p; j++) {
      double s = a[j * p + j];
      for (int k = 0; k < j; k++) {
        s -= a[j * p + k] * a[j * p + k];
      }
      if (!(s > 1e-13)) {
        return false;
      }
      double l = Math.sqrt(s);
      a[j * p + j] = l;
      for (int i = j + 1; i < p; i++) {
        double t = a[i * p + j];
        for (int k = 0; k < j; k++) {
          t -= a[i * p + k] * a[j * p + k];
        }
        a[i * p + j] = t / l;
      }
    }
    for (int i = 0; i < p; i++) {
      double t = -g[i] * scale[i];
      for (int k = 0; k < i; k++) {
        t -= a[i * p + k] * d[k];
      }
      d[i] = t / a[i * p + i];
    }
    for (int i = p - 1; i >= 0; i--) {
      double t = d[i];
      for (int k = i + 1; k < p; k++) {
        t -= a[k * p + i] * d[k];
      }
      d[i] = t / a[i * p + i];
    }
    for (int i = 0; i < p; i++) {
      d[i] *= scale[i];
    }
    return true;
  }
}
