package dev.lawfit.plot;

import dev.lawfit.analysis.hparams.Axis;
import dev.lawfit.analysis.hparams.HparamsAnalysis.SweepPoint;
import dev.lawfit.report.CriticalBatchReport;
import dev.lawfit.report.FittedLaw;
import dev.lawfit.report.Formats;
import dev.lawfit.report.HparamsReport;
import dev.lawfit.stats.Quantiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Figure (d): the learning-rate sweeps of one (N, T) with each batch size's parabola L = L* + s
 * ln^2(eta/eta*) and its eta*; eta* against the laws' variable X with eta* = c X^p B^q per batch
 * size; B* (and B_crit, from a critical-batch document) with their laws; the sensitivity s = s0
 * X^-u. Bands are the 95% percentiles of the laws' bootstrap resamples.
 */
public final class HparamsFigure {
  private HparamsFigure() {}

  /**
   * @param report what {@code lawfit hparams} writes for these logs and options
   * @param points each group's runs, in the order of {@code report.groups()}
   * @param params N of the sweeps drawn ({@code null} when the logs have none)
   * @param tokens T of the sweeps drawn
   * @param critical B_crit per target from {@code lawfit critical-batch}, or {@code null}
   * @param criticalLaw B_crit = k E_min^gamma, or {@code null}
   */
  public static Figure of(
      HparamsReport report,
      List<List<SweepPoint>> points,
      Double params,
      double tokens,
      List<CriticalBatchReport.Target> critical,
      FittedLaw criticalLaw,
      String source) {
    Axis over =
        Arrays.stream(Axis.values())
            .filter(a -> a.label().equals(report.settings().over()))
            .findFirst()
            .orElse(Axis.TOKENS);
    String xLabel =
        switch (over) {
          case TOKENS -> "token budget T (tokens)";
          case PARAMS -> "model size N (parameters)";
          case COMPUTE -> "compute C = 6 N T (FLOPs)";
        };
    List<HparamsReport.Group> groups = report.groups();
    List<Double> batchSizes =
        groups.stream().map(HparamsReport.Group::batchSize).distinct().sorted().toList();

    Chart sweeps =
        new Chart("peak learning rate eta", true, "loss L (nats/token)", false)
            .title(
                "sweeps at "
                    + (params == null ? "" : "N = " + Formats.sig(params, 3) + ", ")
                    + "T = "
                    + Formats.sig(tokens, 3));
    int diverged = 0;
    for (int i = 0; i < groups.size(); i++) {
      HparamsReport.Group g = groups.get(i);
      if (!Objects.equals(g.params(), params) || g.tokens() != tokens) {
        continue;
      }
      int style = batchSizes.indexOf(g.batchSize());
      double[] lr =
          points.get(i).stream().filter(p -> !p.diverged()).mapToDouble(SweepPoint::lr).toArray();
      double[] loss =
          points.get(i).stream().filter(p -> !p.diverged()).mapToDouble(SweepPoint::loss).toArray();
      diverged += g.diverged();
      String name = "B = " + batch(g.batchSize());
      sweeps.points(name, lr, loss, style);
      boolean parabola =
          g.etaStar() != null && g.sensitivity() != null && g.lossAtOptimum() != null;
      sweeps.legend(
          parabola ? name : name + " (" + g.status().label() + ")", style, true, parabola);
      if (parabola) {
        double eta = g.etaStar().value();
        double s = g.sensitivity().value();
        double[] x = LossFigure.grid(g.window().get(0) / 1.4, g.window().get(1) * 1.4, 50);
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
          double u = Math.log(x[k] / eta);
          y[k] = g.lossAtOptimum() + s * u * u; // L = L* + s ln^2(eta/eta*)
        }
        sweeps.line(null, x, y, style);
        sweeps.points(
            null,
            new double[] {eta},
            new double[] {g.lossAtOptimum()},
            style,
            Style.star(9),
            false);
      }
    }
    sweeps.legend("eta* (vertex)", 6, Style.star(9), false);

