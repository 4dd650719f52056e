package dev.lawfit.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A design decomposed once gives, for every response, the fit {@link LinearFit#of} gives: the same
 * doubles, bit for bit, and null where it is null.
 */
class LinearFitDesignTest {
  private static void same(LinearFit expected, LinearFit actual) {
    if (expected == null) {
      assertNull(actual);
      return;
    }
    assertNotNull(actual);
    assertArrayEquals(expected.beta(), actual.beta(), 0);
    assertEquals(expected.covariance() == null, actual.covariance() == null);
    for (int a = 0; a < expected.beta().length; a++) {
      if (expected.covariance() != null) {
        assertArrayEquals(expected.covariance()[a], actual.covariance()[a], 0);
      }
      assertArrayEquals(expected.unscaled()[a], actual.unscaled()[a], 0);
    }
    assertEquals(expected.residualVariance(), actual.residualVariance(), 0);
    assertEquals(expected.n(), actual.n());
    assertEquals(expected.r2(), actual.r2(), 0);
  }

  @Test
  void everyResponseGetsTheBitsOfAFreshFit() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 300; trial++) {
      int n = 3 + random.nextInt(8);
      int k = 1 + random.nextInt(Math.min(3, n - 1));
      double[][] x = new double[n][k];
      double centre = random.nextDouble(4, 12);
      for (int i = 0; i < n; i++) {
        // The batch-size curve's columns e^(x - m), e^(m - x) in half the trials, else noise.
        double lnB = centre + 0.7 * (i - n / 2) + (trial % 3 == 0 ? 0 : 0.01 * i);
        for (int j = 0; j < k; j++) {
          x[i][j] =
              trial % 2 == 0
                  ? Math.exp(j == 0 ? lnB - centre : centre - lnB)
                  : random.nextGaussian() * 10;
        }
      }
      LinearFit.Design design = LinearFit.Design.of(x);
      for (int draw = 0; draw < 5; draw++) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
          y[i] = 3 + random.nextGaussian();
        }
        LinearFit expected = LinearFit.of(x, y, null);
        same(expected, design == null ? null : design.fit(y));
      }
    }
  }

  @Test
  void singularAndTooSmallDesignsFitNothing() {
    double[][] repeated = {{1}, {1}, {1}, {1}};
    double[] y = {1, 2, 3, 4};
    assertNull(LinearFit.of(repeated, y, null));
    assertNull(LinearFit.Design.of(repeated));
    double[][] tooFew = {{1, 2}, {3, 4}};
    assertNull(LinearFit.of(tooFew, new double[] {1, 2}, null));
    assertNull(LinearFit.Design.of(tooFew));
    double[][] line = {{1}, {2}, {3}};
    same(
        LinearFit.of(line, new double[] {1, Double.NaN, 3}, null),
        LinearFit.Design.of(line).fit(new double[] {1, Double.NaN, 3}));
  }
}
