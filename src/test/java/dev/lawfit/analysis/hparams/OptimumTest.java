package dev.lawfit.analysis.hparams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A swept loss curve's minimum: the window, the vertex and every status, on curves with a known
 * answer.
 */
class OptimumTest {
  private static final double[] X = {0, 1, 2, 3, 4, 5, 6, 7, 8};

  private static double[] curve(double vertex, double a) {
    double[] y = new double[X.length];
    for (int i = 0; i < X.length; i++) {
      y[i] = 3 + a * (X[i] - vertex) * (X[i] - vertex);
    }
    return y;
  }

  @Test
  void interiorMinimumIsTheVertexOfTheFiveValuesAroundTheLowest() {
    Optimum o = Optimum.find(X, curve(4.3, 0.2), 2);
    assertEquals(Optimum.Status.OK, o.status());
    assertEquals(4.3, o.fit().vertex(), 1e-12);
    assertEquals(0.2, o.fit().curvature(), 1e-12);
    assertEquals(4, o.best(), 0); // the swept value with the lowest loss
    assertEquals(2, o.windowLow(), 0);
    assertEquals(6, o.windowHigh(), 0);
    assertEquals(9, o.distinct());
  }

  /** {@code 2 + b (e^(x - v) + e^(v - x))}: a + b B + c / B in x = ln B, its minimum at v. */
  private static double[] inverseCurve(double vertex, double b) {
    double[] y = new double[X.length];
    for (int i = 0; i < X.length; i++) {
      y[i] = 2 + b * (Math.exp(X[i] - vertex) + Math.exp(vertex - X[i]));
    }
    return y;
  }

  @Test
  void theInverseCurvesVertexIsExactWhereTheWindowCannotBeCentredOnIt() {
    // The lowest value is the last but one, so the window is the last five, its centre at 6 and
    // the vertex 1.2 above it; a parabola through the same points is pulled towards the centre.
    double[] y = inverseCurve(7.2, 0.01);
    Optimum o = Optimum.find(X, y, 2, true);
    assertEquals(Optimum.Status.OK, o.status());
    assertEquals(4, o.windowLow(), 0);
    assertEquals(8, o.windowHigh(), 0);
    assertEquals(7.2, o.fit().vertex(), 1e-9);
    assertEquals(2 + 2 * 0.01, o.fit().minimum(), 1e-12);
    assertEquals(0.01, o.fit().curvature(), 1e-12); // half the second derivative at the vertex
    assertTrue(Optimum.find(X, y, 2).fit().vertex() < 7.2 - 0.1, "a parabola's vertex");
  }

  @Test
  void anInverseCurveWithoutAMinimumIsAnEdgeWhereTheLowestLossIsAtAnEnd() {
    double[] y = new double[X.length];
    for (int i = 0; i < X.length; i++) {
      y[i] = 3 + 0.1 * Math.exp(X[i] - 4); // a + b B: rises throughout, no 1/B term
    }
    Optimum o = Optimum.find(X, y, 2, true);
    assertEquals(Optimum.Status.EDGE_LOW, o.status());
    assertTrue(!o.fit().convex() && Double.isNaN(o.fit().vertex()));
    double[] falling = new double[X.length];
    for (int i = 0; i < X.length; i++) {
      falling[i] = y[X.length - 1 - i];
    }
    assertEquals(Optimum.Status.EDGE_HIGH, Optimum.find(X, falling, 2, true).status());
  }

  @Test
  void windowMovesInwardsAtTheEnds() {
    Optimum o = Optimum.find(X, curve(0.4, 0.2), 2);
    assertEquals(0, o.windowLow(), 0);
    assertEquals(4, o.windowHigh(), 0); // still five values
    assertEquals(Optimum.Status.EDGE_LOW, o.status());
    assertEquals(Optimum.Status.EDGE_HIGH, Optimum.find(X, curve(7.9, 0.2), 2).status());
  }

  @Test
  void concaveFewAndNoPointsHaveTheirStatus() {
    assertEquals(
        Optimum.Status.NOT_CONVEX,
        Optimum.find(X, curve(4, -0.2), 2).status()); // lowest at an end, but no minimum
    Optimum two = Optimum.find(new double[] {1, 2, 1, 2}, new double[] {3, 2, 3, 2}, 2);
    assertEquals(Optimum.Status.TOO_FEW, two.status());
    assertEquals(2, two.distinct());
    assertNull(two.fit());
    assertEquals(Optimum.Status.NONE, Optimum.find(new double[0], new double[0], 2).status());
  }

