package dev.lawfit.report;

import dev.lawfit.analysis.ComputeOptimal;
import dev.lawfit.analysis.LossFit;
import dev.lawfit.data.Dataset;
import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.FitResult.Interval;
import dev.lawfit.fit.FitResult.ParameterEstimate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds fit documents from fits, and renders them for a terminal. */
public final class FitReport {
  private FitReport() {}

  /** The document of one fit; {@code load} and {@code settings} are recorded as given. */
  public static FitDocument document(
      LossFit.Result result,
      Dataset dataset,
      FitDocument.Load load,
      FitDocument.Settings settings,
      String version) {
    FitResult fit = result.fit();
    Map<String, FitDocument.Parameter> parameters = new LinkedHashMap<>();
    for (ParameterEstimate p : fit.parameters()) {
      parameters.put(p.name(), parameter(p));
    }
    var o = fit.objective();
    var objective =
        new FitDocument.Objective(
            o.loss(),
            o.delta(),
            o.space(),
            o.reduction(),
            o.value(),
            o.starts(),
            o.startsAtBest(),
            o.converged());
    var q = fit.quality();
    var quality =
        new FitDocument.Quality(
            q.points(),
            finite(q.rmseLog()),
            finite(q.r2Log()),
            finite(q.meanAre()),
            finite(q.maxAre()));
    List<String> notFinite = new ArrayList<>();
    if (quality.rmseLog() == null || quality.meanAre() == null || quality.maxAre() == null) {
      // Predictions that overflow (e.g. a parameter held at 1e308) make the sums infinite.
      notFinite.add(
          "fit quality (rmse of log L, mean or max ARE) is not a finite number: written as null");
    }
    FitDocument.Derived derived = null;
    if (result.computeOptimal() != null && !Double.isFinite(result.computeOptimal().value().G())) {
      notFinite.add("the compute-optimal coefficient G is not a finite number: derived is null");
    } else if (result.computeOptimal() != null) {
      ComputeOptimal.Allocation a = result.computeOptimal().value();
      Map<String, List<Double>> ci = null;
      ComputeOptimal.Intervals ci95 = result.computeOptimal().ci95();
      if (ci95 != null) {
        ci = new LinkedHashMap<>();
        ci.put("a", interval(ci95.a()));
        ci.put("b", interval(ci95.b()));
        ci.put("G", interval(ci95.G()));
      }
      derived =
          new FitDocument.Derived(
              new FitDocument.ComputeOptimal(a.a(), a.b(), a.G(), flopsPerToken(a.k()), ci));
    }
    var input =
        new FitDocument.InputRecord(
            InputFile.of(dataset.files()),
            load,
            dataset.selection(),
            result.runs(),
            result.points(),
            result.computeCounting(),
            dataset.notes());
    FitDocument.Bootstrap bootstrap =
        fit.bootstrapSamples()
            .map(
                b -> {
                  List<List<Double>> rows = new ArrayList<>();
                  for (double[] row : b.samples()) {
                    List<Double> r = new ArrayList<>(row.length);
                    for (double v : row) {
                      r.add(v);
                    }
                    rows.add(r);
                  }
                  return new FitDocument.Bootstrap(
                      b.resamples(),
                      b.failed(),
                      b.seed(),
                      b.clustered() ? "run" : "point",
                      fit.law().parameterNames(),
                      rows);
                })
            .orElse(null);
    return new FitDocument(
        FitDocument.SCHEMA,
        version,
        fit.law().name(),
        fit.law().formula(),
        parameters,
        objective,
        quality,
        derived,
        input,
        settings,
        bootstrap,
        concat(concat(fit.warnings(), result.warnings()), notFinite));
  }

