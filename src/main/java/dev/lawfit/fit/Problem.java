package dev.lawfit.fit;

import dev.lawfit.law.Law;

/**
 * One fitting problem: a law, prepared points (inputs as logarithms, once), an objective, and which
 * internal parameters are free. Free-parameter vectors {@code x} hold only the free coordinates;
 * {@link #full} fills in the fixed ones. Immutable; safe to share across threads (every method
 * works on caller-provided buffers or fresh arrays).
 */
final class Problem implements HuberNewton.Form {
  final Law law;
  final Objective objective;
  final int n;
  final int[] free;
  private final double[] template;
  private final double[] lnN;
  private final double[] lnD;
  private final double[] lnC;
  private final double[] lnL;
  private final double[] L;
  private final double[] w;
  private final boolean logSpace;
  private final int kind; // 0 huber, 1 squared (log or linear), 2 asymmetric
  private final double delta;
  private final double k;

  Problem(Law law, Objective objective, Observations obs, int[] free, double[] template) {
    this(law, objective, obs, null, free, template);
  }

  /** Points {@code idx} of {@code obs} (all points when idx is null; indices may repeat). */
  Problem(
      Law law, Objective objective, Observations obs, int[] idx, int[] free, double[] template) {
    this(law, objective, obs, idx, null, free, template);
  }

