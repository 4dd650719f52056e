package dev.lawfit.plot;

import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.Observations;
import dev.lawfit.law.Law;
import dev.lawfit.law.PowerLaw;
import dev.lawfit.report.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Figure (a): the loss against tokens per model size, the fitted curves, and the residuals under them. */
public final class LossFigure {
  private LossFigure() {}

  /**
   * @param fit the fit, as {@code predict} rebuilds it from the document
   * @param points the checkpoints it was fitted to
   * @param source what the fit was read from, for the title
   */
  public static Figure of(FitResult fit, Observations points, String source) {
    Law law = fit.law();
    double[] values = fit.values();
    Variable x = Variable.of(law);
    double[] xs = x.of(points);
    double[] loss = points.loss();
    double[] predicted = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      predicted[i] = Captions.predict(fit, points, i);
    }
    // One series per model size (a power law in one variable has one curve through all of them).
    Map<Double, List<Integer>> bySize = new TreeMap<>();
    for (int i = 0; i < points.size(); i++) {
      double n = points.params() == null ? Double.NaN : points.params()[i];
      bySize.computeIfAbsent(Double.isNaN(n) ? 0.0 : n, k -> new ArrayList<>()).add(i);
    }
    boolean perSize = points.params() != null && !(law instanceof PowerLaw);
    Chart top = new Chart(x.label, true, "loss L (nats/token)", true);
    Chart bottom = new Chart(null, true, "residual ln L − ln L̂", false).noLegend();
    int style = 0;
    for (Map.Entry<Double, List<Integer>> e : bySize.entrySet()) {
      int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      String name = points.params() == null ? "checkpoints" : "N = " + Formats.sig(e.getKey(), 3);
      double[] px = pick(xs, idx);
      double[] py = pick(loss, idx);
      double[] res = new double[idx.length];
      for (int k = 0; k < idx.length; k++) {
        res[k] = Math.log(loss[idx[k]]) - Math.log(predicted[idx[k]]);
      }
      top.points(name, px, py, style);
      top.legend(name, style, true, perSize);
      bottom.points(null, px, res, style);
      if (perSize) {
        double[] gx = grid(min(px), max(px), 60);
        double[] gy = new double[gx.length];
        for (int k = 0; k < gx.length; k++) {
          gy[k] = law.predict(values, e.getKey(), gx[k], Double.NaN);
        }
        top.line(null, gx, gy, style);
      }
      style++;
    }
    if (!perSize) {
      double[] gx = grid(min(xs), max(xs), 100);
      double[] gy = new double[gx.length];
      for (int k = 0; k < gx.length; k++) {
        gy[k] = x.predict(law, values, gx[k]);
      }
      top.line("fitted law", gx, gy, 6);
      top.legend("fitted law", 6, false, true);
    }
    double[] bx = top.xBounds();
    bottom.line(null, new double[] {bx[0], bx[1]}, new double[] {0, 0}, 6, 1f);
    List<String> caption = new ArrayList<>();
    caption.add(Captions.formula(fit));
    caption.add(Captions.quality(fit, points.size()) + ";  lines: the fit;  lower panel: log residuals");
    return new Figure("Loss against " + x.noun + ": " + source, caption, 1000, 720)
        .add(Chart.stacked(top, bottom, 7, 3), 0, 0, 1, 1);
  }

  /** What the x axis is: tokens for laws in N and D, the variable of a one-variable power law. */
  enum Variable {
    TOKENS("training tokens D", "tokens"), PARAMS("model size N (parameters)", "model size"),
    COMPUTE("training compute C (FLOPs)", "compute");

    final String label;
    final String noun;

    Variable(String label, String noun) {
      this.label = label;
      this.noun = noun;
    }

    static Variable of(Law law) {
      if (law instanceof PowerLaw p) {
        return switch (p.x()) {
          case PARAMS -> PARAMS;
          case TOKENS -> TOKENS;
          case COMPUTE -> COMPUTE;
        };
      }
      return TOKENS;
    }

    double[] of(Observations o) {
      return switch (this) {
        case TOKENS -> o.tokens();
        case PARAMS -> o.params();
        case COMPUTE -> o.compute();
      };
    }

    double predict(Law law, double[] values, double v) {
      return switch (this) {
        case TOKENS -> law.predict(values, Double.NaN, v, Double.NaN);
        case PARAMS -> law.predict(values, v, Double.NaN, Double.NaN);
        case COMPUTE -> law.predict(values, Double.NaN, Double.NaN, v);
      };
    }
  }

  static double[] pick(double[] a, int[] idx) {
    double[] out = new double[idx.length];
    for (int k = 0; k < idx.length; k++) {
      out[k] = a[idx[k]];
    }
    return out;
  }

  static double min(double[] a) {
    return java.util.Arrays.stream(a).min().orElse(Double.NaN);
  }

  static double max(double[] a) {
    return java.util.Arrays.stream(a).max().orElse(Double.NaN);
  }

  /** {@code n} points evenly spaced in log from lo to hi. */
  static double[] grid(double lo, double hi, int n) {
    double[] g = new double[n];
    double a = Math.log(lo);
    double b = Math.log(hi);
    for (int k = 0; k < n; k++) {
      g[k] = Math.exp(a + (b - a) * k / (n - 1));
    }
    return g;
  }
}
