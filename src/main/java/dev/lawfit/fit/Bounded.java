package dev.lawfit.fit;

import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.law.Law;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bounds on the free internal coordinates of a problem, and the parametrisation that keeps a local
 * optimisation inside them: a coordinate x with a lower bound only is {@code lo + e^u}, with an
 * upper bound only {@code hi - e^u}, with both {@code lo + (hi - lo) / (1 + e^-u)}, and free u is
 * unconstrained (the transforms of Nocedal and Wright's box-constraint discussion; STACK.md:
 * Commons Math's parameter validator only clamps). Immutable.
 */
final class Bounded {
  /** Internal-unit distance from a bound within which a coordinate counts as sitting on it. */
  static final double AT_BOUND = 1e-6;

  /** How far inside a bound a start on or beyond it is moved, internal units. */
  private static final double MARGIN = 1e-2;

  private final double[] lo;
  private final double[] hi;
  private final boolean active;

  private Bounded(double[] lo, double[] hi) {
    this.lo = lo;
    this.hi = hi;
    boolean any = false;
    for (int a = 0; a < lo.length; a++) {
      any |= lo[a] > Double.NEGATIVE_INFINITY || hi[a] < Double.POSITIVE_INFINITY;
    }
    this.active = any;
  }

  /**
   * The bounds of the free coordinates, in internal units (the law's transforms are increasing).
   *
   * @throws FitException BAD_OPTION for an unknown parameter or a bound that leaves no admissible
   *     value
   */
  static Bounded of(Law law, Map<String, Bound> bounds, int[] free) throws FitException {
    double[] lo = new double[free.length];
    double[] hi = new double[free.length];
    java.util.Arrays.fill(lo, Double.NEGATIVE_INFINITY);
    java.util.Arrays.fill(hi, Double.POSITIVE_INFINITY);
    for (var e : bounds.entrySet()) {
      int j = law.indexOf(e.getKey());
      if (j < 0) {
        throw new FitException(
            Reason.BAD_OPTION,
            "bound on unknown parameter '"
                + e.getKey()
                + "' for law "
                + law.name()
                + "; valid: "
                + String.join(", ", law.parameterNames()));
      }
      int a = indexIn(free, j);
      if (a < 0) {
        continue; // fixed: its value is the user's, not the fit's
      }
      Bound b = e.getValue();
      if (b.upper() < Double.POSITIVE_INFINITY && !law.admissible(j, b.upper())) {
        throw new FitException(
            Reason.BAD_OPTION,
            "bound " + e.getKey() + " = " + b + " leaves no value in its domain");
      }
      lo[a] =
          law.admissible(j, b.lower()) ? law.toInternal(j, b.lower()) : Double.NEGATIVE_INFINITY;
      hi[a] =
          law.admissible(j, b.upper()) ? law.toInternal(j, b.upper()) : Double.POSITIVE_INFINITY;
      if (!(lo[a] < hi[a])) {
        throw new FitException(
            Reason.BAD_OPTION,
            "bound " + e.getKey() + " = " + b + " pins the parameter: fix it with --fix instead");
      }
    }
    return new Bounded(lo, hi);
  }

  private static int indexIn(int[] free, int j) {
    for (int a = 0; a < free.length; a++) {
      if (free[a] == j) {
        return a;
      }
    }
    return -1;
  }

  /** Whether any coordinate is bounded. */
  boolean active() {
    return active;
  }

  /** Whether {@code x} lies inside every bound. */
  boolean contains(double[] x) {
    for (int a = 0; a < x.length; a++) {
      if (!(x[a] >= lo[a] && x[a] <= hi[a])) {
        return false;
      }
    }
    return true;
  }

  /** Indices of the coordinates of {@code x} within {@link #AT_BOUND} of a bound. */
  List<Integer> atBound(double[] x) {
    List<Integer> out = new ArrayList<>();
    for (int a = 0; a < x.length; a++) {
      if (x[a] - lo[a] <= AT_BOUND || hi[a] - x[a] <= AT_BOUND) {
        out.add(a);
      }
    }
    return out;
  }

  /** The free coordinates of {@code u}. */
  double[] toX(double[] u) {
    double[] x = new double[u.length];
    for (int a = 0; a < u.length; a++) {
      x[a] = x(a, u[a]);
    }
    return x;
  }

  private double x(int a, double u) {
    boolean l = lo[a] > Double.NEGATIVE_INFINITY;
    boolean h = hi[a] < Double.POSITIVE_INFINITY;
    if (l && h) {
      return lo[a] + (hi[a] - lo[a]) / (1 + Math.exp(-u));
    }
    return l ? lo[a] + Math.exp(u) : h ? hi[a] - Math.exp(u) : u;
  }

  private double dxdu(int a, double u) {
    boolean l = lo[a] > Double.NEGATIVE_INFINITY;
    boolean h = hi[a] < Double.POSITIVE_INFINITY;
    if (l && h) {
      double s = 1 / (1 + Math.exp(-u));
      return (hi[a] - lo[a]) * s * (1 - s);
    }
    return l ? Math.exp(u) : h ? -Math.exp(u) : 1;
  }

  /** The u of {@code x}, moved {@link #MARGIN} inside any bound it sits on or beyond. */
  double[] toU(double[] x) {
    double[] u = new double[x.length];
    for (int a = 0; a < x.length; a++) {
      boolean l = lo[a] > Double.NEGATIVE_INFINITY;
      boolean h = hi[a] < Double.POSITIVE_INFINITY;
      double margin = l && h ? Math.min(MARGIN, (hi[a] - lo[a]) / 4) : MARGIN;
      double v = Math.max(l ? lo[a] + margin : x[a], Math.min(h ? hi[a] - margin : x[a], x[a]));
      u[a] =
          l && h
              ? Math.log((v - lo[a]) / (hi[a] - v))
              : l ? Math.log(v - lo[a]) : h ? Math.log(hi[a] - v) : v;
    }
    return u;
  }

  /** {@code form} in the coordinates u: the same residuals, the Jacobian times dx/du. */
  LocalSolver.Form wrap(LocalSolver.Form form) {
    var huber = form instanceof HuberNewton.Form h ? h : null;
    return new HuberNewton.Form() {
      @Override
      public double delta() {
        return huber == null ? Double.NaN : huber.delta();
      }

      @Override
      public double weight(int i) {
        return huber.weight(i);
      }

      @Override
      public void residuals(double[] u, double[] r, double[][] jac) {
        huber.residuals(toX(u), r, jac);
        chain(u, jac);
      }

      @Override
      public int points() {
        return form.points();
      }

      @Override
      public int dim() {
        return form.dim();
      }

      @Override
      public void leastSquares(double[] u, double[] s, double[][] jac) {
        form.leastSquares(toX(u), s, jac);
        chain(u, jac);
      }

      @Override
      public double value(double[] u) {
        return form.value(toX(u));
      }
    };
  }

  /**
   * Normal equations in x to those in u: the gradient g and each p x p (row-major) Gauss–Newton
   * matrix as if every column of the Jacobian were multiplied by dx/du.
   */
  void chain(double[] u, double[] g, double[]... matrices) {
    int p = u.length;
    var d = new double[p];
    for (int j = 0; j < p; j++) {
      d[j] = dxdu(j, u[j]);
      g[j] *= d[j];
    }
    for (double[] m : matrices) {
      for (int j = 0; j < p; j++) {
        for (int k = 0; k < p; k++) {
          m[j * p + k] *= d[j] * d[k];
        }
      }
    }
  }

  /** Jacobian in x to Jacobian in u: each column times dx/du. */
  private void chain(double[] u, double[][] jac) {
    for (int a = 0; a < u.length; a++) {
      double d = dxdu(a, u[a]);
      for (double[] row : jac) {
        row[a] *= d;
      }
    }
  }

  /**
   * One local optimisation that ends inside the bounds: the unconstrained solve when it ends inside
   * them at a finite objective (an interior local optimum is one of the bounded problem too, so
   * fits that never touch a bound are exactly those without bounds), else the solve in u from the
   * same start.
   */
  LocalSolver.Outcome solve(
      LocalSolver.Form form, double[] x0, int maxIterations, boolean resample) {
    var free = LocalSolver.solve(form, x0, maxIterations, resample);
    if (!active || contains(free.x()) && Double.isFinite(free.value())) {
      return free;
    }
    var bounded = LocalSolver.solve(wrap(form), toU(x0), maxIterations, resample);
    return new LocalSolver.Outcome(
        toX(bounded.x()),
        bounded.value(),
        bounded.converged(),
        free.evaluations() + bounded.evaluations());
  }
}
