package dev.lawfit.report;

import dev.lawfit.analysis.ComputeOptimal;
import dev.lawfit.analysis.Prediction;
import dev.lawfit.fit.FitResult.Interval;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code predict} ({@code lawfit.prediction/1}) and {@code optimal} ({@code lawfit.optimal/1})
 * write: the fit they used and one row per point asked for.
 */
public final class PointsDocument {
  private PointsDocument() {}

  public static final String PREDICTION = "lawfit.prediction/1";
  public static final String OPTIMAL = "lawfit.optimal/1";

  /** The fit a result came from. */
  public record Source(String path, String law, String formula, boolean bootstrap) {}

  /** A prediction; params, tokens or compute are null when the law does not use them. */
  public record Predicted(
      Double params, Double tokens, Double compute, double loss, List<Double> ci95) {}

  public record Predictions(
      String schema, String lawfitVersion, Source fit, List<Predicted> predictions) {}

  /**
   * One budget's allocation; {@code ci95} maps a field name to its interval.
   *
   * @param flopsPerToken how C was counted: C = k N D, written {@code "6N"}
   */
  public record Allocation(
      double compute,
      String flopsPerToken,
      double params,
      double tokens,
      double tokensPerParam,
      double loss,
      double a,
      double b,
      java.util.Map<String, List<Double>> ci95) {}

  public record Allocations(
      String schema, String lawfitVersion, Source fit, List<Allocation> allocations) {}

  public static Predictions predictions(Source fit, List<Prediction.Point> points, String version) {
    List<Predicted> rows = new ArrayList<>();
    for (Prediction.Point p : points) {
      rows.add(
          new Predicted(
              orNull(p.params()),
              orNull(p.tokens()),
              orNull(p.compute()),
              p.loss(),
              pair(p.ci95())));
    }
    return new Predictions(PREDICTION, version, fit, rows);
  }

  public static Allocations allocations(
      Source fit, List<ComputeOptimal.Estimate> estimates, String version) {
    List<Allocation> rows = new ArrayList<>();
    for (ComputeOptimal.Estimate e : estimates) {
      var v = e.value();
      java.util.Map<String, List<Double>> ci = null;
      if (e.ci95() != null) {
        ci = new java.util.LinkedHashMap<>();
        ci.put("params", pair(e.ci95().params()));
        ci.put("tokens", pair(e.ci95().tokens()));
        ci.put("tokens_per_param", pair(e.ci95().tokensPerParam()));
        ci.put("loss", pair(e.ci95().loss()));
        ci.put("a", pair(e.ci95().a()));
        ci.put("b", pair(e.ci95().b()));
      }
      rows.add(
          new Allocation(
              v.compute(),
              FitReport.flopsPerToken(v.k()),
              v.params(),
              v.tokens(),
              v.tokensPerParam(),
              v.loss(),
              v.a(),
              v.b(),
              ci));
    }
    return new Allocations(OPTIMAL, version, fit, rows);
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static List<Double> pair(Interval i) {
    return i == null || !Double.isFinite(i.lower()) || !Double.isFinite(i.upper())
        ? null
        : List.of(i.lower(), i.upper());
  }

  public static Page table(Predictions doc) {
    TextTable t = new TextTable(">params", ">tokens", ">compute", ">loss", ">95% interval");
    for (Predicted p : doc.predictions()) {
      t.row(
          p.params() == null ? "-" : sig(p.params()),
          p.tokens() == null ? "-" : sig(p.tokens()),
          p.compute() == null ? "-" : sig(p.compute()),
          Formats.sig(p.loss(), 5),
          interval(p.ci95()));
    }
    return new Page().append(header(doc.fit())).append(t);
  }

  public static Page table(Allocations doc) {
    TextTable t = new TextTable(">compute", ">N*", ">D*", ">D*/N*", ">loss", ">N* 95%", ">D* 95%");
    for (Allocation a : doc.allocations()) {
      t.row(
          sig(a.compute()),
          sig(a.params()),
          sig(a.tokens()),
          Formats.sig(a.tokensPerParam(), 4),
          Formats.sig(a.loss(), 5),
          interval(a.ci95() == null ? null : a.ci95().get("params")),
          interval(a.ci95() == null ? null : a.ci95().get("tokens")));
    }
    Allocation first = doc.allocations().get(0);
    return new Page()
        .append(
            header(doc.fit())
                + "counting   C = "
                + first.flopsPerToken().replace("N", " N")
                + " D;  N* ~ C^"
                + Formats.sig(first.a(), 4)
                + ", D* ~ C^"
                + Formats.sig(first.b(), 4)
                + "\n\n")
        .append(t);
  }

  private static String header(Source fit) {
    return "fit        "
        + fit.path()
        + "  ("
        + fit.law()
        + ": "
        + fit.formula()
        + ")\n"
        + (fit.bootstrap()
            ? ""
            : "intervals  none: the fit has no bootstrap (fit with --bootstrap N)\n")
        + "\n";
  }

  private static String sig(double v) {
    return Double.isNaN(v) ? "-" : Formats.sig(v, 4);
  }

  private static String interval(List<Double> ci) {
    return ci == null
        ? "-"
        : "[" + Formats.sig(ci.get(0), 4) + ", " + Formats.sig(ci.get(1), 4) + "]";
  }
}