  /**
   * The fit a document records, rebuilt so that the analysis can use it again (predictions,
   * allocations). Standard errors and intervals are as recorded; the covariance is not kept.
   *
   * @throws IllegalArgumentException when the document's law is unknown or lacks a parameter
   */
  public static FitResult result(FitDocument doc) {
    dev.lawfit.law.Law law = dev.lawfit.law.Law.byName(doc.law());
    List<ParameterEstimate> estimates = new ArrayList<>();
    for (String name : law.parameterNames()) {
      FitDocument.Parameter p = doc.parameters().get(name);
      if (p == null) {
        throw new IllegalArgumentException(
            "the " + law.name() + " fit has no parameter '" + name + "'");
      }
      if (p.value() == null
          || !Double.isFinite(p.value())
          || !law.admissible(law.indexOf(name), p.value())) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' has no usable value (" + p.value() + ")");
      }
      Interval ci =
          p.ci95() == null || p.ci95().size() != 2
              ? null
              : new Interval(p.ci95().get(0), p.ci95().get(1));
      estimates.add(new ParameterEstimate(name, p.value(), p.stderr(), ci, p.fixed()));
    }
    var o = doc.objective();
    var objective =
        o == null
            ? null
            : new FitResult.ObjectiveSummary(
                o.loss(),
                o.delta(),
                o.space(),
                o.reduction(),
                o.value(),
                o.starts(),
                o.startsAtBest(),
                o.converged());
    var q = doc.quality();
    var quality =
        q == null
            ? null
            : new FitResult.Quality(
                q.points(), orNaN(q.rmseLog()), q.r2(), orNaN(q.meanAre()), orNaN(q.maxAre()));
    FitResult.Bootstrap bootstrap = null;
    var b = doc.bootstrap();
    if (b != null && b.samples() != null && !b.samples().isEmpty()) {
      List<String> order = b.parameters() == null ? law.parameterNames() : b.parameters();
      double[][] samples = new double[b.samples().size()][law.parameterCount()];
      for (int i = 0; i < samples.length; i++) {
        List<Double> row = b.samples().get(i);
        if (row.size() != order.size()) {
          throw new IllegalArgumentException(
              "bootstrap sample "
                  + (i + 1)
                  + " has "
                  + row.size()
                  + " values, not "
                  + order.size());
        }
        for (int j = 0; j < law.parameterCount(); j++) {
          int at = order.indexOf(law.parameterNames().get(j));
          if (at < 0) {
            throw new IllegalArgumentException(
                "the bootstrap samples lack parameter '" + law.parameterNames().get(j) + "'");
          }
          samples[i][j] = row.get(at);
        }
      }
      bootstrap =
          new FitResult.Bootstrap(
              b.resamples(), b.failed(), b.seed(), "run".equals(b.cluster()), samples);
    }
    return new FitResult(
        law,
        estimates,
        objective,
        quality,
        doc.warnings() == null ? List.of() : doc.warnings(),
        null,
        bootstrap);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** {@code "6N"} for the conventional count, else the factor written out. */
  public static String flopsPerToken(double k) {
    return (k == Math.rint(k) ? Long.toString((long) k) : Double.toString(k)) + "N";
  }

  /** A fitted parameter as every document writes it: {@code {value, stderr, ci95, fixed}}. */
  static FitDocument.Parameter parameter(ParameterEstimate p) {
    return new FitDocument.Parameter(p.value(), finite(p.stderr()), interval(p.ci95()), p.fixed());
  }

  private static Double finite(Double v) {
    return v == null || !Double.isFinite(v) ? null : v;
  }

  private static List<Double> interval(Interval i) {
    return i == null || !Double.isFinite(i.lower()) || !Double.isFinite(i.upper())
        ? null
        : List.of(i.lower(), i.upper());
  }