    FittedLaw etaLaw = report.laws() == null ? null : report.laws().etaStar();
    Chart etaChart =
        new Chart(xLabel, true, "optimal learning rate eta*", true)
            .title(etaLaw == null ? "eta* (no law)" : etaLaw.formula());
    for (double b : batchSizes) {
      int style = batchSizes.indexOf(b);
      List<HparamsReport.Group> ok =
          groups.stream().filter(g -> g.batchSize() == b && g.etaStar() != null).toList();
      if (ok.isEmpty()) {
        continue;
      }
      double[] x = ok.stream().mapToDouble(g -> over.of(nan(g.params()), g.tokens())).toArray();
      if (etaLaw != null) {
        boolean withB = etaLaw.parameters().containsKey("q");
        law(
            etaChart,
            etaLaw,
            x,
            v -> v[0] * Math.pow(xOf(v), v[1]) * (withB ? Math.pow(b, v[2]) : 1),
            style);
      }
      String name = "B = " + batch(b);
      etaChart.errorBars(
          null,
          x,
          ok.stream().mapToDouble(g -> g.etaStar().value()).toArray(),
          low(ok),
          high(ok),
          style);
      etaChart.legend(name, style, true, etaLaw != null);
    }

    FittedLaw bLaw = report.laws() == null ? null : report.laws().bStar();
    boolean withCritical = critical != null && over == Axis.TOKENS;
    Chart bChart =
        new Chart(
                withCritical ? "tokens: budget T (B*), E_min (B_crit)" : xLabel,
                true,
                "batch size (tokens)",
                true)
            .title(withCritical ? "B* and B_crit" : bLaw == null ? "B* (no law)" : bLaw.formula());
    List<HparamsReport.BatchOptimum> bOk =
        report.batchOptima().stream()
            .filter(g -> g.status() == HparamsReport.BatchStatus.OK)
            .toList();
    if (bLaw != null && !bOk.isEmpty()) {
      double[] x = bOk.stream().mapToDouble(g -> over.of(nan(g.params()), g.tokens())).toArray();
      law(bChart, bLaw, x, v -> v[0] * Math.pow(xOf(v), v[1]), 0);
    }
    if (!bOk.isEmpty()) {
      bChart.errorBars(
          null,
          bOk.stream().mapToDouble(g -> over.of(nan(g.params()), g.tokens())).toArray(),
          bOk.stream().mapToDouble(g -> g.bStar().value()).toArray(),
          bOk.stream()
              .mapToDouble(g -> g.bStar().ci95() == null ? Double.NaN : g.bStar().ci95().get(0))
              .toArray(),
          bOk.stream()
              .mapToDouble(g -> g.bStar().ci95() == null ? Double.NaN : g.bStar().ci95().get(1))
              .toArray(),
          0);
      bChart.legend("B*" + (bLaw == null ? "" : ", " + bLaw.formula()), 0, true, bLaw != null);
    }
    if (withCritical) {
      List<CriticalBatchReport.Target> fitted =
          critical.stream().filter(t -> t.eMin() != null && t.bCrit() != null).toList();
      double[] x = fitted.stream().mapToDouble(t -> t.eMin().value()).toArray();
      if (criticalLaw != null && x.length > 0) {
        law(bChart, criticalLaw, x, v -> v[0] * Math.pow(xOf(v), v[1]), 1);
      }
      if (x.length > 0) {
        bChart.errorBars(
            null,
            x,
            fitted.stream().mapToDouble(t -> t.bCrit().value()).toArray(),
            fitted.stream()
                .mapToDouble(t -> t.bCrit().ci95() == null ? Double.NaN : t.bCrit().ci95().get(0))
                .toArray(),
            fitted.stream()
                .mapToDouble(t -> t.bCrit().ci95() == null ? Double.NaN : t.bCrit().ci95().get(1))
                .toArray(),
            1);
        bChart.legend(
            "B_crit" + (criticalLaw == null ? "" : ", " + criticalLaw.formula()),
            1,
            true,
            criticalLaw != null);
      }
    }

    FittedLaw sLaw = report.laws() == null ? null : report.laws().sensitivity();
    Chart sChart =
        new Chart(xLabel, true, "sensitivity s (nats per ln² of eta)", true)
            .title(sLaw == null ? "s (no law)" : sLaw.formula())
            .noLegend();
    List<HparamsReport.Group> sOk = groups.stream().filter(g -> g.sensitivity() != null).toList();
    if (!sOk.isEmpty()) {
      double[] x = sOk.stream().mapToDouble(g -> over.of(nan(g.params()), g.tokens())).toArray();
      if (sLaw != null) {
        law(sChart, sLaw, x, v -> v[0] * Math.pow(xOf(v), -v[1]), 6);
      }
      sChart.points(null, x, sOk.stream().mapToDouble(g -> g.sensitivity().value()).toArray(), 0);
    }

