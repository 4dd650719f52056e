package dev.lawfit.plot;

import dev.lawfit.report.CriticalBatchReport;
import dev.lawfit.report.FittedLaw;
import dev.lawfit.report.Formats;
import dev.lawfit.report.HparamsReport;
import java.util.ArrayList;
import java.util.List;

/**
 * Figure (f): tokens and steps to each target against the batch size, with the fitted trade-off E =
 * E_min (1 + B/B_crit), S = S_min (1 + B_crit/B) (McCandlish et al. 2018), and the law B_crit = k
 * E_min^gamma when the document has one.
 */
public final class CriticalBatchFigure {
  private CriticalBatchFigure() {}

  public static Figure of(List<CriticalBatchReport.Target> targets, FittedLaw law, String source) {
    Chart tokens =
        new Chart("batch size B (tokens)", true, "tokens to target E", true)
            .title("data: E = E_min (1 + B/B_crit)");
    Chart steps =
        new Chart("batch size B (tokens)", true, "steps to target S", true)
            .title("steps: S = S_min (1 + B_crit/B)")
            .noLegend();
    List<double[]> crit = new ArrayList<>();
    int style = 0;
    for (CriticalBatchReport.Target t : targets) {
      int n = t.points().size();
      double[] b = new double[n];
      double[] e = new double[n];
      double[] s = new double[n];
      for (int i = 0; i < n; i++) {
        b[i] = t.points().get(i).batchSize();
        e[i] = t.points().get(i).tokens();
        s[i] = t.points().get(i).steps();
      }
      String group =
          t.params() != null
              ? "N = " + Formats.sig(t.params(), 3)
              : CriticalBatchReport.label(t.group());
      String name =
          t.targetLoss() == null ? group : group + ", L = " + Formats.sig(t.targetLoss(), 3);
      tokens.points(name, b, e, style);
      steps.points(name, b, s, style);
      boolean fitted = t.eMin() != null && t.bCrit() != null;
      tokens.legend(
          name
              + (fitted
                  ? ": B_crit = " + Formats.sig(t.bCrit().value(), 3)
                  : " (" + t.status().label() + ")"),
          style,
          true,
          fitted);
      if (fitted) {
        double eMin = t.eMin().value();
        double bCrit = t.bCrit().value();
        double[] g = LossFigure.grid(LossFigure.min(b) / 1.3, LossFigure.max(b) * 1.3, 60);
        double[] ge = new double[g.length];
        double[] gs = new double[g.length];
        for (int i = 0; i < g.length; i++) {
          ge[i] = eMin * (1 + g[i] / bCrit);
          gs[i] = eMin / bCrit * (1 + bCrit / g[i]);
        }
        tokens.line(null, g, ge, style);
        steps.line(null, g, gs, style);
        crit.add(new double[] {eMin, bCrit, low(t.bCrit()), high(t.bCrit())});
      }
      style++;
    }
    List<String> caption = new ArrayList<>();
    caption.add(
        "points: each batch size's tokens (left) and steps (right) to reach the target; lines: the fitted trade-off "
            + "per target; S_min = E_min / B_crit");
    Figure figure;
    if (law != null && crit.size() >= 2) {
      Chart laws = new Chart("E_min (tokens)", true, "B_crit (tokens)", true).title(law.formula());
      double[] x = crit.stream().mapToDouble(c -> c[0]).toArray();
      laws.errorBars(
          "B_crit, 95% interval",
          x,
          crit.stream().mapToDouble(c -> c[1]).toArray(),
          crit.stream().mapToDouble(c -> c[2]).toArray(),
          crit.stream().mapToDouble(c -> c[3]).toArray(),
          0);
      double k = law.value("k");
      double gamma = law.value("gamma");
      double[] g = LossFigure.grid(LossFigure.min(x) / 1.2, LossFigure.max(x) * 1.2, 40);
      double[] y = new double[g.length];
      for (int i = 0; i < g.length; i++) {
        y[i] = k * Math.pow(g[i], gamma);
      }
      laws.line("law", g, y, 6);
      caption.add(
          law.formula()
              + "  with  k = "
              + Formats.sig(k, 4)
              + ", gamma = "
              + Formats.sig(gamma, 4)
              + interval(law.parameters().get("gamma"))
              + "  ("
              + law.points()
              + " targets)");
      figure = new Figure("Critical batch size: " + source, caption, 1200, 900);
      figure.add(tokens, 0, 0, 0.6, 0.5).add(steps, 0.6, 0, 0.4, 0.5).add(laws, 0.2, 0.5, 0.6, 0.5);
    } else {
      figure = new Figure("Critical batch size: " + source, caption, 1200, 520);
      figure.add(tokens, 0, 0, 0.6, 1).add(steps, 0.6, 0, 0.4, 1);
    }
    return figure;
  }

  private static String interval(FittedLaw.Parameter p) {
    return p == null || p.ci95() == null
        ? ""
        : " [" + Formats.sig(p.ci95().get(0), 3) + ", " + Formats.sig(p.ci95().get(1), 3) + "]";
  }

  private static double low(HparamsReport.Estimate e) {
    return e.ci95() == null ? Double.NaN : e.ci95().get(0);
  }

  private static double high(HparamsReport.Estimate e) {
    return e.ci95() == null ? Double.NaN : e.ci95().get(1);
  }
}
