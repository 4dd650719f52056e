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

/**
 * Figure (a): the loss against tokens per model size, the fitted curves, and the residuals under
 * them.
 */
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
    // Observations copies its arrays on every call: read each once.
    double[] params = points.params();
    double[] tokens = points.tokens();
    double[] compute = points.compute();
    // One series per model size (a power law in one variable has one curve through all of them).
    Map<Double, List<Integer>> bySize = new TreeMap<>();
    for (int i = 0; i < points.size(); i++) {
      double n = params == null ? Double.NaN : params[i];
      bySize.computeIfAbsent(Double.isNaN(n) ? 0.0 : n, k -> new ArrayList<>()).add(i);
    }
    boolean perSize = params != null && !(law instanceof PowerLaw);
    Chart top = new Chart(x.label, true, "loss L (nats/token)", true);
    Chart bottom = new Chart(null, true, "residual ln L − ln L̂", false).noLegend();
    int style = 0;
    int shown = 0;
    for (Map.Entry<Double, List<Integer>> e : bySize.entrySet()) {
      int[] idx = thin(e.getValue(), xs);
      shown += idx.length;
      String name = params == null ? "checkpoints" : "N = " + Formats.sig(e.getKey(), 3);
      double[] px = pick(xs, idx);
      double[] py = pick(loss, idx);
      double[] res = new double[idx.length];
      for (int k = 0; k < idx.length; k++) {
        // Only the points drawn are predicted, as Prediction.at computes it (compute 6 N D unless
        // logged).
        int i = idx[k];
        double predicted =
            law.predict(
                values,
                params == null ? Double.NaN : params[i],
                tokens[i],
                compute == null ? Double.NaN : compute[i]);
        res[k] = Math.log(loss[i]) - Math.log(predicted);
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
    caption.add(
        Captions.quality(fit, points.size())
            + ";  lines: the fit;  lower panel: log residuals"
            + (shown < points.size()
                ? ";  markers: "
                    + Formats.count(shown)
                    + " of them, evenly spread in "
                    + x.noun
                    + " (at most "
                    + SHOWN
                    + " per size)"
                : ""));
    return new Figure("Loss against " + x.noun + ": " + source, caption, 1000, 720)
        .add(Chart.stacked(top, bottom, 7, 3), 0, 0, 1, 1);
  }

  /** What the x axis is: tokens for laws in N and D, the variable of a one-variable power law. */
  enum Variable {
    TOKENS("training tokens D", "tokens"),
    PARAMS("model size N (parameters)", "model size"),
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

  /** Markers drawn per model size: more only hide each other, and make an SVG no viewer opens. */
  static final int SHOWN = 400;

  /**
   * A size's points, at most {@link #SHOWN} of them evenly spread in x (first and last kept):
   * deterministic.
   */
  static int[] thin(List<Integer> members, double[] xs) {
    int[] sorted =
        members.stream()
            .sorted(java.util.Comparator.comparingDouble(i -> xs[i]))
            .mapToInt(Integer::intValue)
            .toArray();
    if (sorted.length <= SHOWN) {
      return sorted;
    }
    int[] out = new int[SHOWN];
    for (int k = 0; k < SHOWN; k++) {
      out[k] = sorted[(int) Math.round((double) k * (sorted.length - 1) / (SHOWN - 1))];
    }
    return out;
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
