package dev.lawfit.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Lines, parabolas and log-log power laws against closed forms. */
class FitsTest {
  private static double[][] column(double[] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = new double[] {x[i]};
    }
    return out;
  }

  @Test
  void lineMatchesTheClosedFormOfSimpleRegression() {
    double[] x = {1, 2, 3, 4, 5, 6};
    double[] y = {1.1, 1.9, 3.2, 3.8, 5.3, 5.9};
    // Closed form: b1 = Sxy / Sxx, b0 = ybar - b1 xbar, s^2 = RSS / (n - 2), se(b1) = sqrt(s^2 /
    // Sxx).
    double xbar = 3.5;
    double ybar = (1.1 + 1.9 + 3.2 + 3.8 + 5.3 + 5.9) / 6;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < 6; i++) {
      sxx += (x[i] - xbar) * (x[i] - xbar);
      sxy += (x[i] - xbar) * (y[i] - ybar);
    }
    double b1 = sxy / sxx;
    double b0 = ybar - b1 * xbar;
    double rss = 0;
    for (int i = 0; i < 6; i++) {
      rss += Math.pow(y[i] - b0 - b1 * x[i], 2);
    }
    LinearFit f = LinearFit.of(column(x), y, null);
    assertEquals(b0, f.beta()[0], 1e-12);
    assertEquals(b1, f.beta()[1], 1e-12);
    assertEquals(4, f.df());
    assertEquals(Math.sqrt(rss / 4 / sxx), f.stderr(1), 1e-12);
    assertEquals(Math.sqrt(rss / 4 * (1.0 / 6 + xbar * xbar / sxx)), f.stderr(0), 1e-12);
    assertArrayEquals(f.beta(), LinearFit.coefficients(column(x), y, null), 1e-12);
  }

  @Test
  void integerWeightsAreRepeatedPoints() {
    double[] x = {0, 1, 2, 3};
    double[] y = {0.1, 0.9, 2.3, 2.8};
    double[] w = {1, 3, 2, 1};
    double[] xr = {0, 1, 1, 1, 2, 2, 3};
    double[] yr = {0.1, 0.9, 0.9, 0.9, 2.3, 2.3, 2.8};
    LinearFit weighted = LinearFit.of(column(x), y, w);
    LinearFit repeated = LinearFit.of(column(xr), yr, null);
    assertArrayEquals(repeated.beta(), weighted.beta(), 1e-12);
    assertArrayEquals(repeated.beta(), LinearFit.coefficients(column(x), y, w), 1e-12);
  }

  @Test
  void aSingularDesignIsNull() {
    assertNull(LinearFit.of(column(new double[] {2, 2, 2}), new double[] {1, 2, 3}, null));
    assertNull(
        LinearFit.coefficients(column(new double[] {2, 2, 2}), new double[] {1, 2, 3}, null));
  }

  @Test
  void parabolaThroughExactPointsHasItsVertexAndNoInterval() {
    // y = 3 + 0.5 (x - 1.2)^2 through three points: exact, no residual degrees of freedom.
    double[] x = {0, 1, 3};
    double[] y = new double[3];
    for (int i = 0; i < 3; i++) {
      y[i] = 3 + 0.5 * (x[i] - 1.2) * (x[i] - 1.2);
    }
    Parabola p = Parabola.fit(x, y);
    assertEquals(1.2, p.vertex(), 1e-12);
    assertEquals(3, p.minimum(), 1e-12);
    assertEquals(0.5, p.curvature(), 1e-12);
    assertTrue(p.convex());
    assertFalse(p.hasIntervals());
    assertTrue(Double.isNaN(p.vertexStderr()) && Double.isNaN(p.curvatureStderr()));
  }

  @Test
  void parabolaIntervalsAreStudentTOnTheDeltaMethod() {
    SplittableRandom random = new SplittableRandom(11);
    double[] x = {-2, -1, 0, 1, 2, -2, -1, 0, 1, 2};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 1 + 0.3 * x[i] + 2 * x[i] * x[i] + 0.1 * (random.nextDouble() - 0.5);
    }
    Parabola p = Parabola.fit(x, y);
    // Independently: the same regression on (1, x, x^2) (x already has mean 0), then the delta
    // method.
    double[][] design = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      design[i] = new double[] {x[i], x[i] * x[i]};
    }
    LinearFit f = LinearFit.of(design, y, null);
    double b1 = f.beta()[1];
    double b2 = f.beta()[2];
    double g1 = -1 / (2 * b2);
    double g2 = b1 / (2 * b2 * b2);
    double[][] c = f.covariance();
    double se = Math.sqrt(g1 * g1 * c[1][1] + 2 * g1 * g2 * c[1][2] + g2 * g2 * c[2][2]);
    double t = 2.36462425159278; // t(0.975) with 10 - 3 = 7 degrees of freedom
    assertEquals(-b1 / (2 * b2), p.vertex(), 1e-12);
    assertEquals(p.vertex() - t * se, p.vertexLow(), 1e-9);
    assertEquals(p.vertex() + t * se, p.vertexHigh(), 1e-9);
    assertEquals(b2 - t * Math.sqrt(c[2][2]), p.curvatureLow(), 1e-9);
    assertEquals(se, p.vertexStderr(), 1e-12); // the errors the intervals are made from
    assertEquals(Math.sqrt(c[2][2]), p.curvatureStderr(), 1e-12);
  }

  @Test
  void powerLawInLogLogRecoversItsParametersAndNegatesWhereAsked() {
    double[] x = {1, 2, 4, 8, 16};
    double[] lnY = new double[x.length];
    double[] lnX = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      lnX[i] = Math.log(x[i]);
      lnY[i] = Math.log(3 * Math.pow(x[i], -0.5)); // y = 3 x^-0.5
    }
    LinearFit line = LinearFit.of(column(lnX), lnY, null);
    var names = new PowerLawFit.Names("s0", List.of("u"), List.of(true)); // y = s0 x^-u
    Map<String, PowerLawFit.Parameter> p = PowerLawFit.tIntervals(line, names);
    assertEquals(3, p.get("s0").value(), 1e-12);
    assertEquals(0.5, p.get("u").value(), 1e-12);
    assertEquals(0, p.get("u").stderr(), 1e-12); // an exact law: no residual spread
  }

  @Test
  void bootstrappedParametersAreTheDrawsSdAndPercentiles() {
    List<double[]> draws = List.of(new double[] {1, 4}, new double[] {3, 2}, new double[] {2, 3});
    var p = PowerLawFit.bootstrapped(new double[] {2, 3}, draws, PowerLawFit.Names.of("k", "a"));
    assertEquals(1, p.get("k").stderr(), 1e-15); // sd of {1, 2, 3}
    assertEquals(
        List.of(1.05, 2.95),
        p.get("k").ci95().stream().map(v -> Math.round(v * 1e12) / 1e12).toList());
    assertEquals(3, p.get("a").value(), 0);
  }
}
