package dev.lawfit.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Summaries, quantiles, seeds and t quantiles against hand-computed and tabulated values. */
class SummaryTest {
  @Test
  void meanAndSampleSdOfATextbookSample() {
    double[] x = {2, 4, 4, 4, 5, 5, 7, 9}; // sum of squares about the mean 5 is 32
    assertEquals(5, Summary.mean(x), 0);
    assertEquals(Math.sqrt(32.0 / 7), Summary.sd(x), 1e-15);
  }

  @Test
  void sdNeedsTwoValues() {
    assertTrue(Double.isNaN(Summary.sd(new double[] {3})));
    assertTrue(Double.isNaN(Summary.sd(new double[0])));
    assertTrue(Double.isNaN(Summary.mean(new double[0])));
    assertNull(Summary.finite(Summary.sd(new double[] {3})));
  }

  @Test
  void correlationOfLinesAndOfAConstant() {
    double[] x = {1, 2, 3, 4};
    assertEquals(1, Summary.correlation(x, new double[] {3, 5, 7, 9}), 1e-15);
    assertEquals(-1, Summary.correlation(x, new double[] {4, 3, 2, 1}), 1e-15);
    assertEquals(0, Summary.correlation(x, new double[] {2, 2, 2, 2}), 0);
  }

  @Test
  void quantilesAreHyndmanFanType7() {
    // numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], [0, 25, 50, 90, 100]) = 1, 1.75, 3.5, 6.9, 9
    double[] x = {3, 1, 4, 1, 5, 9, 2, 6};
    double[] copy = x.clone();
    assertEquals(1, Quantiles.of(x, 0), 0);
    assertEquals(1.75, Quantiles.of(x, 0.25), 1e-15);
    assertEquals(3.5, Quantiles.of(x, 0.5), 1e-15);
    assertEquals(6.9, Quantiles.of(x, 0.9), 1e-14);
    assertEquals(9, Quantiles.of(x, 1), 0);
    assertArrayEquals(copy, x, "the sample is not reordered");
    double[] sorted = {1, 1, 2, 3, 4, 5, 6, 9};
    assertEquals(Quantiles.of(x, 0.9), Quantiles.ofSorted(sorted, 0.9), 0);
    List<Double> ci = Intervals.percentile(sorted); // h = 7 * 0.025 = 0.175 and 7 * 0.975 = 6.825
    assertEquals(1, ci.get(0), 0);
    assertEquals(6 + 0.825 * 3, ci.get(1), 1e-14);
  }

  @Test
  void emptySamplesAndBadLevelsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Quantiles.of(new double[0], 0.5));
    assertThrows(IllegalArgumentException.class, () -> Quantiles.ofSorted(new double[] {1}, 1.5));
  }

  @Test
  void resampleSeedIsSplitMix64() {
    // SplitMix64 (Steele, Lea and Flood 2014) seeded 0: its first output is 0xE220A8397B1DCDAF.
    assertEquals(0xE220A8397B1DCDAFL, Resampling.seed(0, 0));
    assertEquals(Resampling.generator(7, 3).nextLong(), Resampling.generator(7, 3).nextLong());
    assertTrue(
        Resampling.seed(7, 3) != Resampling.seed(7, 4)
            && Resampling.seed(7, 3) != Resampling.seed(8, 3));
  }

  @Test
  void studentTQuantilesMatchTheTable() {
    // t(0.975) for 1, 2, 10 degrees of freedom (any statistics table): 12.706, 4.303, 2.228
    assertEquals(12.7062047361747, Intervals.t975(1), 1e-9);
    assertEquals(4.30265272974946, Intervals.t975(2), 1e-9);
    assertEquals(2.22813885198627, Intervals.t975(10), 1e-9);
    assertTrue(Double.isNaN(Intervals.t975(0)));
    assertNull(Intervals.of(1, Double.NaN));
  }
}