  /**
   * A bootstrap resample {@code idx} of {@code obs} as the same objective over its distinct points,
   * each weighted by how often it was drawn (times its own weight): sum_i w_i rho(r_i) is the same
   * sum grouped by point, and a case resample of n points has only ~0.63 n distinct ones, so every
   * evaluation is that much cheaper.
   */
  static Problem resample(
      Law law, Objective objective, Observations obs, int[] idx, int[] free, double[] template) {
    var counts = new int[obs.size()];
    for (int i : idx) {
      counts[i]++;
    }
    int distinct = 0;
    for (int c : counts) {
      distinct += c > 0 ? 1 : 0;
    }
    var points = new int[distinct];
    var multiplicity = new double[distinct];
    for (int i = 0, k = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        points[k] = i;
        multiplicity[k++] = counts[i];
      }
    }
    return new Problem(law, objective, obs, points, multiplicity, free, template);
  }

  private Problem(
      Law law,
      Objective objective,
      Observations obs,
      int[] idx,
      double[] multiplicity,
      int[] free,
      double[] template) {
    this.law = law;
    this.objective = objective;
    this.free = free;
    this.template = template;
    this.n = idx == null ? obs.size() : idx.length;
    lnN = logs(obs.paramsView(), idx, n);
    lnD = logs(obs.tokensView(), idx, n);
    lnC = logs(obs.computeView(), idx, n);
    L = pick(obs.lossView(), idx, n);
    lnL = logs(obs.lossView(), idx, n);
    double[] own = obs.weightsView() == null ? null : pick(obs.weightsView(), idx, n);
    if (multiplicity != null && own != null) {
      for (int i = 0; i < n; i++) {
        own[i] *= multiplicity[i];
      }
    }
    w = own != null ? own : multiplicity;
    // Java 17 has no pattern switch: instanceof over the sealed family, exhaustive by review.
    if (objective instanceof Objective.Huber h) {
      kind = 0;
      delta = h.delta();
      k = 1;
      logSpace = true;
    } else if (objective instanceof Objective.Asymmetric a) {
      kind = 2;
      delta = 0;
      k = a.k();
      logSpace = true;
    } else {
      kind = 1;
      delta = 0;
      k = 1;
      logSpace = objective instanceof Objective.SquaredLog;
    }
  }

  private static double[] pick(double[] a, int[] idx, int n) {
    var out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = a[idx == null ? i : idx[i]];
    }
    return out;
  }

  private static double[] logs(double[] a, int[] idx, int n) {
    var out = new double[n];
    if (a == null) {
      java.util.Arrays.fill(out, Double.NaN);
      return out;
    }
    for (int i = 0; i < n; i++) {
      out[i] = Math.log(a[idx == null ? i : idx[i]]);
    }
    return out;
  }

  double[] template() {
    return template.clone();
  }

  @Override
  public int points() {
    return n;
  }

  @Override
  public int dim() {
    return free.length;
  }

  /** Full internal vector from free coordinates. */
  double[] full(double[] x) {
    var theta = template.clone();
    for (int j = 0; j < free.length; j++) {
      theta[free[j]] = x[j];
    }
    return theta;
  }

  /** Free coordinates of a full internal vector. */
  double[] freeOf(double[] theta) {
    var x = new double[free.length];
    for (int j = 0; j < free.length; j++) {
      x[j] = theta[free[j]];
    }
    return x;
  }

  @Override
  public double weight(int i) {
    return w == null ? 1.0 : w[i];
  }

  /** Huber's delta, or NaN for the other objectives (no Huber polish). */
  @Override
  public double delta() {
    return kind == 0 ? delta : Double.NaN;
  }

  /** Residuals r_i (log or linear, not weighted) and their Jacobian in the free coordinates. */
  @Override
  public void residuals(double[] x, double[] r, double[][] jac) {
    var theta = full(x);
    var g = new double[law.parameterCount()];
    for (int i = 0; i < n; i++) {
      double lp = law.logPredict(theta, lnN[i], lnD[i], lnC[i], g);
      double scale;
      if (logSpace) {
        r[i] = lp - lnL[i];
        scale = 1;
      } else {
        double pred = Math.exp(lp);
        r[i] = pred - L[i];
        scale = pred;
      }
      for (int j = 0; j < free.length; j++) {
        jac[i][j] = scale * g[free[j]];
      }
    }
  }

  /** Whether the points carry weights. */
  boolean weighted() {
    return w != null;
  }

  /** Residual r_i at full internal theta: log or linear. */
  double residual(double[] theta, int i) {
    double lp = law.logPredict(theta, lnN[i], lnD[i], lnC[i]);
    return logSpace ? lp - lnL[i] : Math.exp(lp) - L[i];
  }

  /** rho(r): the per-point loss. */
  double rho(double r) {
    return switch (kind) {
      // Huber (1964); delta = 1e-3 on log residuals (Hoffmann et al. 2022, App. D.2)
      case 0 -> Objective.Huber.rho(r, delta);
      case 1 -> r * r;
      default -> r > 0 ? k * r * r : r * r;
    };
  }

  /** d rho / d r. */
  double psi(double r) {
    return switch (kind) {
      case 0 -> Math.max(-delta, Math.min(delta, r));
      case 1 -> 2 * r;
      default -> r > 0 ? 2 * k * r : 2 * r;
    };
  }

  /** The exact objective sum_i w_i rho(r_i) at free coordinates x. */
  @Override
  public double value(double[] x) {
    return valueFull(full(x));
  }

  /** The exact objective at a full internal vector. */
  double valueFull(double[] theta) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double r = residual(theta, i);
      sum += weight(i) * rho(r);
    }
    return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
  }

  /**
   * The exact objective at each of {@code xs}, as {@link #value} to rounding. For Chinchilla the
   * powers N^-alpha and D^-beta are computed once per distinct exponent (a start grid has few), so
   * a start costs one logarithm per point instead of three exponentials and one.
   */
  double[] values(java.util.List<double[]> xs) {
    var out = new double[xs.size()];
    if (!(law instanceof dev.lawfit.law.Chinchilla)) {
      for (int s = 0; s < out.length; s++) {
        out[s] = value(xs.get(s));
      }
      return out;
    }
    var powersN = new java.util.HashMap<Double, double[]>();
    var powersD = new java.util.HashMap<Double, double[]>();
    for (int s = 0; s < out.length; s++) {
      double[] t = full(xs.get(s));
      double[] uN = powersN.computeIfAbsent(t[3], alpha -> powers(alpha, lnN));
      double[] vD = powersD.computeIfAbsent(t[4], beta -> powers(beta, lnD));
      double bigE = Math.exp(t[0]);
      double bigA = Math.exp(t[1]);
      double bigB = Math.exp(t[2]);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double pred = bigA * uN[i] + bigB * vD[i] + bigE;
        double lp =
            pred > 1e-200 && pred < 1e200
                ? Math.log(pred)
                : law.logPredict(t, lnN[i], lnD[i], lnC[i]);
        double r = logSpace ? lp - lnL[i] : Math.exp(lp) - L[i];
        sum += weight(i) * rho(r);
      }
      out[s] = Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
    }
    return out;
  }

  private static double[] powers(double exponent, double[] lnX) {
    var out = new double[lnX.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.exp(-exponent * lnX[i]);
    }
    return out;
  }

  /** Gradient of the exact objective with respect to the free coordinates. */
  double[] gradient(double[] x) {
    var theta = full(x);
    var g = new double[law.parameterCount()];
    var out = new double[free.length];
    for (int i = 0; i < n; i++) {
      double lp = law.logPredict(theta, lnN[i], lnD[i], lnC[i], g);
      double r;
      double scale;
      if (logSpace) {
        r = lp - lnL[i];
        scale = 1;
      } else {
        double pred = Math.exp(lp);
        r = pred - L[i];
        scale = pred;
      }
      double c = weight(i) * psi(r) * scale;
      for (int j = 0; j < free.length; j++) {
        out[j] += c * g[free[j]];
      }
    }
    return out;
  }

  /**
   * The least-squares form used by Levenberg–Marquardt: residuals s_i with sum s_i^2 = c * value (c
   * = 2 for Huber, 1 otherwise) and their Jacobian with respect to the free coordinates. For Huber,
   * s = sign(r) sqrt(2 rho(r)), continuously differentiable, so the stationary points of sum s^2
   * are exactly those of the Huber objective (sum s s' grad r = sum psi(r) grad r); the square-root
   * trick of Triggs et al. 2000, "Bundle adjustment: a modern synthesis", sec. 4.
   */
  @Override
  public void leastSquares(double[] x, double[] s, double[][] jac) {
    var theta = full(x);
    var g = new double[law.parameterCount()];
    for (int i = 0; i < n; i++) {
      double lp = law.logPredict(theta, lnN[i], lnD[i], lnC[i], g);
      double r;
      double drScale;
      if (logSpace) {
        r = lp - lnL[i];
        drScale = 1;
      } else {
        double pred = Math.exp(lp);
        r = pred - L[i];
        drScale = pred;
      }
      double sw = w == null ? 1.0 : Math.sqrt(w[i]);
      double si;
      double ds;
      switch (kind) {
        case 0 -> {
          double a = Math.abs(r);
          if (a <= delta) {
            si = r;
            ds = 1;
          } else {
            double mag = Math.sqrt(delta * (2 * a - delta));
            si = Math.copySign(mag, r);
            ds = delta / mag;
          }
        }
        case 1 -> {
          si = r;
          ds = 1;
        }
        default -> {
          double f = r > 0 ? Math.sqrt(k) : 1.0;
          si = f * r;
          ds = f;
        }
      }
      s[i] = sw * si;
      double c = sw * ds * drScale;
      for (int j = 0; j < free.length; j++) {
        jac[i][j] = c * g[free[j]];
      }
    }
  }

  /** Scale between {@link #leastSquares} cost and {@link #value}: sum s^2 = factor * value. */
  double lsFactor() {
    return kind == 0 ? 2.0 : 1.0;
  }

  /**
   * Jacobian of the plain residuals r_i (weighted by sqrt w_i) with respect to the free
   * coordinates, and the residuals themselves; for covariance-based standard errors.
   */
  void plainResiduals(double[] x, double[] r, double[][] jac) {
    residuals(x, r, jac);
    if (w == null) {
      return;
    }
    for (int i = 0; i < n; i++) {
      double sw = Math.sqrt(w[i]);
      r[i] *= sw;
      for (int j = 0; j < free.length; j++) {
        jac[i][j] *= sw;
      }
    }
  }

  /** Log of the prediction at point i. */
  double logPrediction(double[] theta, int i) {
    return law.logPredict(theta, lnN[i], lnD[i], lnC[i]);
  }

  double loss(int i) {
    return L[i];
  }

  /** ln N of point i (NaN when the points have no sizes). */
  double logParams(int i) {
    return lnN[i];
  }

  /** ln D of point i (NaN when the points have no token counts). */
  double logTokens(int i) {
    return lnD[i];
  }

  double logLoss(int i) {
    return lnL[i];
  }
}
