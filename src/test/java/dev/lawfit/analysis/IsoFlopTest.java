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

  /** IsoFLOP sweeps from Hoffmann's full-precision law: 9 sizes per budget, a factor 8 each side. */
  static double[][] sweeps(double[] budgets, double sigma, long seed, double shift) {
    var law = new Chinchilla();
    var rng = new Random(seed);
    var rows = new ArrayList<double[]>();
    for (double C : budgets) {
      double nStar = ComputeOptimal.allocate(TestData.HOFFMANN, C, 6).params();
      for (int s = -4; s <= 4; s++) {
        double N = nStar * Math.pow(8, s / 4.0) * shift;
        double D = C / (6 * N);
        double L = law.predict(TestData.HOFFMANN, N, D, Double.NaN) * Math.exp(sigma * rng.nextGaussian());
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
    assertEquals(a, r.params().exponent(), 0.01);
    assertEquals(1 - a, r.tokens().exponent(), 0.01);
    assertEquals(5, r.params().budgets());
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
    assertTrue(last.params().position() == IsoFlop.Position.OUTSIDE
        || last.params().position() == IsoFlop.Position.NO_MINIMUM, last::toString);
    assertTrue(!last.used());
    assertEquals(3, r.params().budgets());
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("1.00e+21")), r.warnings()::toString);
  }

  @Test
  void bootstrapIsSeededAndBracketsTheEstimate() throws FitException {
    var d = sweeps(new double[] {1e18, 1e19, 1e20, 1e21}, 0.005, 4, 1);
    var r1 = IsoFlop.fit(d[0], d[1], d[2], d[3], 200, 9);
    var r2 = IsoFlop.fit(d[0], d[1], d[2], d[3], 200, 9);
    assertEquals(r1, r2);
    var ci = r1.params().exponentCi95();
    assertTrue(ci.lower() < r1.params().exponent() && r1.params().exponent() < ci.upper(), ci::toString);
  }

  @Test
  void tooFewBudgetsIsATypedFailure() {
    var d = sweeps(new double[] {1e20}, 0, 1, 1);
    var e = assertThrows(FitException.class, () -> IsoFlop.fit(d[0], d[1], d[2], d[3], 0, 0));
    assertEquals(FitException.Reason.TOO_FEW_POINTS, e.reason());
  }

  /**
   * Porian et al. 2024 (arXiv 2406.19146): as the configuration moves from reproducing Kaplan
   * (step 0) to tuned hyperparameters (step 4), a in N* ~ C^a falls from Kaplan-like toward
   * Chinchilla-like values. RefinedWeb; each label in its own counting and split, as published
   * (step 0 is Kaplan counting on train loss, steps 1-4 standard counting on validation loss).
   * numpy polyfit on the same selection while writing this: 0.865, 0.780, 0.659, 0.563, 0.514.
   */
  @Test
  void porianExponentFallsFromKaplanToTunedHyperparameters() throws IOException, FitException {
    var file = TestData.sharedFile("porian-isoflop/isoflop_points.csv");
    assumeTrue(file.isPresent(), "shared data absent");
    var rows = TestData.readCsv(file.get(), l -> true);
    var labels = List.of("step0_reproduce_kaplan", "step1_count_last_layer_flops",
        "step2_correct_warmup", "step3_cosine_decay", "step4_tuned_hparams_const_lr");
    var exponents = new LinkedHashMap<String, Double>();
    for (var label : labels) {
      var sel = rows.stream().filter(r -> r.get("dataset").equals("rw") && r.get("label").equals(label)).toList();
      assertTrue(sel.stream().map(r -> r.get("loss_split") + "/" + r.get("param_count")).distinct().count() == 1,
          "one split and counting per label");
      double[] C = sel.stream().mapToDouble(r -> Double.parseDouble(r.get("flops_budget"))).toArray();
      double[] N = sel.stream().mapToDouble(r -> Double.parseDouble(r.get("n_params"))).toArray();
      double[] D = sel.stream().mapToDouble(r -> Double.parseDouble(r.get("tokens"))).toArray();
      double[] L = sel.stream().mapToDouble(r -> Double.parseDouble(r.get("loss"))).toArray();
      var res = IsoFlop.fit(C, N, D, L, 200, 1);
      exponents.put(label, res.params().exponent());
      System.out.printf("%s a=%.3f ci=%s b=%.3f budgets=%d%n", label, res.params().exponent(),
          res.params().exponentCi95(), res.tokens().exponent(), res.params().budgets());
    }
    var a = new ArrayList<>(exponents.values());
    for (int i = 1; i < a.size(); i++) {
      assertTrue(a.get(i) < a.get(i - 1), "a must fall label by label: " + exponents);
    }
    assertEquals(0.865, a.get(0), 0.03, exponents::toString);
    assertEquals(0.514, a.get(4), 0.03, exponents::toString);
  }
}
