package dev.lawfit.cli;

import dev.lawfit.analysis.Drift;
import dev.lawfit.analysis.LossFit;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.InputException;
import dev.lawfit.data.LogFiles;
import dev.lawfit.data.MissingColumnException;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitResult;
import dev.lawfit.law.Law;
import dev.lawfit.report.CheckReport;
import dev.lawfit.report.Documents;
import dev.lawfit.report.FitDocument;
import dev.lawfit.report.FitReport;
import dev.lawfit.report.FitsDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UseDefaultConverter;

/** {@code lawfit check}: the CI gate that fails when a fit drifts from its baseline. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compare a fit with a baseline fit and fail (exit 1) when it drifted: every parameter, the loss predicted at "
          + "named points, and the compute-optimal exponent a, each against a limit.",
      "CURRENT is a fit document, or run logs that are re-fitted exactly as the baseline records (law, objective, starts, "
          + "fixed parameters, bootstrap and seed, columns, selection, groups)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit check baseline.json runs.csv",
      "  lawfit check baseline.json new-fit.json --rtol 0.02 --tol E=0.01 --at params=7e10,tokens=1.4e12 --max-loss-drift 0.5%%",
      "  lawfit check baseline.json runs/ --overlap --format json --out check.json"
    })
public final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "BASELINE",
      description = "The baseline fit document (lawfit.fit/1 or lawfit.fits/1).")
  Path baselinePath;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "CURRENT",
      description =
          "A fit document, or run logs (files or folders) to re-fit with the baseline's settings.")
  List<Path> current = new ArrayList<>();

  @Option(
      names = "--rtol",
      paramLabel = "R",
      defaultValue = "0.05",
      description =
          "Relative tolerance of every parameter: |change| <= atol + R |baseline| (default ${DEFAULT-VALUE}).",
      converter = Tolerance.class)
  double rtol;

  @Option(
      names = "--atol",
      paramLabel = "A",
      defaultValue = "0",
      description =
          "Absolute tolerance added to every parameter's limit (default ${DEFAULT-VALUE}).")
  double atol;

  @Option(
      names = "--tol",
      paramLabel = "NAME=R",
      description = "Relative tolerance of one parameter, overriding --rtol; repeatable.",
      converter = {UseDefaultConverter.class, Tolerance.class})
  Map<String, Double> tol = new LinkedHashMap<>();

  @Option(
      names = "--at",
      paramLabel = "POINT",
      description =
          "Also compare the loss predicted at params=N,tokens=D (or compute=C); repeatable.",
      converter = PointConverter.class)
  List<Drift.Point> at = new ArrayList<>();

  @Option(
      names = "--max-loss-drift",
      paramLabel = "R",
      defaultValue = "1%",
      description =
          "Largest relative change of a predicted loss, as 0.005 or 0.5%% (default ${DEFAULT-VALUE}).",
      converter = Tolerance.class)
  double maxLossDrift;

  @Option(
      names = "--max-exponent-drift",
      paramLabel = "D",
      defaultValue = "0.02",
      description =
          "Largest change of the compute-optimal exponent a of N*(C) ~ C^a, chinchilla only (default ${DEFAULT-VALUE}).")
  double maxExponentDrift;

  @Option(
      names = "--overlap",
      description =
          "Fail a parameter only when its 95%% intervals no longer overlap (needs intervals in both).")
  boolean overlap;

  @Option(
      names = "--column",
      paramLabel = "CANONICAL=YOURS",
      description =
          "When CURRENT is run logs: read a canonical column from your column of another name instead of the header "
              + "the baseline recorded (input.load.columns); repeatable.")
  Map<String, String> columns = new LinkedHashMap<>();

  @Mixin ThreadsOption threads;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    Drift.Limits limits = limits();
    Documents.Read baseline = Documents.readFits(baselinePath);
    Documents.Read now = currentDocument(baseline);
    Map<String, FitDocument> base = byGroup(baseline);
    Map<String, FitDocument> cur = byGroup(now);
    boolean grouped = baseline instanceof Documents.Grouped;
    if (grouped != now instanceof Documents.Grouped) {
      throw UserException.badInput(
          "cannot compare "
              + (grouped ? "grouped fits with a single fit" : "a single fit with grouped fits")
              + ": fit the current data the way the baseline was fitted");
    }
    String law =
        base.values().stream().filter(d -> d != null).map(FitDocument::law).findFirst().orElse("?");
    requireInputs(law, limits);
    List<CheckReport.Row> rows = new ArrayList<>();
    String groupBy = baseline instanceof Documents.Grouped g ? g.fits().groupBy() : null;
    List<Map<String, String>> missing = new ArrayList<>();
    List<Map<String, String>> added = new ArrayList<>();
    for (Map.Entry<String, FitDocument> e : base.entrySet()) {
      FitDocument b = e.getValue();
      FitDocument c = cur.get(e.getKey());
      if (b == null) {
        // The baseline's own fit failed or is unusable there: nothing to hold the current one to,
        // but say so.
        Commands.warn(
            spec,
            List.of(
                "group "
                    + e.getKey()
                    + " is not checked: the baseline has no usable fit for it ("
                    + baselineFailure(baseline, e.getKey())
                    + ")"),
            "");
        continue;
      }
      if (c == null) {
        missing.add(Map.of(groupBy, e.getKey()));
        continue;
      }
      if (!b.law().equals(c.law())) {
        throw UserException.badInput(
            "incompatible laws: the baseline is " + b.law() + ", the current fit " + c.law());
      }
      List<Drift.Check> checks =
          Drift.compare(rebuild(b, baselinePath), rebuild(c, current.get(0)), limits);
      for (Drift.Check check : checks) {
        // Extreme parameters can make a predicted loss or a limit overflow: no number to compare,
        // so no verdict either.
        UserException.require(
            Double.isFinite(check.baseline())
                && Double.isFinite(check.current())
                && Double.isFinite(check.change())
                && Double.isFinite(check.limit()),
            (grouped ? "group " + e.getKey() + ": " : "")
                + "the "
                + check.kind()
                + " check of "
                + check.name()
                + " has no finite value (baseline "
                + check.baseline()
                + ", current "
                + check.current()
                + ", limit "
                + check.limit()
                + "): the fits or the limits are out of range");
      }
      rows.addAll(CheckReport.rows(grouped ? Map.of(groupBy, e.getKey()) : null, checks));
    }
    for (String key : cur.keySet()) {
      if (!base.containsKey(key)) {
        added.add(Map.of(groupBy, key));
      }
    }
    boolean passed = missing.isEmpty() && rows.stream().allMatch(CheckReport.Row::pass);
    var doc =
        new CheckReport.Document(
            CheckReport.SCHEMA,
            VersionProvider.version(),
            baselinePath.toString(),
            current.stream().map(Path::toString).toList(),
            law,
            passed,
            rows,
            added,
            missing);
    Commands.write(output.render(doc, () -> CheckReport.table(doc)), output, spec);
    return passed ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
  }

  /**
   * Each --tol must name a parameter of the law, and each --at point give exactly what the law
   * predicts from, or the limit would be silently unused and the loss not defined.
   */
  private static void requireInputs(String lawName, Drift.Limits limits) {
    Law law;
    try {
      law = Law.byName(lawName);
    } catch (IllegalArgumentException e) {
      return; // the baseline's own check reports an unknown law
    }
    for (String name : limits.perParameter().keySet()) {
      UserException.require(
          law.indexOf(name) >= 0,
          "--tol "
              + name
              + ": law "
              + law.name()
              + " has no parameter '"
              + name
              + "' (it has "
              + String.join(", ", law.parameterNames())
              + ")");
    }
    for (Drift.Point point : limits.points()) {
      java.util.Optional<String> problem =
          dev.lawfit.analysis.Prediction.missingInputs(law, point.at().keySet());
      if (problem.isPresent()) {
        List<String> needs =
            law.inputs().stream().map(i -> i.cliName() + "=VALUE").sorted().toList();
        throw UserException.badInput(
            "--at "
                + point.name()
                + ": "
                + problem.get()
                + "; write --at "
                + String.join(",", needs));
      }
    }
  }

  /**
   * The current fit: the document given, or a re-fit of the logs given with the baseline's
   * settings.
   */
  private Documents.Read currentDocument(Documents.Read baseline) throws InputException {
    if (current.size() == 1
        && Files.isRegularFile(current.get(0))
        && LogFiles.isLawfitDocument(current.get(0))) {
      return Documents.readFits(current.get(0));
    }
    FitDocument recipe =
        baseline instanceof Documents.Single s
            ? s.fit()
            : ((Documents.Grouped) baseline)
                .fits().groups().stream()
                    .map(FitsDocument.Group::fit)
                    .filter(f -> f != null)
                    .findFirst()
                    .orElseThrow(
                        () ->
                            UserException.badInput(
                                baselinePath + ": every group of the baseline failed"));
    if (recipe.settings() == null) {
      throw UserException.badInput(
          baselinePath + " does not record its fit settings; compare two fit documents instead");
    }
    String groupBy = baseline instanceof Documents.Grouped g ? g.fits().groupBy() : null;
    LogInput.Request logs = FitRecipe.logs(recipe, current, groupBy, LogInput.columns(columns));
    Law law = FitRecipe.law(recipe.settings());
    var options = FitRecipe.options(recipe.settings(), threads.count());
    Dataset dataset;
    try {
      dataset = LogInput.load(logs, spec);
    } catch (MissingColumnException e) {
      if (columns.containsKey(e.canonical())) {
        throw e; // the user's own --column: its message names it
      }
      throw UserException.badInput(
          "the baseline read "
              + e.canonical()
              + " from column '"
              + e.header()
              + "' (input.load.columns), but no input file has it; pass --column "
              + e.canonical()
              + "=YOURS");
    }
    FitDocument.Load load = LogInput.record(logs.load(), dataset);
    if (groupBy == null) {
      try {
        return new Documents.Single(
            FitReport.document(
                LossFit.fit(dataset, law, options),
                dataset,
                load,
                recipe.settings(),
                VersionProvider.version()));
      } catch (FitException e) {
        throw FitCommand.failure(e);
      }
    }
    try {
      return new Documents.Grouped(
          GroupFits.fit(dataset, groupBy, law, options, recipe.settings(), load, spec).document());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException(ExitCodes.INTERNAL, "interrupted");
    }
  }

  /** Why a group of a grouped document has no fit. */
  private static String baselineFailure(Documents.Read read, String key) {
    if (read instanceof Documents.Grouped g) {
      for (FitsDocument.Group group : g.fits().groups()) {
        if (key.equals(group.key().get(g.fits().groupBy())) && group.error() != null) {
          return group.error().message();
        }
      }
    }
    return "no fit";
  }

  /** Fits by group key ("" for a single fit); a failed group maps to null. */
  private static Map<String, FitDocument> byGroup(Documents.Read read) {
    Map<String, FitDocument> out = new LinkedHashMap<>();
    if (read instanceof Documents.Single s) {
      out.put("", s.fit());
    } else {
      FitsDocument f = ((Documents.Grouped) read).fits();
      for (FitsDocument.Group g : f.groups()) {
        out.put(g.key().get(f.groupBy()), g.fit());
      }
    }
    return out;
  }

  private static FitResult rebuild(FitDocument doc, Path from) {
    try {
      return FitReport.result(doc);
    } catch (IllegalArgumentException e) {
      throw UserException.badInput(from + ": " + e.getMessage());
    }
  }

  private Drift.Limits limits() {
    if (atol < 0 || !Double.isFinite(atol)) {
      throw UserException.badInput("--atol must be >= 0");
    }
    if (maxExponentDrift < 0 || !Double.isFinite(maxExponentDrift)) {
      throw UserException.badInput("--max-exponent-drift must be >= 0");
    }
    return new Drift.Limits(rtol, atol, tol, at, maxLossDrift, maxExponentDrift, overlap);
  }

  /** The largest relative tolerance: larger ones only make limits overflow. */
  private static final double MAX_TOLERANCE = 1e6;

  /**
   * {@code --rtol}, {@code --tol} and {@code --max-loss-drift}: "0.05" or "5%" as 0.05, at most
   * {@link #MAX_TOLERANCE}.
   */
  static final class Tolerance implements ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
      String t = text.strip();
      boolean percent = t.endsWith("%");
      double v;
      try {
        v =
            dev.lawfit.data.Numbers.parse(percent ? t.substring(0, t.length() - 1) : t)
                / (percent ? 100 : 1);
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new TypeConversionException("'" + text + "' is not a tolerance (write 0.05 or 5%)");
      }
      if (v > MAX_TOLERANCE) {
        throw new TypeConversionException(
            "'"
                + text
                + "' is above the limit of "
                + MAX_TOLERANCE
                + " (a relative change of a million times already lets anything pass)");
      }
      return v;
    }
  }

  /** {@code --at}: params=N,tokens=D or compute=C, positive and finite. */
  static final class PointConverter implements ITypeConverter<Drift.Point> {
    @Override
    public Drift.Point convert(String point) {
      Map<String, Double> p = new LinkedHashMap<>();
      for (String part : point.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2 || !List.of("params", "tokens", "compute").contains(kv[0].strip())) {
          throw new TypeConversionException(
              "'" + point + "': write params=N,tokens=D (or compute=C)");
        }
        double v;
        try {
          v = dev.lawfit.data.Numbers.parse(kv[1]);
        } catch (NumberFormatException e) {
          throw new TypeConversionException("'" + point + "': '" + kv[1] + "' is not a number");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new TypeConversionException("'" + point + "': values must be positive and finite");
        }
        p.put(kv[0].strip(), v);
      }
      return new Drift.Point(point.replace(" ", ""), p);
    }
  }
}
