package dev.lawfit.analysis.hparams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.stats.LinearFit;
import dev.lawfit.stats.Parabola;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The eta* law's weights and the normal-equations refit they are used with. */
class LawWeightsTest {
  private static final double H = Math.log(2);

  /** A five-point window a factor 2 apart centred on {@code centre}. */
  private static WindowResampler window(double centre, double vertex, double s) {
    double[] x = new double[5];
    double[] y = new double[5];
    for (int i = 0; i < 5; i++) {
      x[i] = centre + (i - 2) * H;
      y[i] = 3 + s * (x[i] - vertex) * (x[i] - vertex);
    }
    return WindowResampler.of(x, y, new int[] {0, 1, 2, 3, 4});
  }

  @Test
  void coefficientsMatchTheQrFitWithAndWithoutWeights() {
    SplittableRandom random = new SplittableRandom(3);
    double[][] x = new double[40][];
    double[] y = new double[40];
    double[] w = new double[40];
    for (int i = 0; i < 40; i++) {
      x[i] = new double[] {21 + 3 * random.nextDouble(), 9 + 4 * random.nextDouble()};
      y[i] = -2 - 0.25 * x[i][0] + 0.5 * x[i][1] + 0.03 * random.nextGaussian();
      w[i] = 0.2 + random.nextDouble();
    }
    assertArrayEquals(LinearFit.of(x, y, null).beta(), LinearFit.coefficients(x, y, null), 1e-9);
    assertArrayEquals(LinearFit.of(x, y, w).beta(), LinearFit.coefficients(x, y, w), 1e-9);
    double[][] oneB = {{21, 9}, {22, 9}, {23, 9}, {24, 9}};
    assertNull(
        LinearFit.coefficients(oneB, new double[] {1, 2, 3, 4}, null),
        "a constant column is singular");
  }

  @Test
  void vertexVarianceIsTheDeltaMethodOfTheParabolaFit() {
    // Symmetric five-point design, spacing h: U11 = 1/(10 h^2), U12 = 0, U22 = 1/(14 h^4).
    WindowResampler w = window(0, 0, 0.1);
    assertEquals(1 / (10 * H * H) / (4 * 0.01), w.vertexVariance(0, 0.1), 1e-9);
    double d = 0.3;
    assertEquals(
        (1 / (10 * H * H) + 4 * d * d / (14 * Math.pow(H, 4))) / (4 * 0.01),
        w.vertexVariance(d, 0.1),
        1e-9);
    assertEquals(1 / (14 * Math.pow(H, 4)), w.curvatureVariance(), 1e-9);
    // Parabola's own delta-method variance at its vertex agrees.
    double[] x = {-2 * H, -H, 0, H, 2 * H};
    double[] y = new double[5];
    for (int i = 0; i < 5; i++) {
      y[i] = 3 + 0.1 * (x[i] - d) * (x[i] - d);
    }
    assertEquals(Parabola.fit(x, y).vertexVariance(), w.vertexVariance(d, 0.1), 1e-9);
  }

  @Test
  void flatterCurvesAndOffCentreVerticesWeighLessWhateverEachGroupsOwnEstimate() {
    // Eight budgets, five groups each, with s falling as T^-0.2 and eta* as T^-0.25; every window
    // centred on 0.
    int n = 40;
    double[][] etaX = new double[n][];
    WindowResampler[] windows = new WindowResampler[n];
    double[] vertex = new double[n];
    double[] curvature = new double[n];
    for (int i = 0; i < n; i++) {
      double lnT = 21 + 0.5 * (i / 5);
      etaX[i] = new double[] {lnT};
      vertex[i] = -0.25 * (lnT - 22.75);
      curvature[i] = 8 * Math.exp(-0.2 * lnT);
      windows[i] = window(0, vertex[i], curvature[i]);
    }
    double[] w = LawWeights.etaStar(etaX, windows, vertex, curvature);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += w[i];
      // Exact laws: the model's s and x* are each group's own, so the weights are the delta
      // method's.
      double ratio =
          windows[0].vertexVariance(vertex[0], curvature[0])
              / windows[i].vertexVariance(vertex[i], curvature[i]);
      assertEquals(ratio, w[i] / w[0], 1e-9);
    }
    assertEquals(n, sum, 1e-9, "scaled to mean 1");
    assertTrue(
        w[n - 1] < 0.5 * w[17],
        "the flattest curve, off centre, weighs less than a steeper centred one");
    // The last group's own estimates move (its s tripled): its weight follows the laws fitted to
    // all
    // groups, not its own s (which would multiply it by 9).
    double[] noisy = vertex.clone();
    double[] steep = curvature.clone();
    noisy[n - 1] += 0.05;
    steep[n - 1] *= 3;
    double[] moved = LawWeights.etaStar(etaX, windows, noisy, steep);
    assertEquals(w[n - 1], moved[n - 1], 0.3 * w[n - 1]);
  }

  @Test
  void groupsWithoutAMinimumAreLeftOutAndTooFewGroupsGiveNoWeights() {
    WindowResampler win = window(0, 0, 0.1);
    double[][] etaX = {{21}, {22}, {23}, {24}};
    WindowResampler[] windows = {win, win, win, win};
    double[] w =
        LawWeights.etaStar(
            etaX,
            windows,
            new double[] {0, Double.NaN, 0.1, 0.2},
            new double[] {0.1, -0.1, 0.1, 0.1});
    assertTrue(Double.isNaN(w[1]));
    assertEquals(3, w[0] + w[2] + w[3], 1e-12);
    // Two groups left for two coefficients: the law goes through them whatever the weights.
    assertNull(
        LawWeights.etaStar(
            etaX,
            windows,
            new double[] {0, Double.NaN, 0.1, Double.NaN},
            new double[] {0.1, 0.1, 0.1, 0.1}));
    assertNull(
        LawWeights.etaStar(
            new double[][] {{21}, {21}, {21}},
            new WindowResampler[] {win, win, win},
            new double[] {0, 0, 0},
            new double[] {0.1, 0.1, 0.1}),
        "one budget: no law to predict from");
  }
}
