package dev.lawfit.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Huber polish on linear regressions with heavy-tailed noise: a convex objective, so a point
 * where the Huber gradient sum w psi(r) x vanishes is the global optimum, and the best objective
 * over many Levenberg–Marquardt runs in the square-root form (the engine's reference path, with
 * today's tight tolerances) cannot be lower.
 */
class HuberNewtonTest {

  private static final double DELTA = 0.05;

  /** y = 1 + 2 t - 0.5 t^2 + Cauchy noise, weighted points; residuals r = X b - y. */
  private record Linear(double[][] design, double[] y, double[] w) implements HuberNewton.Form {
    static Linear of(long seed, int n) {
      var rng = new SplittableRandom(seed);
      var design = new double[n][];
      var y = new double[n];
      var w = new double[n];
      for (int i = 0; i < n; i++) {
        double t = rng.nextDouble(-2, 2);
        design[i] = new double[] {1, t, t * t};
        double noise = 0.02 * Math.tan(Math.PI * (rng.nextDouble() - 0.5));
        y[i] = 1 + 2 * t - 0.5 * t * t + noise;
        w[i] = rng.nextDouble(0.5, 2);
      }
      return new Linear(design, y, w);
    }

    @Override
    public int points() {
      return y.length;
    }

    @Override
    public int dim() {
      return 3;
    }

    @Override
    public double delta() {
      return DELTA;
    }

    @Override
    public double weight(int i) {
      return w[i];
    }

    @Override
    public void residuals(double[] b, double[] r, double[][] jac) {
      for (int i = 0; i < y.length; i++) {
        r[i] = -y[i];
        for (int j = 0; j < 3; j++) {
          r[i] += design[i][j] * b[j];
          jac[i][j] = design[i][j];
        }
      }
    }

    /** The square-root form, as Problem writes it for Huber. */
    @Override
    public void leastSquares(double[] b, double[] s, double[][] jac) {
      var r = new double[y.length];
      residuals(b, r, jac);
      for (int i = 0; i < y.length; i++) {
        double a = Math.abs(r[i]);
        double mag = a <= DELTA ? a : Math.sqrt(DELTA * (2 * a - DELTA));
        double ds = a <= DELTA ? 1 : DELTA / mag;
        double sw = Math.sqrt(w[i]);
        s[i] = sw * Math.copySign(mag, r[i]);
        for (int j = 0; j < 3; j++) {
          jac[i][j] *= sw * ds;
        }
      }
    }

    @Override
    public double value(double[] b) {
      var r = new double[y.length];
      residuals(b, r, new double[y.length][3]);
      double sum = 0;
      for (int i = 0; i < y.length; i++) {
        double a = Math.abs(r[i]);
        sum += w[i] * (a <= DELTA ? 0.5 * a * a : DELTA * (a - 0.5 * DELTA));
      }
      return sum;
    }

    /** The Huber gradient sum w psi(r) x, scaled by sum w delta |x| (its size far from 0). */
    double relativeGradient(double[] b) {
      var r = new double[y.length];
      residuals(b, r, new double[y.length][3]);
      double worst = 0;
      for (int j = 0; j < 3; j++) {
        double g = 0;
        double scale = 0;
        for (int i = 0; i < y.length; i++) {
          g += w[i] * Math.max(-DELTA, Math.min(DELTA, r[i])) * design[i][j];
          scale += w[i] * DELTA * Math.abs(design[i][j]);
        }
        worst = Math.max(worst, Math.abs(g) / scale);
      }
      return worst;
    }
  }

  /** A plain form without the polish: Levenberg–Marquardt alone, the reference path. */
  private static LocalSolver.Form lmOnly(Linear f) {
    return new LocalSolver.Form() {
      @Override
      public int points() {
        return f.points();
      }

      @Override
      public int dim() {
        return 3;
      }

      @Override
      public void leastSquares(double[] b, double[] s, double[][] jac) {
        f.leastSquares(b, s, jac);
      }

      @Override
      public double value(double[] b) {
        return f.value(b);
      }
    };
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void reachesTheConvexOptimumFromFarAndNear(long seed) {
    var f = Linear.of(seed, 200);
    double[] far = {-5, 7, 3};
    double reference = LocalSolver.solve(lmOnly(f), far, 5000).value();
    for (double[] start : new double[][] {far, {1, 2, -0.5}}) {
      var out = LocalSolver.solve(f, start, 5000);
      assertTrue(out.converged());
      assertTrue(
          f.relativeGradient(out.x()) < 1e-10, () -> "gradient " + f.relativeGradient(out.x()));
      assertTrue(out.value() <= reference * (1 + 1e-12), out.value() + " vs " + reference);
      assertEquals(reference, out.value(), 1e-9 * reference);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {6, 7})
  void polishNeverRaisesTheObjective(long seed) {
    var f = Linear.of(seed, 60);
    double[] start = {0.5, 1.5, 0};
    double before = f.value(start);
    var out = HuberNewton.polish(f, start, before);
    assertTrue(out.value() <= before);
    assertEquals(f.value(out.x()), out.value(), 1e-15 * out.value());
  }
}
