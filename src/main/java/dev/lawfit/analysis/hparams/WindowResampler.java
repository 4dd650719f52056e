package dev.lawfit.analysis.hparams;

import java.util.SplittableRandom;

/**
 * Resamples one sweep's parabola window: the fitted parabola plus each point's residual with a
 * random sign (the wild bootstrap, Wu 1986), refitted, so that a law's bootstrap carries every
 * optimum's own uncertainty, however it varies from group to group.
 *
 * <p>The sign belongs to the run, not to the point (the wild cluster bootstrap, Cameron, Gelbach
 * and Miller 2008): a run evaluated at several budgets is in several windows, and a seed's luck
 * moves its loss at all of them alike, so the optima of neighbouring budgets err together. One sign
 * per run keeps that correlation in every resample; a sign per point made the laws' intervals too
 * narrow (on simulated sweeps with a run-level noise as large as the checkpoints', q's 95%
 * intervals covered the planted value in 65% of seeds).
 *
 * <p>Residuals are scaled by {@code 1/sqrt(1 - h)} (HC2, MacKinnon and White 1985): in a five-point
 * parabola the end points have leverage near 0.9 and their raw residuals hide most of their error.
 * The window stays the one chosen on the data.
 */
final class WindowResampler {
  /** One refit: the parabola's vertex, minimum and coefficient a. */
  record Draw(double vertex, double minimum, double curvature) {}

  private final double centre;
  private final double[][]
      inverse; // (D'D)^-1: the coefficients' covariance per unit noise variance
  private final double[][] solve; // rows of (D'D)^-1 D': b = solve y*
  private final double[] fitted;
  private final double[] scaled;
  private final int[] runs; // each point's run: its index into the signs of a resample

  private WindowResampler(
      double centre,
      double[][] inverse,
      double[][] solve,
      double[] fitted,
      double[] scaled,
      int[] runs) {
    this.centre = centre;
    this.inverse = inverse;
    this.solve = solve;
    this.fitted = fitted;
    this.scaled = scaled;
    this.runs = runs;
  }

  /**
   * One resample's signs, a Rademacher weight per run (Wu 1986): {@code runs} values of +1 or -1.
   */
  static double[] signs(SplittableRandom random, int runs) {
    double[] out = new double[runs];
    for (int r = 0; r < runs; r++) {
      out[r] = random.nextBoolean() ? 1 : -1;
    }
    return out;
  }

  /**
   * var(x*) per unit noise variance of a parabola with coefficient {@code curvature} and vertex
   * {@code vertex} fitted to this window's design: (U11 + 4 d U12 + 4 d^2 U22) / (4 a^2), d =
   * vertex - centre, U = (D'D)^-1 (delta method for x* = centre - b1 / (2 b2)).
   */
  double vertexVariance(double vertex, double curvature) {
    double d = vertex - centre;
    return (inverse[1][1] + 4 * d * inverse[1][2] + 4 * d * d * inverse[2][2])
        / (4 * curvature * curvature);
  }

  /** var(a) per unit noise variance: U22. */
  double curvatureVariance() {
    return inverse[2][2];
  }

  /**
   * The resampler of the points {@code (x, y)} a parabola was fitted to, point i from run {@code
   * runs[i]} (an index below the length of the signs it will be drawn with); {@code null} when the
   * fit is singular.
   */
  static WindowResampler of(double[] x, double[] y, int[] runs) {
    int n = x.length;
    double m = 0;
    for (double v : x) {
      m += v;
    }
    m /= n;
    double[][] d = new double[n][];
    double[][] dtd = new double[3][3];
    for (int i = 0; i < n; i++) {
      double t = x[i] - m;
      d[i] = new double[] {1, t, t * t};
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          dtd[a][b] += d[i][a] * d[i][b];
        }
      }
    }
    double[][] inv = invert3(dtd);
    if (inv == null) {
      return null;
    }
    double[][] solve = new double[3][n];
    for (int a = 0; a < 3; a++) {
      for (int i = 0; i < n; i++) {
        for (int b = 0; b < 3; b++) {
          solve[a][i] += inv[a][b] * d[i][b];
        }
      }
    }
    double[] beta = new double[3];
    for (int a = 0; a < 3; a++) {
      for (int i = 0; i < n; i++) {
        beta[a] += solve[a][i] * y[i];
      }
    }
    double[] fitted = new double[n];
    double[] scaled = new double[n];
    for (int i = 0; i < n; i++) {
      double h = 0;
      for (int a = 0; a < 3; a++) {
        fitted[i] += beta[a] * d[i][a];
        h += d[i][a] * solve[a][i];
      }
      scaled[i] = (y[i] - fitted[i]) / Math.sqrt(Math.max(1 - h, 1e-6));
    }
    return new WindowResampler(m, inv, solve, fitted, scaled, runs.clone());
  }

  /**
   * One resample of the window, refitted: each point's residual times its run's sign in {@code
   * signs}.
   */
  Draw draw(double[] signs) {
    double[] b = coefficients(signs);
    return new Draw(centre - b[1] / (2 * b[2]), b[0] - b[1] * b[1] / (4 * b[2]), b[2]);
  }

  private double[] coefficients(double[] signs) {
    double b0 = 0;
    double b1 = 0;
    double b2 = 0;
    for (int i = 0; i < fitted.length; i++) {
      double y = fitted[i] + signs[runs[i]] * scaled[i];
      b0 += solve[0][i] * y;
      b1 += solve[1][i] * y;
      b2 += solve[2][i] * y;
    }
    return new double[] {b0, b1, b2};
  }

  private static double[][] invert3(double[][] a) {
    double c00 = a[1][1] * a[2][2] - a[1][2] * a[2][1];
    double c01 = a[1][2] * a[2][0] - a[1][0] * a[2][2];
    double c02 = a[1][0] * a[2][1] - a[1][1] * a[2][0];
    double det = a[0][0] * c00 + a[0][1] * c01 + a[0][2] * c02;
    double scale = Math.abs(a[0][0] * a[1][1] * a[2][2]);
    if (!(Math.abs(det) > 1e-12 * scale)) {
      return null;
    }
    return new double[][] {
      {
        c00 / det,
        (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det,
        (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det
      },
      {
        c01 / det,
        (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det,
        (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det
      },
      {
        c02 / det,
        (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det,
        (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det
      }
    };
  }
}
