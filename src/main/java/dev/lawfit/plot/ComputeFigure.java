package dev.lawfit.plot;

import dev.lawfit.analysis.ComputeOptimal;
import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.FitResult.Interval;
import dev.lawfit.fit.Observations;
import dev.lawfit.law.Law;
import dev.lawfit.report.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Figure (c): loss against compute C = 6 N D per model size with each size's fitted curve and the
 * compute-optimal frontier L(N*(C), D*(C)); beside it N*(C) and D*(C) with their 95% bootstrap
 * bands (Hoffmann et al. 2022, App. D.3, as {@link ComputeOptimal} computes them).
 */
public final class ComputeFigure {
  private ComputeFigure() {}

  /**
   * Budgets along the frontier: enough for a smooth band, few enough to stay quick with a
   * bootstrap.
   */
  static final int GRID = 40;

  /**
   * @param fit a chinchilla fit, as {@code optimal} rebuilds it from the document
   * @param points the checkpoints it was fitted to
   * @param source what the fit was read from, for the title
   * @throws IllegalArgumentException as {@link ComputeOptimal#of} when the fit has no
   *     compute-optimal allocation
   */
  public static Figure of(FitResult fit, Observations points, String source) {
    Law law = fit.law();
    double[] values = fit.values();
    double k = ComputeOptimal.DEFAULT_K;
    double[] params = points.params();
    double[] tokens = points.tokens();
    double[] loss = points.loss();
    double[] compute = new double[points.size()];
    Map<Double, List<Integer>> bySize = new TreeMap<>();
    for (int i = 0; i < compute.length; i++) {
      compute[i] = k * params[i] * tokens[i]; // C = 6 N D (Kaplan et al. 2020, sec. 2.1)
      bySize.computeIfAbsent(params[i], n -> new ArrayList<>()).add(i);
    }
    Chart losses =
        new Chart("training compute C = 6 N D (FLOPs)", true, "loss L (nats/token)", true)
            .title("loss against compute");
    int style = 0;
    int shown = 0;
    for (Map.Entry<Double, List<Integer>> e : bySize.entrySet()) {
      int[] idx = LossFigure.thin(e.getValue(), compute);
      shown += idx.length;
      double n = e.getKey();
      double[] px = LossFigure.pick(compute, idx);
      String name = "N = " + Formats.sig(n, 3);
      losses.points(name, px, LossFigure.pick(loss, idx), style);
      losses.legend(name, style, true, true);
      double[] gx = LossFigure.grid(LossFigure.min(px), LossFigure.max(px), 60);
      double[] gy = new double[gx.length];
      for (int j = 0; j < gx.length; j++) {
        gy[j] = law.predict(values, n, gx[j] / (k * n), Double.NaN);
      }
      losses.line(null, gx, gy, style);
      style++;
    }
    double[] c = LossFigure.grid(LossFigure.min(compute), LossFigure.max(compute), GRID);
    List<ComputeOptimal.Estimate> frontier = new ArrayList<>();
    for (double budget : c) {
      frontier.add(ComputeOptimal.of(fit, budget, k));
    }
    boolean bands =
        frontier.stream()
            .allMatch(
                f ->
                    f.ci95() != null
                        && f.ci95().loss() != null
                        && f.ci95().params() != null
                        && f.ci95().tokens() != null);
    int frontierStyle = 6;
    series(
        losses,
        "frontier L(N*, D*)",
        c,
        frontier,
        ComputeOptimal.Allocation::loss,
        ComputeOptimal.Intervals::loss,
        bands,
        frontierStyle);
    losses.legend("frontier L(N*, D*)", frontierStyle, false, true);

    Chart optimum =
        new Chart("training compute C (FLOPs)", true, "N* (parameters), D* (tokens)", true)
            .title("compute-optimal allocation");
    series(
        optimum,
        "N*(C) = G (C/6)^a",
        c,
        frontier,
        ComputeOptimal.Allocation::params,
        ComputeOptimal.Intervals::params,
        bands,
        0);
    series(
        optimum,
        "D*(C) = G^-1 (C/6)^b",
        c,
        frontier,
        ComputeOptimal.Allocation::tokens,
        ComputeOptimal.Intervals::tokens,
        bands,
        1);
    optimum.legend("N* (parameters)", 0, false, true);
    optimum.legend("D* (tokens)", 1, false, true);

    ComputeOptimal.Estimate first = frontier.get(0);
    ComputeOptimal.Allocation v = first.value();
    List<String> caption = new ArrayList<>();
    caption.add(Captions.formula(fit));
    caption.add(
        "N* = G (C/6)^a, D* = G^-1 (C/6)^b  with  G = "
            + Formats.sig(v.G(), 4)
            + ci(first.ci95() == null ? null : first.ci95().G())
            + ", a = "
            + Formats.sig(v.a(), 4)
            + ci(first.ci95() == null ? null : first.ci95().a())
            + ", b = "
            + Formats.sig(v.b(), 4)
            + ci(first.ci95() == null ? null : first.ci95().b())
            + "  (Hoffmann et al. 2022, App. D.3)");
    caption.add(
        Captions.quality(fit, points.size())
            + ";  "
            + (bands
                ? "shaded: 95% bootstrap percentiles of " + first.samples() + " resamples"
                : "no bootstrap in the fit: no bands")
            + (shown < points.size()
                ? ";  markers: " + Formats.count(shown) + " of them, evenly spread in compute"
                : ""));
    return new Figure(
            "Loss against compute and the compute-optimal frontier: " + source, caption, 1200, 600)
        .add(losses, 0, 0, 0.6, 1)
        .add(optimum, 0.6, 0, 0.4, 1);
  }

  /** The frontier's values of one field as a line, with its band when every budget has one. */
  private static void series(
      Chart chart,
      String name,
      double[] c,
      List<ComputeOptimal.Estimate> frontier,
      Function<ComputeOptimal.Allocation, Double> field,
      Function<ComputeOptimal.Intervals, Interval> interval,
      boolean bands,
      int style) {
    double[] mid = new double[c.length];
    double[] low = new double[c.length];
    double[] high = new double[c.length];
    for (int j = 0; j < c.length; j++) {
      ComputeOptimal.Estimate e = frontier.get(j);
      mid[j] = field.apply(e.value());
      if (bands) {
        low[j] = interval.apply(e.ci95()).lower();
        high[j] = interval.apply(e.ci95()).upper();
      }
    }
    if (bands) {
      chart.band(null, c, mid, low, high, style);
    }
    // Over the band, and heavier than the model sizes' curves: the frontier is what the figure is
    // about.
    chart.line(name, c, mid, style, 2.6f);
  }

  private static String ci(Interval i) {
    return i == null
        ? ""
        : " [" + Formats.sig(i.lower(), 3) + ", " + Formats.sig(i.upper(), 3) + "]";
  }
}
