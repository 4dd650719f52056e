package dev.lawfit.fit;

/**
 * The full grid's local optimisations: from each start, a hand-written Levenberg–Marquardt on the
 * normal equations of the Huber objective's square-root form (one fused pass over the points per
 * evaluation, a p x p Cholesky solve per step, nothing allocated per point) that switches to Newton
 * steps on the Huber objective itself once they can be taken, as {@link LocalSolver} hands Commons
 * Math's solve over to {@link HuberNewton}. It screens: {@link MultiStart} re-polishes the best
 * distinct endpoints with {@link Bounded#solve}, so the reported optimum comes from the engine
 * every other fit uses.
 */
final class GridScreen {
  private GridScreen() {}

  /** The normal equations of a Huber fit's two models, both from one pass over the points. */
  interface Normal {
    /** Free coordinates. */
    int dim();

    /**
     * Cost sum s_i^2 of the square-root form at x (twice the Huber objective), its Gauss–Newton
     * matrix a = J^T J (row-major p x p), g = J^T s (the Huber objective's gradient) and h =
     * Huber's own Gauss–Newton matrix; infinity when the cost is not finite.
     */
    double normal(double[] x, double[] a, double[] g, double[] h);
  }

  /**
   * Relative decrease of an accepted Levenberg–Marquardt step below which Newton steps are tried.
   * On the 240 Chinchilla points of issue 15 (evaluations per start over the 4,500): 1e-3 24.3,
   * 1e-2 23.6, 1e-4 26 and LocalSolver's 1e-6 27; a failed try costs one evaluation.
   */
  private static final double HANDOVER = 1e-3;

  /** Relative decrease at which Levenberg–Marquardt alone stops (LocalSolver's full tolerance). */
  private static final double COST_TOLERANCE = 1e-14;

  /** Relative decrease below which a Newton step ends the solve: the sum's rounding. */
  private static final double RESTING = 1e-15;

  /**
   * The most a good step divides the damping by: Nielsen's rule allows 3, which on the grid's long
   * descents along a valley kept the damping, and the steps short, for dozens of steps (32 against
   * 24 evaluations per start on the 240 points; 20 gave 25, 100 26).
   */
  private static final double LAMBDA_FLOOR = 0.1;

  /**
   * An internal coordinate beyond this ran off (E, A or B = e^1000 or e^-1000, an exponent of
   * 1000): the start is stopped where it is. Its objective there is no lower than the term's limit,
   * and on the 240 points such starts were at 11 times the best objective or more; they took 71
   * evaluations each to crawl on, 7 now.
   */
  private static final double RUN_OFF = 1e3;

  /**
   * One start, as {@link Bounded#solve} runs it: unconstrained, and again in the bounded
   * coordinates from the same start when that ends outside the bounds or at no finite objective.
   */
  static LocalSolver.Outcome solve(Normal form, Bounded bounded, double[] x0, int maxIterations) {
    var free = refine(form, x0, maxIterations);
    if (!bounded.active() || bounded.contains(free.x()) && Double.isFinite(free.value())) {
      return free;
    }
    var inU = refine(inU(form, bounded), bounded.toU(x0), maxIterations);
    return new LocalSolver.Outcome(
        bounded.toX(inU.x()), inU.value(), inU.converged(), free.evaluations() + inU.evaluations());
  }

  /** {@code form} in the bounded coordinates u of {@code bounded}. */
  private static Normal inU(Normal form, Bounded bounded) {
    return new Normal() {
      @Override
      public double normal(double[] u, double[] a, double[] g, double[] h) {
        double cost = form.normal(bounded.toX(u), a, g, h);
        bounded.chain(u, g, a, h);
        return cost;
      }

      @Override
      public int dim() {
        return form.dim();
      }
    };
  }

