package dev.lawfit.cli;

import dev.lawfit.analysis.LossFit;
import dev.lawfit.data.Dataset;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.fit.Objective;
import dev.lawfit.fit.StartStrategy;
import dev.lawfit.law.Law;
import dev.lawfit.report.Documents;
import dev.lawfit.report.FitDocument;
import dev.lawfit.report.FitPoints;
import dev.lawfit.report.FitReport;
import dev.lawfit.report.FitsDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lawfit fit}: fits a loss law to run logs. */
@Command(
    name = "fit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fit a loss law to every selected checkpoint by nonlinear least squares: by default the Huber loss "
          + "(delta 1e-3) on log residuals, summed, from the best 12 points of Hoffmann's 4,500-start grid.",
      "Laws: chinchilla  L = E + A/N^alpha + B/D^beta;  kaplan  L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D;  "
          + "power  L = E + A x^-alpha with --x params|tokens|compute."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit fit data/example-runs.csv --law chinchilla --family baseline",
      "  lawfit fit runs.csv --law chinchilla --group-by family --bootstrap 1000 --seed 1 --out fits.json",
      "  lawfit fit runs.csv --law chinchilla --fix-from big-family.json alpha,beta",
      "  lawfit fit runs.csv --law power --x compute --final-only"
    })
public final class FitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LawOptions fitting;

  @Option(
      names = "--full-grid",
      description =
          "Optimise from every grid point (4,500 for chinchilla): slow, the reference protocol.")
  boolean fullGrid;

  @Option(
      names = "--fix",
      paramLabel = "NAME=VALUE",
      description = "Hold a parameter at a value (natural units); repeatable.")
  Map<String, Double> fix = new LinkedHashMap<>();

  @Option(
      names = "--fix-from",
      arity = "2",
      paramLabel = "FILE NAMES",
      description =
          "Hold the named parameters (comma-separated) at their values in another fit document of the same law.")
  List<String> fixFrom = new ArrayList<>();

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Bootstrap resamples for standard errors and 95%% percentile intervals (default: ${DEFAULT-VALUE}, none: "
              + "covariance-based errors).")
  int bootstrap;

  @Option(
      names = "--cluster",
      paramLabel = "CLUSTER",
      defaultValue = "point",
      completionCandidates = Cluster.Values.class,
      description =
          "What the bootstrap resamples: point or run (whole runs) (default ${DEFAULT-VALUE}).")
  Cluster cluster = Cluster.POINT;

  /** {@code --cluster}: the bootstrap's resampling unit. */
  enum Cluster {
    POINT,
    RUN;

    /** The completion candidates and help's spelling. */
    static final class Values extends EnumValues {
      Values() {
        super(Cluster.class);
      }
    }
  }

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin ThreadsOption threads;

  @Mixin LogInput input;

  @Mixin OutputOptions output;

  @Option(
      names = "--points",
      paramLabel = "FILE.csv",
      description =
          "Also write every checkpoint used, with the predicted loss and the residuals (log and relative), as CSV "
              + "(- for stdout, when --out takes the fit).")
  Path points;

  /** The fit asked for, frozen. */
  record Request(Law law, FitOptions options, FitDocument.Settings settings) {}

  @Override
  public Integer call() throws Exception {
    LogInput.Request logs = input.request();
    Request request = request();
    Dataset dataset = LogInput.load(logs, spec);
    FitDocument.Load load = LogInput.record(logs.load(), dataset);
    if (logs.groupBy() == null) {
      LossFit.Result result;
      try (TerminalProgress progress = TerminalProgress.of(spec, "bootstrap", "resamples")) {
        result = LossFit.fit(dataset, request.law(), request.options().withProgress(progress));
      } catch (FitException e) {
        throw failure(e);
      }
      FitDocument doc =
          FitReport.document(result, dataset, load, request.settings(), VersionProvider.version());
      // A table on stdout lists the warnings itself: saying them twice on a terminal is noise.
      if (!Commands.tableOnStdout(output)) {
        Commands.warn(spec, doc.warnings(), "");
      }
      writePoints(List.of(new FitPoints.Part(null, FitReport.result(doc), dataset)), null);
      Commands.write(output.render(doc, () -> FitReport.table(doc)), output, spec);
      return ExitCodes.OK;
    }
    GroupFits.Result fits =
        GroupFits.fit(
            dataset,
            logs.groupBy(),
            request.law(),
            request.options(),
            request.settings(),
            load,
            spec);
    FitsDocument doc = fits.document();
    if (points != null) {
      Map<String, Dataset> groups = dataset.groupBy(logs.groupBy());
      List<FitPoints.Part> parts = new ArrayList<>();
      for (FitsDocument.Group g : doc.groups()) {
        if (g.fit() != null) {
          String key = g.key().get(logs.groupBy());
          parts.add(new FitPoints.Part(key, FitReport.result(g.fit()), groups.get(key)));
        }
      }
      writePoints(parts, logs.groupBy());
    }
    Commands.write(output.render(doc, () -> FitReport.groupTable(doc)), output, spec);
    return fits.failed() ? ExitCodes.NO_CONVERGENCE : ExitCodes.OK;
  }

  /**
   * The points file, through the same whole-or-nothing writer as the result; predictions come from
   * the fit as its document records it, so they are what predict says.
   */
  private void writePoints(List<FitPoints.Part> parts, String groupBy) {
    if (points != null) {
      Path file = OutFile.isStdout(points) ? null : points;
      Commands.write(w -> FitPoints.writeCsv(parts, groupBy, w), "--points", file, spec);
    }
  }

  /**
   * Failures of the data or options are the user's to fix (exit 2); the others did not converge
   * (exit 3).
   */
  static UserException failure(FitException e) {
    return failure(e, "");
  }

  /** {@link #failure(FitException)} with {@code more} said at the end of its line. */
  static UserException failure(FitException e, String more) {
    int status =
        switch (e.reason()) {
          case BAD_OPTION, INVALID_DATA, TOO_FEW_POINTS -> ExitCodes.BAD_INPUT;
          case NO_CONVERGENCE, SINGULAR -> ExitCodes.NO_CONVERGENCE;
        };
    String hint =
        e.reason() == FitException.Reason.NO_CONVERGENCE
            ? " (the data may not identify every parameter of this law: hold some with --fix or --fix-from, or try a law with fewer)"
            : "";
    return new UserException(status, "fit failed: " + e.getMessage() + hint + more);
  }

  private Request request() throws dev.lawfit.data.InputException {
    UserException.require(
        !OutFile.isStdout(points) || output.out() != null,
        "--points -: stdout takes the fit itself; write the fit with --out FILE, or the points to a file");
    Law chosen = fitting.law();
    Objective objective = fitting.objective();
    int starts = fitting.starts();
    UserException.requireRange("--bootstrap", bootstrap, 0, FitOptions.MAX_BOOTSTRAP);
    int threadCount = threads.count();
    Map<String, Double> fixed = new TreeMap<>(fix);
    for (int i = 0; i + 1 < fixFrom.size(); i += 2) {
      fixed.putAll(borrowed(chosen, Path.of(fixFrom.get(i)), fixFrom.get(i + 1)));
    }
    for (Map.Entry<String, Double> e : fixed.entrySet()) {
      String name = e.getKey();
      if (chosen.indexOf(name) < 0) {
        throw UserException.badInput(
            "--fix "
                + name
                + ": law "
                + chosen.name()
                + " has no parameter '"
                + name
                + "' (it has "
                + String.join(", ", chosen.parameterNames())
                + ")");
      }
      int j = chosen.indexOf(name);
      if (!chosen.admissible(j, e.getValue())) {
        throw UserException.badInput(
            "--fix "
                + name
                + "="
                + e.getValue()
                + ": outside the domain of "
                + name
                + " in law "
                + chosen.name()
                + (chosen.admissible(j, -1.0) ? " (must be finite)" : " (must be finite and > 0)"));
      }
    }
    StartStrategy strategy =
        fullGrid ? new StartStrategy.FullGrid() : new StartStrategy.BestOfGrid(starts);
    Map<String, dev.lawfit.fit.Bound> bounds = fitting.bounds(chosen);
    FitOptions options =
        FitOptions.defaults()
            .withObjective(objective)
            .withStarts(strategy)
            .withFixed(fixed)
            .withBootstrap(bootstrap, seed)
            .withClusterBootstrap(cluster == Cluster.RUN)
            .withThreads(threadCount)
            .withBounds(bounds);
    Double parameter = objective.parameter();
    var settings =
        new FitDocument.Settings(
            chosen.name(),
            chosen instanceof dev.lawfit.law.PowerLaw p ? p.x().cliName() : null,
            objective.name(),
            parameter,
            fullGrid ? "full-grid" : "best-of-grid",
            fullGrid ? null : starts,
            fixed,
            bootstrap,
            seed,
            EnumValues.spell(cluster),
            dev.lawfit.fit.Bound.texts(bounds));
    return new Request(chosen, options, settings);
  }

  /** The values of {@code names} in another fit of the same law. */
  private static Map<String, Double> borrowed(Law chosen, Path file, String names)
      throws dev.lawfit.data.InputException {
    FitDocument other;
    try {
      other = Documents.readFit(file);
    } catch (dev.lawfit.data.InputException e) {
      throw UserException.badInput("--fix-from " + e.getMessage());
    }
    if (!other.law().equals(chosen.name())) {
      throw UserException.badInput(
          "--fix-from " + file + ": a fit of law " + other.law() + ", not " + chosen.name());
    }
    Map<String, Double> values = new TreeMap<>();
    for (String name : names.split(",")) {
      String n = name.strip();
      FitDocument.Parameter p = other.parameters().get(n);
      if (p == null) {
        throw UserException.badInput(
            "--fix-from "
                + file
                + ": no parameter '"
                + n
                + "' (it has "
                + String.join(", ", other.parameters().keySet())
                + ")");
      }
      values.put(n, p.value());
    }
    return values;
  }
}