    List<String> caption = new ArrayList<>();
    caption.add(
        "top left: each batch size's runs at one budget with the parabola L = L* + s ln²(eta/eta*) fitted to "
            + "the "
            + (2 * report.settings().windowHalfWidth() + 1)
            + " swept values nearest its lowest loss, and its vertex "
            + "eta* (star)"
            + (diverged > 0 ? ", " + diverged + " diverged runs not drawn" : "")
            + "; elsewhere: the optima with their 95% intervals and the laws with 95% bands ("
            + interval(etaLaw)
            + ")");
    List<String> laws = new ArrayList<>();
    for (FittedLaw l : new FittedLaw[] {etaLaw, bLaw, sLaw, withCritical ? criticalLaw : null}) {
      if (l != null) {
        laws.add(values(l));
      }
    }
    caption.add(String.join(";  ", laws));
    return new Figure("Learning rate and batch size: " + source, caption, 1200, 980)
        .add(sweeps, 0, 0, 0.5, 0.5)
        .add(etaChart, 0.5, 0, 0.5, 0.5)
        .add(bChart, 0, 0.5, 0.5, 0.5)
        .add(sChart, 0.5, 0.5, 0.5, 0.5);
  }

  /** The variable's value, passed as the last element of a law's parameters in {@link #law}. */
  private static double xOf(double[] v) {
    return v[v.length - 1];
  }

  /**
   * The law's line over the points' range, with the 95% percentile band of its bootstrap resamples
   * at each x when the law has them. {@code f} takes the parameters with x appended.
   */
  private static void law(
      Chart chart,
      FittedLaw law,
      double[] x,
      java.util.function.ToDoubleFunction<double[]> f,
      int style) {
    double[] g = LossFigure.grid(LossFigure.min(x) / 1.15, LossFigure.max(x) * 1.15, 40);
    double[] values =
        law.parameters().values().stream().mapToDouble(FittedLaw.Parameter::value).toArray();
    double[] mid = new double[g.length];
    for (int k = 0; k < g.length; k++) {
      mid[k] = f.applyAsDouble(with(values, g[k]));
    }
    List<double[]> draws = law.draws();
    if (draws.size() < 2) {
      chart.line(null, g, mid, style);
      return;
    }
    double[] low = new double[g.length];
    double[] high = new double[g.length];
    for (int k = 0; k < g.length; k++) {
      double at = g[k];
      double[] y =
          draws.stream()
              .mapToDouble(d -> f.applyAsDouble(with(d, at)))
              .filter(Double::isFinite)
              .sorted()
              .toArray();
      low[k] = y.length == 0 ? Double.NaN : Quantiles.ofSorted(y, 0.025);
      high[k] = y.length == 0 ? Double.NaN : Quantiles.ofSorted(y, 0.975);
    }
    chart.band(null, g, mid, low, high, style);
  }

  private static double[] with(double[] v, double x) {
    double[] out = Arrays.copyOf(v, v.length + 1);
    out[v.length] = x;
    return out;
  }

  private static String values(FittedLaw law) {
    List<String> parts = new ArrayList<>();
    law.parameters()
        .forEach(
            (name, p) ->
                parts.add(
                    name
                        + " = "
                        + Formats.sig(p.value(), 4)
                        + (p.ci95() == null
                            ? ""
                            : " ["
                                + Formats.sig(p.ci95().get(0), 3)
                                + ", "
                                + Formats.sig(p.ci95().get(1), 3)
                                + "]")));
    return law.formula() + " with " + String.join(", ", parts);
  }

  private static String interval(FittedLaw law) {
    if (law == null || law.interval() == null) {
      return "no law";
    }
    FittedLaw.Interval i = law.interval();
    return i.method().equals("t")
        ? "Student t intervals, no bands"
        : i.method() + ", " + i.resamples() + " resamples";
  }

  private static double[] low(List<HparamsReport.Group> groups) {
    return groups.stream()
        .mapToDouble(g -> g.etaStar().ci95() == null ? Double.NaN : g.etaStar().ci95().get(0))
        .toArray();
  }

  private static double[] high(List<HparamsReport.Group> groups) {
    return groups.stream()
        .mapToDouble(g -> g.etaStar().ci95() == null ? Double.NaN : g.etaStar().ci95().get(1))
        .toArray();
  }

  private static String batch(double b) {
    return b == Math.rint(b) && b < 1e9 ? Long.toString((long) b) : Formats.sig(b, 3);
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }
}