  /**
   * Levenberg–Marquardt with Marquardt's scaling (the damping on the diagonal of J^T J; Marquardt
   * 1963) and Nielsen's update of the damping (Madsen, Nielsen and Tingleff 2004, "Methods for
   * non-linear least squares problems", sec. 3.2) with a floor of {@link #LAMBDA_FLOOR}. Once an
   * accepted step lowers the cost by at most {@link #HANDOVER} relative, the next iteration first
   * tries the Newton step of Huber's own model (H d = -g, {@link HuberNewton}'s step undamped) and
   * keeps trying while they lower the cost; it ends when a step gains no more than the sum's
   * rounding, Levenberg–Marquardt alone no more than {@link #COST_TOLERANCE}, or a coordinate runs
   * off ({@link #RUN_OFF}; not converged). The value in the outcome is the Huber objective (half
   * the cost).
   */
  static LocalSolver.Outcome refine(Normal form, double[] x0, int maxIterations) {
    int p = form.dim();
    var x = x0.clone();
    var a = new double[p * p];
    var g = new double[p];
    var h = new double[p * p];
    var at = new double[p * p];
    var gt = new double[p];
    var ht = new double[p * p];
    var m = new double[p * p];
    var d = new double[p];
    var xt = new double[p];
    double cost = form.normal(x, a, g, h);
    int evaluations = 1;
    if (!Double.isFinite(cost) || p == 0) {
      return new LocalSolver.Outcome(x, cost / 2, p == 0, evaluations);
    }
    double lambda = 1e-3;
    double nu = 2;
    boolean newton = false;
    boolean converged = false;
    for (int iteration = 0; iteration < maxIterations; iteration++) {
      if (newton) {
        System.arraycopy(h, 0, m, 0, p * p);
        if (HuberNewton.solve(m, g, d, p)) {
          // Predicted decrease of the Huber objective, -g.d - d.H.d / 2, in cost units (x 2).
          double predicted = step(p, h, g, d, x, xt);
          if (!(predicted > RESTING * cost)) {
            converged = true;
            break;
          }
          double trial = form.normal(xt, at, gt, ht);
          evaluations++;
          if (trial < cost) {
            double gain = cost - trial;
            cost = accept(p, trial, xt, at, gt, ht, x, a, g, h);
            if (gain <= RESTING * cost) {
              converged = true;
              break;
            }
            continue;
          }
        }
        newton = false;
      }
      System.arraycopy(a, 0, m, 0, p * p);
      for (int j = 0; j < p; j++) {
        m[j * p + j] += lambda * Math.max(a[j * p + j], 1e-300);
      }
      if (!HuberNewton.solve(m, g, d, p)) {
        if (lambda > 1e16) {
          converged = true;
          break;
        }
        lambda *= nu;
        nu *= 2;
        continue;
      }
      // Predicted decrease of the model ||s + J d||^2: -2 g.d - d.A.d.
      double predicted = step(p, a, g, d, x, xt);
      boolean moved = false;
      for (int j = 0; j < p; j++) {
        moved |= xt[j] != x[j];
      }
      if (!moved || !(predicted > 0)) {
        converged = true;
        break;
      }
      double trial = form.normal(xt, at, gt, ht);
      evaluations++;
      double rho = (cost - trial) / predicted;
      if (trial < cost && rho > 1e-4) {
        double gain = cost - trial;
        cost = accept(p, trial, xt, at, gt, ht, x, a, g, h);
        double c = 2 * rho - 1;
        lambda *= Math.max(LAMBDA_FLOOR, 1 - c * c * c);
        nu = 2;
        if (ranOff(x)) {
          break;
        }
        if (gain <= COST_TOLERANCE * cost) {
          converged = true;
          break;
        }
        newton = gain <= HANDOVER * cost;
      } else {
        if (lambda > 1e16) {
          converged = true;
          break;
        }
        lambda *= nu;
        nu *= 2;
      }
    }
    return new LocalSolver.Outcome(x, cost / 2, converged, evaluations);
  }

  /**
   * Puts the trial point x + d into {@code xt} and returns -2 g.d - d.M.d for the row-major p x p
   * matrix {@code m}: the decrease of the cost that the quadratic model of M predicts for the step.
   */
  private static double step(int p, double[] m, double[] g, double[] d, double[] x, double[] xt) {
    double predicted = 0;
    for (int j = 0; j < p; j++) {
      double md = 0;
      for (int k = 0; k < p; k++) {
        md += m[j * p + k] * d[k];
      }
      predicted -= d[j] * (2 * g[j] + md);
      xt[j] = x[j] + d[j];
    }
    return predicted;
  }

  /** Whether a coordinate of x lies beyond {@link #RUN_OFF}. */
  private static boolean ranOff(double[] x) {
    for (double v : x) {
      if (!(Math.abs(v) <= RUN_OFF)) {
        return true;
      }
    }
    return false;
  }

  /** Moves the trial point and its normal equations into the current ones; the trial's cost. */
  private static double accept(
      int p,
      double trial,
      double[] xt,
      double[] at,
      double[] gt,
      double[] ht,
      double[] x,
      double[] a,
      double[] g,
      double[] h) {
    System.arraycopy(xt, 0, x, 0, p);
    System.arraycopy(at, 0, a, 0, p * p);
    System.arraycopy(gt, 0, g, 0, p);
    System.arraycopy(ht, 0, h, 0, p * p);
    return trial;
  }
}
