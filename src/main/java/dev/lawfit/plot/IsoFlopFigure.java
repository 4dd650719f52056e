package dev.lawfit.plot;

import dev.lawfit.analysis.IsoFlop;
import dev.lawfit.analysis.IsoFlopRun;
import dev.lawfit.report.Formats;
import dev.lawfit.stats.PowerLawFit;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure (b): IsoFLOP slices (loss against N at each budget) with their parabolas and vertices, and
 * the vertices N*(C) with their intervals and the fitted N* = k C^a (Hoffmann et al. 2022, approach
 * 2).
 */
public final class IsoFlopFigure {
  private IsoFlopFigure() {}

  public static Figure of(IsoFlop.Result result, IsoFlopRun.Sweep sweep, String source) {
    Chart slices =
        new Chart("model size N (parameters)", true, "loss L (nats/token)", false)
            .title("IsoFLOP slices");
    List<double[]> used = new ArrayList<>();
    int style = 0;
    for (IsoFlop.Budget b : result.budgets()) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < sweep.compute().length; i++) {
        if (sweep.compute()[i] == b.compute()) {
          idx.add(i);
        }
      }
      double[] n = idx.stream().mapToDouble(i -> sweep.params()[i]).toArray();
      double[] l = idx.stream().mapToDouble(i -> sweep.loss()[i]).toArray();
      String name =
          "C = "
              + Formats.sig(b.compute(), 3)
              + (b.used()
                  ? ""
                  : " ("
                      + b.params()
                          .position()
                          .name()
                          .toLowerCase(java.util.Locale.ROOT)
                          .replace('_', ' ')
                      + ", not used)");
      slices.points(name, n, l, style);
      IsoFlop.Vertex v = b.params();
      boolean parabola = v.optimum() != null && v.curvature() != null;
      slices.legend(name, style, true, parabola);
      if (parabola) {
        // A local parabola is drawn over the points it went through, not extrapolated across the
        // whole sweep.
        double[] span = n;
        if (result.settings() != null && result.settings().method() == IsoFlop.Method.LOCAL) {
          span =
              java.util.Arrays.stream(IsoFlop.window(n, l, result.settings().halfWidth()))
                  .mapToDouble(i -> n[i])
                  .toArray();
        }
        double[] g = LossFigure.grid(LossFigure.min(span), LossFigure.max(span), 60);
        double[] y = new double[g.length];
        for (int k = 0; k < g.length; k++) {
          double u = Math.log(g[k]) - Math.log(v.optimum());
          y[k] = v.minLoss() + v.curvature() * u * u;
        }
        slices.line(null, g, y, style);
        slices.points(
            null,
            new double[] {v.optimum()},
            new double[] {v.minLoss()},
            style,
            Style.star(8),
            false);
      }
      if (b.used()) {
        used.add(
            new double[] {
              b.compute(),
              v.optimum(),
              v.ci95() == null ? Double.NaN : v.ci95().lower(),
              v.ci95() == null ? Double.NaN : v.ci95().upper()
            });
      }
      style++;
    }
    slices.legend("vertex (N*, min L)", 6, Style.star(8), false);
    Chart law =
        new Chart("compute budget C (FLOPs)", true, "optimal size N* (parameters)", true)
            .title("N* = k C^a");
    double[] c = used.stream().mapToDouble(u -> u[0]).toArray();
    law.errorBars(
        "vertex N*, 95% interval",
        c,
        used.stream().mapToDouble(u -> u[1]).toArray(),
        used.stream().mapToDouble(u -> u[2]).toArray(),
        used.stream().mapToDouble(u -> u[3]).toArray(),
        0);
    PowerLawFit p = result.params();
    double[] g = LossFigure.grid(LossFigure.min(c) / 1.5, LossFigure.max(c) * 1.5, 40);
    double[] y = new double[g.length];
    for (int k = 0; k < g.length; k++) {
      y[k] = p.value("k") * Math.pow(g[k], p.value("a"));
    }
    law.line("N* = k C^a", g, y, 6);
    List<String> caption = new ArrayList<>();
    caption.add(
        "left: each budget's losses with its least-squares parabola in ln N ("
            + fitted(result.settings())
            + ") and its vertex (star); right: the vertices with their delta-method 95% intervals and the line fitted in log-log");
    caption.add(
        law(result.params(), "N* = k C^a", "a")
            + ";  "
            + law(result.tokens(), "D* = k C^b", "b")
            + (result.bootstrap() > 0
                ? "  (" + result.bootstrap() + " bootstrap resamples)"
                : "  (regression intervals)"));
    Figure figure = new Figure("IsoFLOP profiles: " + source, caption, 1200, 560);
    return figure.add(slices, 0, 0, 0.58, 1).add(law, 0.58, 0, 0.42, 1);
  }

  private static String fitted(IsoFlop.Settings settings) {
    return switch (settings.method()) {
      case LOCAL ->
          "through the " + (2 * settings.halfWidth() + 1) + " points around the lowest loss";
      case GLOBAL -> "through the whole sweep";
      case AKIMA -> "none: Akima spline minima";
    };
  }

  private static String law(PowerLawFit fit, String formula, String symbol) {
    List<Double> exponent = fit.parameters().get(symbol).ci95();
    String ci =
        exponent == null
            ? ""
            : " [" + Formats.sig(exponent.get(0), 3) + ", " + Formats.sig(exponent.get(1), 3) + "]";
    return formula
        + " with k = "
        + Formats.sig(fit.value("k"), 3)
        + ", "
        + symbol
        + " = "
        + Formats.sig(fit.value(symbol), 4)
        + ci;
  }
}
