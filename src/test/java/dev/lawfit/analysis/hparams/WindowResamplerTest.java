package dev.lawfit.analysis.hparams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The window bootstrap draws one sign per run, shared by every window the run is in. */
class WindowResamplerTest {
  private static final double[] X = {-2, -1, 0, 1, 2};
  private static final double[] NOISE = {0.01, -0.02, 0.015, 0.005, -0.01};

  private static WindowResampler window(double vertex, int[] runs) {
    double[] y = new double[X.length];
    for (int i = 0; i < X.length; i++) {
      y[i] = 3 + 0.1 * (X[i] - vertex) * (X[i] - vertex) + NOISE[i];
    }
    return WindowResampler.of(X, y, runs);
  }

  @Test
  void windowsOfTheSameRunsMoveTogetherAndOtherRunsDoNotMoveThem() {
    // Two budgets of the same five runs (indices 2..6 of 10) with the same residuals: every
    // resample
    // moves both parabolas' coefficients alike. A third window of other runs moves on its own.
    WindowResampler early = window(0.3, new int[] {2, 3, 4, 5, 6});
    WindowResampler late = window(-0.4, new int[] {2, 3, 4, 5, 6});
    WindowResampler other = window(0.3, new int[] {0, 1, 7, 8, 9});
    WindowResampler.Draw earlyFit = early.draw(allPlus(10));
    WindowResampler.Draw lateFit = late.draw(allPlus(10));
    SplittableRandom random = new SplittableRandom(5);
    int otherMoved = 0;
    for (int r = 0; r < 200; r++) {
      double[] signs = WindowResampler.signs(random, 10);
      WindowResampler.Draw a = early.draw(signs);
      WindowResampler.Draw b = late.draw(signs);
      assertEquals(
          a.curvature() - earlyFit.curvature(), b.curvature() - lateFit.curvature(), 1e-12);
      double[] flipped = signs.clone();
      flipped[0] = -flipped[0];
      flipped[8] = -flipped[8];
      assertEquals(
          a.vertex(), early.draw(flipped).vertex(), 0, "runs 0 and 8 are not in this window");
      otherMoved += other.draw(flipped).vertex() != other.draw(signs).vertex() ? 1 : 0;
    }
    assertEquals(200, otherMoved, "runs 0 and 8 are in the third window");
  }

  @Test
  void signsAreRademacherAndAFunctionOfTheGeneratorAlone() {
    double[] a = WindowResampler.signs(new SplittableRandom(11), 1000);
    double[] b = WindowResampler.signs(new SplittableRandom(11), 1000);
    assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
    double sum = 0;
    for (double s : a) {
      assertEquals(1, Math.abs(s));
      sum += s;
    }
    assertNotEquals(1000, Math.abs(sum));
    assertEquals(
        0, sum / 1000, 0.1); // 1000 fair signs: mean within 3 standard deviations (0.032) of 0
  }

  private static double[] allPlus(int n) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, 1);
    return out;
  }
}
