package dev.lawfit.fit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.Slow;
import dev.lawfit.TestData;
import dev.lawfit.law.Chinchilla;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BootstrapCoverageTest {

  /**
   * 95% percentile intervals from a case bootstrap cover the true parameters in at least 90% of 50
   * synthetic data sets (Huber objective, 0.5% log-normal noise, 8 x 8 points). 200 resamples per
   * data set: the 2.5% and 97.5% percentiles then rest on 5 resamples each side, enough for a
   * coverage check at the 90% level while keeping the test near 20 s.
   */
  @Test
  @Slow
  void percentileIntervalsCoverTheTruth() throws FitException {
    var law = new Chinchilla();
    int seeds = 50;
    int[] covered = new int[5];
    for (int seed = 0; seed < seeds; seed++) {
      var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 8, 8, 0.005, 1000 + seed);
      var fit = Fitter.fit(law, obs, FitOptions.defaults().withBootstrap(200, seed).withThreads(2));
      for (int j = 0; j < 5; j++) {
        var ci = fit.parameters().get(j).ci95();
        if (ci != null
            && ci.lower() <= TestData.HOFFMANN[j]
            && TestData.HOFFMANN[j] <= ci.upper()) {
          covered[j]++;
        }
      }
    }
    for (int j = 0; j < 5; j++) {
      assertTrue(covered[j] >= 45, "coverage per parameter out of 50: " + Arrays.toString(covered));
    }
    System.out.println("coverage per parameter out of 50: " + Arrays.toString(covered));
  }
}
