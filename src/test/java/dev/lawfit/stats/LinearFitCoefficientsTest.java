package dev.lawfit.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The one- and two-column normal equations give the general loops' coefficients bit for bit,
 * weighted or not, and fail where they fail.
 */
class LinearFitCoefficientsTest {
  @Test
  void oneAndTwoColumnsGiveTheGeneralLoopsDoubles() {
    SplittableRandom random = new SplittableRandom(13);
    int nulls = 0;
    for (int trial = 0; trial < 2000; trial++) {
      int k = 1 + trial % 2;
      int n = random.nextInt(0, 12);
      double[][] x = new double[n][k];
      double[] y = new double[n];
      double[] w = trial % 3 == 0 ? null : new double[n];
      boolean degenerate = trial % 7 == 0; // a constant or repeated column: singular
      for (int i = 0; i < n; i++) {
        x[i][0] = degenerate ? 2.5 : random.nextGaussian() * 3 + 10;
        if (k == 2) {
          x[i][1] = trial % 5 == 0 ? 2 * x[i][0] : random.nextGaussian() + 0.1 * x[i][0];
        }
        y[i] = 1 + 0.4 * x[i][0] + random.nextGaussian() * 0.1;
        if (w != null) {
          w[i] = random.nextDouble(0.1, 3);
        }
      }
      double[] expected = LinearFit.general(x, y, w);
      double[] actual = LinearFit.coefficients(x, y, w);
      if (expected == null) {
        nulls++;
        assertNull(actual, "trial " + trial);
      } else {
        assertArrayEquals(expected, actual, 0, "trial " + trial);
      }
    }
    assertEquals(true, nulls > 100 && nulls < 1500, nulls + " singular or too small");
  }
}
