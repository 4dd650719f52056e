package dev.lawfit.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.lawfit.analysis.IsoFlop;
import dev.lawfit.analysis.IsoFlopRun;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Selection;
import dev.lawfit.fit.FitResult.Interval;
import dev.lawfit.stats.PowerLawFit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The IsoFLOP documents, {@code lawfit.isoflop/2} and grouped {@code lawfit.isoflops/2}, and their
 * tables. Version 2 writes each law's coefficient and exponent as a parameter {@code {value,
 * stderr, ci95}}, as every document does; version 1 had bare numbers and a {@code ci95} map beside
 * them.
 */
public final class IsoFlopReport {
  private IsoFlopReport() {}

  public static final String SCHEMA = "lawfit.isoflop/2";
  public static final String GROUPED = "lawfit.isoflops/2";

  /**
   * Where a budget's optimum lies: {@code inside}, {@code edge}, {@code outside} its sweep, or
   * {@code no_minimum}.
   */
  public record Vertex(Double optimum, List<Double> ci95, String position, Double minLoss) {}

  public record Budget(double compute, int points, Vertex params, Vertex tokens, boolean used) {}

  /**
   * {@code y = coefficient * C^exponent}, fitted in log-log over the budgets used: standard errors
   * from the regression, intervals from the bootstrap when there is one.
   */
  public record Law(String formula, Parameter coefficient, Parameter exponent, int budgets) {}

  /**
   * An estimate, its standard error and 95% interval (each null when not computable), as in every
   * document.
   */
  public record Parameter(double value, Double stderr, List<Double> ci95) {}

  public record Input(
      List<InputFile> files,
      FitDocument.Load load,
      Selection selection,
      int points,
      String budgets) {}

  /**
   * How each budget's optimum was found: {@code local} (a parabola through the {@code halfWidth}
   * points each side of the lowest loss), {@code global} (one parabola per sweep) or {@code akima}
   * (Porian et al.'s spline argmin on {@code grid} intervals); {@code weighted}: whether the power
   * laws weighted budgets by 1 / bootstrap variance. Added to version 1 of the document as new
   * fields; documents without it were {@code global}.
   */
  public record Method(String name, Integer halfWidth, Integer grid, boolean weighted) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Document(
      String schema,
      String lawfitVersion,
      Input input,
      Method method,
      List<Budget> budgets,
      Law params,
      Law tokens,
      int bootstrap,
      long seed,
      List<String> warnings) {}

  public record Group(Map<String, String> key, Document isoflop, FitsDocument.Failure error) {}

  public record Grouped(String schema, String lawfitVersion, String groupBy, List<Group> groups) {}

  public static Document document(
      IsoFlopRun.Result run, Dataset dataset, FitDocument.Load load, String version) {
    IsoFlop.Result r = run.isoflop();
    List<Budget> budgets = new ArrayList<>();
    for (IsoFlop.Budget b : r.budgets()) {
      budgets.add(
          new Budget(b.compute(), b.points(), vertex(b.params()), vertex(b.tokens()), b.used()));
    }
    return new Document(
        SCHEMA,
        version,
        new Input(
            InputFile.of(dataset.files()), load, dataset.selection(), run.points(), run.budgets()),
        method(r),
        budgets,
        law("N* = k C^a", r.params()),
        law("D* = k C^b", r.tokens()),
        r.bootstrap(),
        r.seed(),
        java.util.stream.Stream.concat(run.warnings().stream(), r.warnings().stream()).toList());
  }

  private static Method method(IsoFlop.Result r) {
    var s = r.settings();
    return new Method(
        s.method().name().toLowerCase(Locale.ROOT),
        s.method() == IsoFlop.Method.LOCAL ? s.halfWidth() : null,
        s.method() == IsoFlop.Method.AKIMA ? IsoFlop.AKIMA_GRID : null,
        r.weighted());
  }

  /** One line naming the estimator and its settings. */
  static String describe(Method m) {
    if (m == null) {
      return "global parabola";
    }
    return switch (m.name()) {
      case "local" ->
          "local parabola, half width "
              + m.halfWidth()
              + " (the "
              + (2 * m.halfWidth() + 1)
              + " points around each budget's lowest loss)";
      case "akima" ->
          "Akima spline of ln L (Akima 1970), argmin on "
              + m.grid()
              + " grid points per interval between"
              + " sizes; power laws "
              + (m.weighted()
                  ? "weighted by 1 / variance of ln N* over seed-noise draws"
                  : "unweighted (weights need seed-noise draws, --bootstrap N)");
      default -> "one parabola through each whole sweep";
    };
  }

