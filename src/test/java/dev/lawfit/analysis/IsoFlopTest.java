package dev.lawfit.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lawfit.TestData;
import dev.lawfit.fit.FitException;
import dev.lawfit.law.Chinchilla;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoFlopTest {

  /**
   * IsoFLOP sweeps from Hoffmann's full-precision law: 9 sizes per budget, a factor 8 each side.
   */
  static double[][] sweeps(double[] budgets, double sigma, long seed, double shift) {
    var law = new Chinchilla();
    var rng = new Random(seed);
    var rows = new ArrayList<double[]>();
    for (double C : budgets) {
      double nStar = ComputeOptimal.allocate(TestData.HOFFMANN, C, 6).params();
      for (int s = -4; s <= 4; s++) {
        double N = nStar * Math.pow(8, s / 4.0) * shift;
        double D = C / (6 * N);
        double L =
            law.predict(TestData.HOFFMANN, N, D, Double.NaN) * Math.exp(sigma * rng.nextGaussian());
        rows.add(new double[] {C, N, D, L});
      }
    }
    var out = new double[4][rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int j = 0; j < 4; j++) {
        out[j][i] = rows.get(i)[j];
      }
    }
    return out;
  }

  @Test
  void recoversTheChinchillaExponentFromNoiselessSweeps() throws FitException {
    var d = sweeps(new double[] {1e18, 1e19, 1e20, 1e21, 1e22}, 0, 1, 1);
    var r = IsoFlop.fit(d[0], d[1], d[2], d[3], 0, 0);
    double a = 0.2849083 / (0.33917084 + 0.2849083);
    // A parabola in log N is only an approximation of L(N, C/6N): 1% on the exponent.
    assertEquals(a, r.params().value("a"), 0.01);
    assertEquals(1 - a, r.tokens().value("b"), 0.01);
    assertEquals(5, r.params().points());
    for (var b : r.budgets()) {
      assertEquals(IsoFlop.Position.INSIDE, b.params().position());
      double exact = ComputeOptimal.allocate(TestData.HOFFMANN, b.compute(), 6).params();
      assertEquals(1.0, b.params().optimum() / exact, 0.05);
    }
    assertTrue(r.warnings().isEmpty(), r.warnings()::toString);
  }

  @Test
  void flagsAnOptimumOutsideOrAtTheEdgeOfItsSweep() throws FitException {
    var centred = sweeps(new double[] {1e18, 1e19, 1e20}, 0.002, 2, 1);
    var off = sweeps(new double[] {1e21}, 0, 3, 12); // sweep from 1.5x to 24x N*: vertex below it
    var all = new double[4][];
    for (int j = 0; j < 4; j++) {
      all[j] = new double[centred[j].length + off[j].length];
      System.arraycopy(centred[j], 0, all[j], 0, centred[j].length);
      System.arraycopy(off[j], 0, all[j], centred[j].length, off[j].length);
    }
    var r = IsoFlop.fit(all[0], all[1], all[2], all[3], 0, 0);
    var last = r.budgets().get(3);
    assertTrue(
        last.params().position() == IsoFlop.Position.OUTSIDE
            || last.params().position() == IsoFlop.Position.NO_MINIMUM,
        last::toString);
    assertTrue(!last.used());
    assertEquals(3, r.params().points());
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("1.00e+21")), r.warnings()::toString);
  }

  @Test
  void bootstrapIsSeededAndBracketsTheEstimate() throws FitException {
    var d = sweeps(new double[] {1e18, 1e19, 1e20, 1e21}, 0.005, 4, 1);
    var r1 = IsoFlop.fit(d[0], d[1], d[2], d[3], 200, 9);
    var r2 = IsoFlop.fit(d[0], d[1], d[2], d[3], 200, 9);
    assertEquals(r1, r2);
    var ci = r1.params().parameters().get("a").ci95();
    assertTrue(
        ci.get(0) < r1.params().value("a") && r1.params().value("a") < ci.get(1), ci::toString);
  }

  private static final double HOFFMANN_A = 0.2849083 / (0.33917084 + 0.2849083);

  private static IsoFlop.Result fit(double[][] d, IsoFlop.Settings settings, int bootstrap)
      throws FitException {
    return IsoFlop.fit(
        d[0], d[1], d[2], d[3], settings, bootstrap, 1, dev.lawfit.fit.Progress.NONE);
  }

  /**
   * Sweeps whose centre drifts from N* / 8 at the smallest budget to 8 N* at the largest: one
   * parabola through each whole, lopsided sweep puts its vertex towards the sweep's centre, so a
   * comes out too steep; the parabola through the five points around the lowest loss sees the curve
   * near its minimum only.
   */
  @Test
  void localParabolaIsNearlyUnbiasedWhereTheWholeSweepParabolaIsNot() throws FitException {
    double[] budgets = {1e18, 1e19, 1e20, 1e21, 1e22};
    var parts = new ArrayList<double[][]>();
    for (int k = 0; k < budgets.length; k++) {
      parts.add(sweeps(new double[] {budgets[k]}, 0, 1, Math.pow(8, (k - 2) / 2.0)));
    }
    var d = new double[4][];
    for (int j = 0; j < 4; j++) {
      final int col = j;
      d[j] = parts.stream().flatMapToDouble(p -> java.util.Arrays.stream(p[col])).toArray();
    }
    double global = fit(d, IsoFlop.Settings.GLOBAL, 0).params().value("a");
    double local = fit(d, IsoFlop.Settings.DEFAULT, 0).params().value("a");
    assertTrue(Math.abs(global - HOFFMANN_A) > 0.03, () -> "global a = " + global);
    assertEquals(HOFFMANN_A, local, 0.01, () -> "local a = " + local + ", global a = " + global);
  }

  @Test
  void akimaRecoversTheChinchillaExponentFromNoiselessSweeps() throws FitException {
    var d = sweeps(new double[] {1e18, 1e19, 1e20, 1e21, 1e22}, 0, 1, 1);
    var r = fit(d, new IsoFlop.Settings(IsoFlop.Method.AKIMA, 2), 0);
    assertEquals(HOFFMANN_A, r.params().value("a"), 0.01);
    assertEquals(1 - HOFFMANN_A, r.tokens().value("b"), 0.01);
    assertTrue(!r.weighted(), "no bootstrap, no weights");
    for (var b : r.budgets()) {
      double exact = ComputeOptimal.allocate(TestData.HOFFMANN, b.compute(), 6).params();
      // The sweep's sizes are a factor 8^(1/4) = 1.68 apart; the spline interpolates between them.
      assertEquals(1.0, b.params().optimum() / exact, 0.05, b::toString);
    }
  }

  @Test
  void akimaDropsABudgetWhoseMinimumIsAtTheEndOfItsGrid() throws FitException {
    var centred = sweeps(new double[] {1e18, 1e19, 1e20}, 0, 2, 1);
    var below =
        sweeps(new double[] {1e21}, 0, 3, 1.0 / 12); // N*/96 .. N*/1.5: loss falls all the way
    var d = new double[4][];
    for (int j = 0; j < 4; j++) {
      d[j] =
          java.util.stream.DoubleStream.concat(
                  java.util.Arrays.stream(centred[j]), java.util.Arrays.stream(below[j]))
              .toArray();
    }
    var r = fit(d, new IsoFlop.Settings(IsoFlop.Method.AKIMA, 2), 40);
    var last = r.budgets().get(3);
    assertEquals(IsoFlop.Position.OUTSIDE, last.params().position());
    assertTrue(!last.used());
    assertEquals(3, r.params().points());
    assertTrue(r.weighted(), "bootstrapped Akima fits are weighted");
    assertTrue(
        r.warnings().stream().anyMatch(w -> w.contains("1.00e+21") && w.contains("grid")),
        r.warnings()::toString);
  }

  @Test
  void budgetsWithinTheToleranceShareTheirGeometricMean() {
    double[] c = {1.05e18, 1e19, 0.97e18, 1.1e19, 1e18, 3e19};
    double[] s = IsoFlopRun.snap(c, 0.05);
    double low = Math.cbrt(1.05e18 * 0.97e18 * 1e18);
    double mid = Math.sqrt(1e19 * 1.1e19);
    assertEquals(low, s[0], low * 1e-12);
    assertEquals(low, s[2], low * 1e-12);
    assertEquals(low, s[4], low * 1e-12);
    assertEquals(mid, s[1], mid * 1e-12);
    assertEquals(mid, s[3], mid * 1e-12);
    assertEquals(3e19, s[5], 3e19 * 1e-12);
    assertEquals(
        List.of(1.05e18, 1e19),
        List.of(IsoFlopRun.snap(c, 0)[0], IsoFlopRun.snap(c, 0)[1]),
        "0: as given");
  }

  @Test
  void tooFewBudgetsIsATypedFailure() {
    var d = sweeps(new double[] {1e20}, 0, 1, 1);
    var e = assertThrows(FitException.class, () -> IsoFlop.fit(d[0], d[1], d[2], d[3], 0, 0));
    assertEquals(FitException.Reason.TOO_FEW_POINTS, e.reason());
  }

  /**
   * Porian et al. 2024 (arXiv 2406.19146): as the configuration moves from reproducing Kaplan (step
   * 0) to tuned hyperparameters (step 4), a in N* ~ C^a falls from Kaplan-like toward
   * Chinchilla-like values. RefinedWeb; each label in its own counting and split, as published
   * (step 0 is Kaplan counting on train loss, steps 1-4 standard counting on validation loss).
   * numpy polyfit on the same selection while writing this: 0.865, 0.780, 0.659, 0.563, 0.514.
   */
  @Test
  void porianExponentFallsFromKaplanToTunedHyperparameters() throws IOException, FitException {
    var file = TestData.sharedFile("porian-isoflop/isoflop_points.csv");
    assumeTrue(file.isPresent(), "shared data absent");
    var rows = TestData.readCsv(file.get(), l -> true);
    var labels =
        List.of(
            "step0_reproduce_kaplan",
            "step1_count_last_layer_flops",
            "step2_correct_warmup",
            "step3_cosine_decay",
            "step4_tuned_hparams_const_lr");
    var exponents = new LinkedHashMap<String, Double>();
    for (var label : labels) {
      var sel =
          rows.stream()
              .filter(r -> r.get("dataset").equals("rw") && r.get("label").equals(label))
              .toList();
      assertTrue(
          sel.stream().map(r -> r.get("loss_split") + "/" + r.get("param_count")).distinct().count()
              == 1,
          "one split and counting per label");
      double[] C =
          sel.stream().mapToDouble(r -> Double.parseDouble(r.get("flops_budget"))).toArray();
      double[] N = sel.stream().mapToDouble(r -> Double.parseDouble(r.get("n_params"))).toArray();
      double[] D = sel.stream().mapToDouble(r -> Double.parseDouble(r.get("tokens"))).toArray();
      double[] L = sel.stream().mapToDouble(r -> Double.parseDouble(r.get("loss"))).toArray();
      var res = IsoFlop.fit(C, N, D, L, 200, 1);
      exponents.put(label, res.params().value("a"));
      System.out.printf(
          "%s a=%.3f ci=%s b=%.3f budgets=%d%n",
          label,
          res.params().value("a"),
          res.params().parameters().get("a").ci95(),
          res.tokens().value("b"),
          res.params().points());
    }
    var a = new ArrayList<>(exponents.values());
    for (int i = 1; i < a.size(); i++) {
      assertTrue(a.get(i) < a.get(i - 1), "a must fall label by label: " + exponents);
    }
    assertEquals(0.865, a.get(0), 0.03, exponents::toString);
    assertEquals(0.514, a.get(4), 0.03, exponents::toString);
  }
}
