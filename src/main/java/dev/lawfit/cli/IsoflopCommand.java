package dev.lawfit.cli;

import dev.lawfit.analysis.IsoFlop;
import dev.lawfit.analysis.IsoFlopRun;
import dev.lawfit.data.Dataset;
import dev.lawfit.fit.FitException;
import dev.lawfit.report.FitDocument;
import dev.lawfit.report.FitsDocument;
import dev.lawfit.report.IsoFlopReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lawfit isoflop}: Hoffmann's approach 2 on IsoFLOP sweeps. */
@Command(
    name = "isoflop",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "The IsoFLOP method (Hoffmann et al. 2022, approach 2): for each compute budget the optimum N*(C) (and D*(C)) "
            + "of the loss in log N, by default the vertex of a parabola through the points around the lowest loss, "
            + "with an interval and a flag when it sits at the edge of or outside the points fitted, then N* = k C^a "
            + "and D* = k C^b fitted in log-log.",
        "A point's budget is its logged FLOPs (map one with --column flops=NAME), else 6 N T rounded to --budget-digits."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  lawfit isoflop ../shared/data/porian-isoflop/isoflop_points.csv --column flops=flops_budget --group-by label",
        "  lawfit isoflop sweep.csv --final-only --bootstrap 1000 --seed 1 --format json",
        "  lawfit isoflop points.csv --method akima --bootstrap 200 --budget-tolerance 0.05"})
public final class IsoflopCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--budget-digits", paramLabel = "K", defaultValue = "2",
      description = "Without logged FLOPs, round 6 N T to K significant digits to find each point's budget (default ${DEFAULT-VALUE}).")
  int budgetDigits;

  @Option(names = "--method", paramLabel = "M", defaultValue = "local",
      description = "Each budget's optimum: local (a parabola through the points around the lowest loss), global (one "
          + "parabola through the whole sweep) or akima (Porian et al.: Akima spline argmin, power laws weighted by "
          + "1 / bootstrap variance with --bootstrap). Default ${DEFAULT-VALUE}.")
  String method;

  @Option(names = "--half-width", paramLabel = "K", defaultValue = "" + IsoFlop.Settings.DEFAULT_HALF_WIDTH,
      description = "For --method local: the K points each side of the lowest loss (2K+1 in all; default ${DEFAULT-VALUE}).")
  int halfWidth;

  @Option(names = "--budget-tolerance", paramLabel = "DEX", defaultValue = "0",
      description = "Snap budgets within DEX of each other in log10 FLOPs to one shared budget (their geometric mean), "
          + "for points whose FLOPs scatter around nominal budgets (default ${DEFAULT-VALUE}: budgets as given).")
  double budgetTolerance;

  @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "0",
      description = "Bootstrap resamples (points within each budget) for the exponents' intervals (default: regression intervals).")
  int bootstrap;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin
  LogInput input;

  @Mixin
  OutputOptions output;

  @Override
  public Integer call() throws Exception {
    LogInput.Request logs = input.request();
    if (budgetDigits < 1 || budgetDigits > 15) {
      throw UserException.badInput("--budget-digits must be between 1 and 15");
    }
    UserException.requireRange("--bootstrap", bootstrap, 0, dev.lawfit.fit.FitOptions.MAX_BOOTSTRAP);
    IsoFlop.Method estimator = switch (method.toLowerCase(Locale.ROOT)) {
      case "local" -> IsoFlop.Method.LOCAL;
      case "global" -> IsoFlop.Method.GLOBAL;
      case "akima" -> IsoFlop.Method.AKIMA;
      default -> throw UserException.badInput("--method must be local, global or akima, not '" + method + "'");
    };
    if (halfWidth < 1 || halfWidth > 1000) {
      throw UserException.badInput("--half-width must be between 1 and 1000");
    }
    if (!(budgetTolerance >= 0 && budgetTolerance <= 3)) {
      throw UserException.badInput("--budget-tolerance must be between 0 and 3 (dex)");
    }
    IsoFlop.Settings settings = new IsoFlop.Settings(estimator, halfWidth);
    Dataset dataset = LogInput.load(logs, spec);
    FitDocument.Load load = LogInput.record(logs.load());
    if (logs.groupBy() == null) {
      IsoFlopReport.Document doc;
      try (TerminalProgress progress = TerminalProgress.of(spec, "bootstrap", "resamples")) {
        doc = IsoFlopReport.document(IsoFlopRun.of(dataset, budgetDigits, budgetTolerance, settings, bootstrap, seed, progress), dataset, load,
            VersionProvider.version());
      } catch (FitException e) {
        throw FitCommand.failure(e);
      }
      if (!Commands.tableOnStdout(output)) {
        Commands.warn(spec, doc.warnings(), "");
      }
      Commands.write(output.render(doc, () -> IsoFlopReport.table(doc)), output, spec);
      return ExitCodes.OK;
    }
    List<IsoFlopReport.Group> groups = new ArrayList<>();
    boolean failed = false;
    try (TerminalProgress progress = TerminalProgress.of(spec, "bootstrap", "resamples")) {
      for (Map.Entry<String, Dataset> g : dataset.groupBy(logs.groupBy()).entrySet()) {
        Map<String, String> key = Map.of(logs.groupBy(), g.getKey());
        try {
          var run = IsoFlopRun.of(g.getValue(), budgetDigits, budgetTolerance, settings, bootstrap, seed, progress);
          var doc = IsoFlopReport.document(run, g.getValue(), load, VersionProvider.version());
          Commands.warn(spec, doc.warnings(), logs.groupBy() + "=" + g.getKey() + ": "); // as fit --group-by says it
          groups.add(new IsoFlopReport.Group(key, doc, null));
        } catch (FitException e) {
          failed = true;
          groups.add(new IsoFlopReport.Group(key, null,
              new FitsDocument.Failure(e.reason().name().toLowerCase(Locale.ROOT), e.getMessage())));
          spec.commandLine().getErr().println("lawfit: " + logs.groupBy() + "=" + g.getKey() + ": IsoFLOP failed: " + e.getMessage());
        }
      }
    }
    var doc = new IsoFlopReport.Grouped(IsoFlopReport.GROUPED, VersionProvider.version(), logs.groupBy(), groups);
    Commands.write(output.render(doc, () -> IsoFlopReport.table(doc)), output, spec);
    return failed ? ExitCodes.NO_CONVERGENCE : ExitCodes.OK;
  }
}