  private static Vertex vertex(IsoFlop.Vertex v) {
    return new Vertex(
        v.optimum(), pair(v.ci95()), v.position().name().toLowerCase(Locale.ROOT), v.minLoss());
  }

  private static Law law(String formula, PowerLawFit fit) {
    if (fit == null) {
      return null;
    }
    String exponent =
        fit.parameters().keySet().stream()
            .skip(1)
            .findFirst()
            .orElseThrow(); // k first, then a or b
    return new Law(
        formula,
        parameter(fit.parameters().get("k")),
        parameter(fit.parameters().get(exponent)),
        fit.points());
  }

  private static Parameter parameter(PowerLawFit.Parameter p) {
    return new Parameter(p.value(), p.stderr(), p.ci95());
  }

  private static List<Double> pair(Interval i) {
    return i == null || !Double.isFinite(i.lower()) || !Double.isFinite(i.upper())
        ? null
        : List.of(i.lower(), i.upper());
  }

  public static Page table(Document doc) {
    Page out = new Page();
    out.append("method     ").append(describe(doc.method())).append('\n');
    out.append("budgets    ")
        .append(doc.budgets().size())
        .append(" (from ")
        .append(doc.input().budgets())
        .append("), ")
        .append(Formats.count(doc.input().points()))
        .append(" points\n\n");
    TextTable t =
        new TextTable(
            ">compute",
            ">points",
            ">N*",
            ">N* 95%",
            "N* where",
            ">D*",
            "D* where",
            ">min loss",
            "used");
    for (Budget b : doc.budgets()) {
      t.row(
          Formats.sig(b.compute(), 3),
          b.points(),
          sig(b.params().optimum()),
          interval(b.params().ci95()),
          b.params().position(),
          sig(b.tokens().optimum()),
          b.tokens().position(),
          sig(b.params().minLoss()),
          b.used() ? "yes" : "no");
    }
    out.append(t).append('\n');
    for (Law law : new Law[] {doc.params(), doc.tokens()}) {
      if (law != null) {
        String symbol = law.formula().contains("^a") ? "a" : "b";
        out.append(law.formula())
            .append(":  k = ")
            .append(Formats.sig(law.coefficient().value(), 4))
            .append(", ")
            .append(symbol)
            .append(" = ")
            .append(Formats.sig(law.exponent().value(), 4))
            .append(" ")
            .append(interval(law.exponent().ci95()))
            .append("  (")
            .append(law.budgets())
            .append(" budgets")
            .append(doc.bootstrap() > 0 ? ", " + doc.bootstrap() + " bootstrap resamples" : "")
            .append(")\n");
      }
    }
    for (String w : doc.warnings()) {
      out.append("warning    ").append(w).append('\n');
    }
    return out;
  }

  public static Page table(Grouped doc) {
    TextTable t =
        new TextTable(doc.groupBy(), ">budgets used", ">a", ">a 95%", ">b", ">b 95%", "note");
    for (Group g : doc.groups()) {
      if (g.isoflop() == null) {
        t.row(
            g.key().get(doc.groupBy()), "-", "-", "-", "-", "-", "FAILED: " + g.error().message());
        continue;
      }
      Document d = g.isoflop();
      long used = d.budgets().stream().filter(Budget::used).count();
      t.row(
          g.key().get(doc.groupBy()),
          used + " of " + d.budgets().size(),
          d.params() == null ? "-" : Formats.sig(d.params().exponent().value(), 4),
          d.params() == null ? "-" : interval(d.params().exponent().ci95()),
          d.tokens() == null ? "-" : Formats.sig(d.tokens().exponent().value(), 4),
          d.tokens() == null ? "-" : interval(d.tokens().exponent().ci95()),
          d.warnings().isEmpty()
              ? ""
              : d.warnings().size() + (d.warnings().size() == 1 ? " warning" : " warnings"));
    }
    String method =
        doc.groups().stream()
            .filter(g -> g.isoflop() != null)
            .findFirst()
            .map(g -> "method     " + describe(g.isoflop().method()) + "\n")
            .orElse("");
    return new Page()
        .append("IsoFLOP    N* = k C^a, D* = k C^b per group by " + doc.groupBy() + "\n")
        .append(method)
        .append('\n')
        .append(t);
  }

  private static String sig(Double v) {
    return v == null ? "-" : Formats.sig(v, 4);
  }

  private static String interval(List<Double> ci) {
    return ci == null
        ? "-"
        : "[" + Formats.sig(ci.get(0), 4) + ", " + Formats.sig(ci.get(1), 4) + "]";
  }
}