  /** The document for a terminal: parameters, objective, quality, derived quantities, warnings. */
  public static Page table(FitDocument doc) {
    Page out = new Page();
    out.append("law        ").append(doc.law()).append("   ").append(doc.formula()).append('\n');
    var in = doc.input();
    out.append("points     ")
        .append(Formats.count(in.points()))
        .append(" checkpoints of ")
        .append(Formats.count(in.runs()))
        .append(in.runs() == 1 ? " run" : " runs")
        .append('\n');
    out.append('\n');
    TextTable t = new TextTable("parameter", ">value", ">stderr", ">95% interval");
    doc.parameters()
        .forEach(
            (name, p) ->
                t.row(
                    name,
                    Formats.sig(p.value(), 5),
                    p.fixed() ? "fixed" : p.stderr() == null ? "-" : Formats.sig(p.stderr(), 2),
                    p.ci95() == null
                        ? "-"
                        : "["
                            + Formats.sig(p.ci95().get(0), 4)
                            + ", "
                            + Formats.sig(p.ci95().get(1), 4)
                            + "]"));
    out.append(t).append('\n');
    var o = doc.objective();
    out.append("objective  ").append(o.loss());
    if (o.delta() != null) {
      out.append(o.loss().equals("huber") ? " (delta " : " (k ")
          .append(Formats.sig(o.delta(), 3))
          .append(')');
    }
    out.append(" on ")
        .append(o.space())
        .append(" residuals, ")
        .append(o.reduction())
        .append(" = ")
        .append(Formats.sig(o.value(), 6))
        .append("; ")
        .append(o.startsAtBest())
        .append(" of ")
        .append(o.starts())
        .append(" starts reached it")
        .append(o.converged() ? "" : "; NOT CONVERGED")
        .append('\n');
    var q = doc.quality();
    out.append("quality    rmse(log L) ")
        .append(q.rmseLog() == null ? "-" : Formats.sig(q.rmseLog(), 3))
        .append(", r2(log L) ")
        .append(q.r2() == null ? "-" : Formats.sig(q.r2(), 4))
        .append(", mean ARE ")
        .append(percent(q.meanAre()))
        .append(", max ARE ")
        .append(percent(q.maxAre()))
        .append('\n');
    if (doc.derived() != null && doc.derived().computeOptimal() != null) {
      var c = doc.derived().computeOptimal();
      out.append("optimal    N* = G (C/")
          .append(c.flopsPerToken().replace("N", ""))
          .append(")^a, D* = (C/")
          .append(c.flopsPerToken().replace("N", ""))
          .append(")^b / G with a = ")
          .append(Formats.sig(c.a(), 4))
          .append(ci(c.ci95(), "a"))
          .append(", b = ")
          .append(Formats.sig(c.b(), 4))
          .append(ci(c.ci95(), "b"))
          .append(", G = ")
          .append(Formats.sig(c.G(), 4))
          .append(ci(c.ci95(), "G"))
          .append('\n');
    }
    if (doc.bootstrap() == null
        && doc.parameters().values().stream().anyMatch(p -> p.stderr() != null)) {
      // They rest on the model: say so where they are read, not only in the README.
      out.append(
          "stderr     from the covariance at the optimum, for independent points and a law that fits; "
              + "--bootstrap N resamples instead\n");
    }
    if (doc.bootstrap() != null) {
      out.append("bootstrap  ")
          .append(doc.bootstrap().samples().size())
          .append(" resamples of ")
          .append(doc.bootstrap().cluster().equals("run") ? "whole runs" : "points")
          .append(" (seed ")
          .append(doc.bootstrap().seed())
          .append(doc.bootstrap().failed() > 0 ? ", " + doc.bootstrap().failed() + " failed" : "")
          .append(")\n");
    }
    for (String w : doc.warnings()) {
      out.append("warning    ").append(w).append('\n');
    }
    return out;
  }

  /** One row per group: its parameters, objective and quality, or why it failed. */
  public static Page groupTable(FitsDocument doc) {
    List<String> names = new ArrayList<>();
    for (FitsDocument.Group g : doc.groups()) {
      if (g.fit() != null) {
        names = List.copyOf(g.fit().parameters().keySet());
        break;
      }
    }
    List<String> headers = new ArrayList<>();
    headers.add(doc.groupBy());
    headers.add(">points");
    for (String n : names) {
      headers.add(">" + n);
    }
    headers.add(">rmse(log L)");
    headers.add(">max ARE");
    headers.add("note");
    TextTable t = new TextTable(headers.toArray(String[]::new));
    int failed = 0;
    for (FitsDocument.Group g : doc.groups()) {
      List<Object> row = new ArrayList<>();
      row.add(g.key().get(doc.groupBy()));
      if (g.fit() == null) {
        failed++;
        row.add("-");
        names.forEach(n -> row.add("-"));
        row.add("-");
        row.add("-");
        row.add("FAILED: " + g.error().message());
      } else {
        FitDocument f = g.fit();
        row.add(Formats.count(f.input().points()));
        for (String n : names) {
          FitDocument.Parameter p = f.parameters().get(n);
          row.add(p == null ? "-" : Formats.sig(p.value(), 4));
        }
        row.add(f.quality().rmseLog() == null ? "-" : Formats.sig(f.quality().rmseLog(), 3));
        row.add(percent(f.quality().maxAre()));
        row.add(
            f.warnings().isEmpty()
                ? ""
                : f.warnings().size() + (f.warnings().size() == 1 ? " warning" : " warnings"));
      }
      t.row(row.toArray());
    }
    String law =
        doc.groups().stream()
            .filter(g -> g.fit() != null)
            .map(g -> g.fit().law() + "   " + g.fit().formula())
            .findFirst()
            .orElse("");
    return new Page()
        .append(
            "law        "
                + law
                + "\n"
                + "groups     "
                + doc.groups().size()
                + " by "
                + doc.groupBy()
                + (failed > 0 ? ", " + failed + " failed" : "")
                + "\n\n")
        .append(t);
  }

  private static String ci(Map<String, List<Double>> ci95, String key) {
    if (ci95 == null || ci95.get(key) == null) {
      return "";
    }
    return " ["
        + Formats.sig(ci95.get(key).get(0), 3)
        + ", "
        + Formats.sig(ci95.get(key).get(1), 3)
        + "]";
  }

  private static String percent(Double fraction) {
    return fraction == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }
}