  @Test
  void repeatedValuesAreAveragedToFindTheLowestAndAllFitted() {
    // Two seeds per value; the mean is the curve, each seed is +-0.01 off it.
    double[] x = new double[2 * X.length];
    double[] y = new double[2 * X.length];
    double[] c = curve(4.3, 0.2);
    for (int i = 0; i < X.length; i++) {
      x[2 * i] = X[i];
      x[2 * i + 1] = X[i];
      y[2 * i] = c[i] + 0.01;
      y[2 * i + 1] = c[i] - 0.01;
    }
    Optimum o = Optimum.find(x, y, 2);
    assertEquals(4.3, o.fit().vertex(), 1e-12);
    assertEquals(10, o.fit().points());
  }

  @Test
  void decomposingEachInverseWindowOnceChangesNoOptimum() {
    // The same batch sizes with new losses, some left out, as in the B* law's bootstrap: each
    // window's decomposition is reused, and every optimum is the one a fresh fit finds.
    Optimum.InverseDesigns designs = new Optimum.InverseDesigns();
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 500; trial++) {
      double[] y = inverseCurve(random.nextDouble(-1, 9), 0.01);
      double[] x = X.clone();
      int kept = 0;
      for (int i = 0; i < x.length; i++) {
        if (random.nextInt(6) > 0) {
          x[kept] = X[i];
          y[kept++] = y[i] + 0.002 * random.nextGaussian();
        }
      }
      double[] xs = Arrays.copyOf(x, kept);
      double[] ys = Arrays.copyOf(y, kept);
      assertEquals(Optimum.find(xs, ys, 2, true), Optimum.find(xs, ys, 2, designs));
    }
    assertTrue(designs.size() < 200, designs.size() + " windows decomposed for 500 curves");
  }

  @Test
  void sortedDistinctValuesAreTheStreamsOnes() {
    SplittableRandom random = new SplittableRandom(5);
    double[] pool = {-0.0, 0.0, 1, -1, 2.5, Double.NaN, Double.POSITIVE_INFINITY, 1e-300, 7};
    for (int trial = 0; trial < 1000; trial++) {
      double[] x = new double[random.nextInt(12)];
      for (int i = 0; i < x.length; i++) {
        x[i] = pool[random.nextInt(pool.length)];
      }
      assertArrayEquals(
          Arrays.stream(x).distinct().sorted().toArray(), Optimum.sortedDistinct(x), 0);
    }
  }

  @Test
  void aPreparedSweepFindsTheSameInteriorOptimaAndFitsNothingAtAnEdge() {
    // Batch sizes as the B* law's budgets have them (some repeated, some sweeps too short), with
    // losses redrawn many times: each interior optimum is find's, bit for bit; at an edge only
    // the fit is left out.
    SplittableRandom random = new SplittableRandom(11);
    Optimum.InverseDesigns designs = new Optimum.InverseDesigns();
    int edges = 0;
    int interior = 0;
    for (int sweep = 0; sweep < 60; sweep++) {
      int n = random.nextInt(1, 10);
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = random.nextInt(8); // ln B on a grid: repeats happen
      }
      int halfWidth = 1 + random.nextInt(2);
      Optimum.Sweep prepared = new Optimum.Sweep(x, halfWidth, designs);
      for (int draw = 0; draw < 40; draw++) {
        double vertex = random.nextDouble(-1, 9);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
          y[i] =
              2
                  + 0.01 * (Math.exp(x[i] - vertex) + Math.exp(vertex - x[i]))
                  + 0.003 * random.nextGaussian();
        }
        Optimum expected = Optimum.find(x, y, halfWidth, true);
        Optimum actual = prepared.interior(y);
        boolean edge =
            expected.distinct() >= 3
                && (expected.best() == expected.rangeLow()
                    || expected.best() == expected.rangeHigh());
        if (edge) {
          edges++;
          assertNull(actual.fit());
          assertEquals(
              new Optimum(
                  expected.best() == expected.rangeLow()
                      ? Optimum.Status.EDGE_LOW
                      : Optimum.Status.EDGE_HIGH,
                  null,
                  expected.best(),
                  expected.bestLoss(),
                  expected.distinct(),
                  expected.windowLow(),
                  expected.windowHigh(),
                  expected.rangeLow(),
                  expected.rangeHigh()),
              actual);
          assertTrue(
              expected.status() == actual.status()
                  || expected.status() == Optimum.Status.NOT_CONVEX && expected.fit() == null,
              "find's status at an edge: " + expected.status());
        } else {
          interior++;
          assertEquals(expected, actual);
        }
      }
    }
    assertTrue(edges > 100 && interior > 500, edges + " edges, " + interior + " interior");
  }
}
