package dev.lawfit.analysis.hparams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lawfit.fit.Progress;
import dev.lawfit.stats.PowerLawFit;
import dev.lawfit.stats.Resampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Laws bootstrapped together from one draw per resample (as hparams fits eta*, B* and s) get what
 * each gets bootstrapped alone from the same draws: the same fit, the same draws in the same order,
 * on any number of threads.
 */
class LawBootstrapTest {
  private static final int POINTS = 30;

  private static double[][] design(int columns) {
    double[][] x = new double[POINTS][columns];
    for (int i = 0; i < POINTS; i++) {
      for (int j = 0; j < columns; j++) {
        x[i][j] = Math.log(1 + i % (7 + j)) + 0.1 * j * i;
      }
    }
    return x;
  }

  private static double[] line(double[][] x, double slope) {
    double[] y = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      y[i] = 1 + slope * x[i][0] + 0.05 * Math.sin(3 * i);
    }
    return y;
  }

  private static double[] weights() {
    double[] w = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      w[i] = 0.5 + (i % 4) * 0.25;
    }
    return w;
  }

  private static final double[][] X1 = design(1);
  private static final double[][] X2 = design(2);
  private static final double[][] OTHER_X1 = design(1); // the same rows, not the law's array

  /**
   * Resample r of three laws from one generator: the first with its own weights, the second on
   * another array of its rows with some rows left out, the third on its own rows (the solver's
   * shortcut); nothing for the fourth, which is not fitted.
   */
  private static LawBootstrap.Sample[] draw(int r) {
    SplittableRandom random = Resampling.generator(17, r);
    double[] a = line(X2, 0.4);
    double[] b = line(OTHER_X1, -0.3);
    double[] c = line(X1, 0.2);
    double[] w = weights();
    for (int i = 0; i < POINTS; i++) {
      double e = 0.05 * (random.nextBoolean() ? 1 : -1);
      a[i] += e;
      b[i] = random.nextInt(5) == 0 ? Double.NaN : b[i] - e;
      c[i] += 2 * e;
      w[i] *= 1 + 0.1 * random.nextDouble();
    }
    return new LawBootstrap.Sample[] {
      new LawBootstrap.Sample(X2, a, w),
      new LawBootstrap.Sample(OTHER_X1, b),
      new LawBootstrap.Sample(X1, c),
      null
    };
  }

  private static List<LawBootstrap.Law> laws() {
    return Arrays.asList(
        new LawBootstrap.Law(
            "a",
            "X",
            new PowerLawFit.Names("c", List.of("p", "q"), List.of(false, false)),
            X2,
            line(X2, 0.4),
            weights(),
            List.of()),
        new LawBootstrap.Law(
            "b", "X", PowerLawFit.Names.of("k", "r"), X1, line(X1, -0.3), null, List.of()),
        new LawBootstrap.Law(
            "c",
            "X",
            new PowerLawFit.Names("s0", List.of("u"), List.of(true)),
            X1,
            line(X1, 0.2),
            null,
            List.of("a warning it carries")),
        null);
  }

  private static void same(PowerLawFit alone, PowerLawFit together) {
    assertNotNull(together);
    assertEquals(alone.parameters(), together.parameters());
    assertEquals(alone.interval(), together.interval());
    assertEquals(alone.warnings(), together.warnings());
    assertEquals(alone.r2(), together.r2());
    assertEquals(alone.draws().size(), together.draws().size());
    for (int i = 0; i < alone.draws().size(); i++) {
      assertArrayEquals(alone.draws().get(i), together.draws().get(i), 0, "draw " + i);
    }
  }

  @Test
  void lawsDrawnTogetherAreTheLawsDrawnAlone() {
    int resamples = 200;
    List<LawBootstrap.Law> laws = laws();
    for (int threads : new int[] {1, 2, 3}) {
      BootstrapProgressTest.Counter counter = new BootstrapProgressTest.Counter();
      List<PowerLawFit> together =
          LawBootstrap.fit(
              laws,
              new LawBootstrap.Settings(resamples, 5, threads, counter),
              LawBootstrapTest::draw);
      assertEquals(3L * resamples, counter.announced.get(), "three laws fitted, one left out");
      assertEquals(3L * resamples, counter.steps.get());
      assertEquals(0, counter.early.get());
      assertNull(together.get(3));
      for (int j = 0; j < 3; j++) {
        LawBootstrap.Law law = laws.get(j);
        int k = j;
        PowerLawFit alone =
            LawBootstrap.fit(
                law.formula(),
                law.over(),
                law.names(),
                law.lnX(),
                law.lnY(),
                law.weights(),
                new LawBootstrap.Settings(resamples, 5, 1, Progress.NONE),
                r -> draw(r)[k],
                new ArrayList<>(law.warnings()));
        assertEquals(resamples, alone.draws().size(), "every resample of law " + j + " usable");
        same(alone, together.get(j));
      }
    }
  }
}
