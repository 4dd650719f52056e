package dev.lawfit.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AkimaSweepTest {

  /**
   * Reference values from scipy 1.11's Akima1DInterpolator (what Porian et al. use), computed
   * outside the build for these points; Commons Math's AkimaSplineInterpolator differs near the
   * ends and needs 5 points.
   */
  @Test
  void splineMatchesAkima1970AsScipyComputesIt() {
    double[] x = {0.0, 1.0, 2.5, 3.0, 4.5, 6.0};
    double[] y = {2.0, 1.2, 0.9, 1.0, 1.6, 1.5};
    var spline = AkimaSweep.spline(x, y);
    double[][] expected = {
      {0.3, 1.69322},
      {1.7, 0.9599466666666667},
      {2.75, 0.9379807692307692},
      {3.9, 1.3747323076923077},
      {5.2, 1.6590281481481481},
      {5.99, 1.502990625185185}
    };
    for (double[] e : expected) {
      assertEquals(e[1], spline.value(e[0]), 1e-12, () -> "at " + e[0]);
    }
    var three = AkimaSweep.spline(new double[] {0, 1, 3}, new double[] {1, 0, 2});
    assertEquals(0.25, three.value(0.5), 1e-12);
    assertEquals(0.5, three.value(2.0), 1e-12);
    for (int i = 0; i < x.length; i++) {
      assertEquals(y[i], spline.value(x[i]), 1e-12, "the spline interpolates");
    }
  }

  /**
   * Porian et al.'s get_noise_for_loss: 0.005 nats up to L = 3, 0.1 from L = 6, log-log linear
   * between.
   */
  @Test
  void seedNoiseFollowsTheirRule() {
    assertEquals(0.005, AkimaSweep.seedNoise(2.0), 0);
    assertEquals(0.005, AkimaSweep.seedNoise(3.0), 1e-15);
    assertEquals(0.1, AkimaSweep.seedNoise(6.0), 1e-15);
    assertEquals(0.1, AkimaSweep.seedNoise(9.0), 0);
    // The geometric middle of the losses maps to the geometric middle of the noises.
    assertEquals(Math.sqrt(0.005 * 0.1), AkimaSweep.seedNoise(Math.sqrt(18)), 1e-15);
  }

  /**
   * A parabola in ln N with its vertex between swept sizes: the argmin is within one grid step of
   * it.
   */
  @Test
  void argminFindsTheVertexOfAParabolaInLnN() {
    double vertex = Math.log(3.7e8);
    double[] x = new double[9];
    double[] loss = new double[9];
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.log(1e8) + 0.35 * i;
      loss[i] = 3.2 + 0.08 * (x[i] - vertex) * (x[i] - vertex);
    }
    var sweep = AkimaSweep.of(x, loss);
    assertEquals(
        (x.length - 1) * AkimaSweep.GRID_PER_INTERVAL,
        Math.round((x[8] - x[0]) / sweep.step()) + 1);
    int g = sweep.argmin();
    assertTrue(sweep.interior(g));
    assertEquals(vertex, sweep.at(g), sweep.step() * 1.01);
  }

  /** Loss falling across the whole sweep: no optimum, and the draws say so too. */
  @Test
  void aMonotoneSweepHasNoOptimum() {
    double[] x = {1, 2, 3, 4, 5, 6};
    double[] loss = {4.0, 3.8, 3.6, 3.4, 3.2, 3.0};
    var sweep = AkimaSweep.of(x, loss);
    assertTrue(!sweep.interior(sweep.argmin()));
    var random = new SplittableRandom(1);
    double[] draws = new double[200];
    for (int b = 0; b < draws.length; b++) {
      draws[b] = sweep.noised(random);
    }
    assertNull(sweep.summarise(draws));
  }

  /**
   * The lowest loss of a repeated size is the one used (their groupby min), and the summary's floor
   * and inflation.
   */
  @Test
  void repeatedSizesKeepTheirLowestLossAndTheSummaryIsFloored() {
    var sweep = AkimaSweep.of(new double[] {1, 2, 2, 3}, new double[] {3.5, 3.4, 3.1, 3.3});
    assertEquals(3, sweep.size());
    double[] draws = {2.0, 2.0, 2.0, Double.NaN};
    var s = sweep.summarise(draws);
    assertEquals(2.0, s.median(), 0);
    assertEquals(3, s.interior());
    double floor = AkimaSweep.MIN_SD_FACTOR * AkimaSweep.GRID_PER_INTERVAL * sweep.step();
    assertEquals(floor * 4 / 3, s.sd(), 1e-12);
  }

  /**
   * One size digitised twice with different last digits (2.4e-7 apart in ln N, as in the Chinchilla
   * IsoFLOP points) is one size with the lower loss: the spline then stays within the losses, where
   * a knot pair that close made it dip to a loss of about 1e-91.
   */
  @Test
  void sizesDigitisedTwiceAreOneSize() {
    double vertex = Math.log(3.7e8);
    double[] x = new double[10];
    double[] loss = new double[10];
    for (int i = 0; i < 9; i++) {
      x[i] = Math.log(1e8) + 0.35 * i;
      loss[i] = 3.2 + 0.08 * (x[i] - vertex) * (x[i] - vertex);
    }
    x[9] = x[4] + 2.4e-7;
    loss[9] = loss[4] + 0.02; // the same model read off the figure again, a little higher
    var sweep = AkimaSweep.of(x, loss);
    assertEquals(9, sweep.size());
    int g = sweep.argmin();
    assertEquals(vertex, sweep.at(g), sweep.step() * 1.01);
    assertTrue(sweep.lossAt(g) > 3.19 && sweep.lossAt(g) <= 3.2 + 1e-9, "" + sweep.lossAt(g));
  }
}
