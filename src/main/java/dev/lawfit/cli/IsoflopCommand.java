package dev.lawfit.cli;

import dev.lawfit.analysis.IsoFlopRun;
import dev.lawfit.data.Column;
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
      "A point's budget is its logged FLOPs (map one with --column flops=NAME), else 6 N T rounded to --budget-digits."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit isoflop ../shared/data/porian-isoflop/isoflop_points.csv --column flops=flops_budget --group-by label",
      "  lawfit isoflop sweep.csv --final-only --bootstrap 1000 --seed 1 --format json",
      "  lawfit isoflop points.csv --method akima --bootstrap 200 --budget-tolerance 0.05"
    })
public final class IsoflopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin IsoflopOptions isoflop;

  @Mixin LogInput input;

  @Mixin OutputOptions output;

  /**
   * What to add to a failure when the budgets were computed (6 N T) but the logs have a column
   * whose name says FLOPs, budget or compute, left unread: Porian et al.'s table names its budgets
   * flops_budget, and 6 N T rounded splits each of its budgets into several.
   */
  static String budgetHint(Dataset dataset, int digits) {
    if (dataset.has(Column.FLOPS)) {
      return "";
    }
    for (String name : dataset.ignoredColumns()) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.contains("flop") || n.contains("budget") || n.contains("compute")) {
        return "; the budgets are 6 N T rounded to "
            + digits
            + " digits: if "
            + name
            + " holds each point's budget, add --column flops="
            + name;
      }
    }
    return "";
  }

  @Override
  public Integer call() throws Exception {
    LogInput.Request logs = input.request();
    IsoflopOptions.Request iso = isoflop.request();
    Dataset dataset = LogInput.load(logs, spec);
    FitDocument.Load load = LogInput.record(logs.load(), dataset);
    if (logs.groupBy() == null) {
      IsoFlopReport.Document doc;
      try (TerminalProgress progress = TerminalProgress.of(spec, "bootstrap", "resamples")) {
        doc =
            IsoFlopReport.document(
                IsoFlopRun.of(
                    dataset,
                    iso.budgetDigits(),
                    iso.budgetTolerance(),
                    iso.settings(),
                    iso.bootstrap(),
                    iso.seed(),
                    progress),
                dataset,
                load,
                VersionProvider.version());
      } catch (FitException e) {
        throw FitCommand.failure(e, budgetHint(dataset, iso.budgetDigits()));
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
          var run =
              IsoFlopRun.of(
                  g.getValue(),
                  iso.budgetDigits(),
                  iso.budgetTolerance(),
                  iso.settings(),
                  iso.bootstrap(),
                  iso.seed(),
                  progress);
          var doc = IsoFlopReport.document(run, g.getValue(), load, VersionProvider.version());
          Commands.warn(
              spec,
              doc.warnings(),
              logs.groupBy() + "=" + g.getKey() + ": "); // as fit --group-by says it
          groups.add(new IsoFlopReport.Group(key, doc, null));
        } catch (FitException e) {
          failed = true;
          groups.add(
              new IsoFlopReport.Group(
                  key,
                  null,
                  new FitsDocument.Failure(
                      e.reason().name().toLowerCase(Locale.ROOT), e.getMessage())));
          spec.commandLine()
              .getErr()
              .println(
                  "lawfit: "
                      + logs.groupBy()
                      + "="
                      + g.getKey()
                      + ": IsoFLOP failed: "
                      + e.getMessage()
                      + budgetHint(g.getValue(), iso.budgetDigits()));
        }
      }
    }
    var doc =
        new IsoFlopReport.Grouped(
            IsoFlopReport.GROUPED, VersionProvider.version(), logs.groupBy(), groups);
    Commands.write(output.render(doc, () -> IsoFlopReport.table(doc)), output, spec);
    return failed ? ExitCodes.NO_CONVERGENCE : ExitCodes.OK;
  }
}
