package dev.lawfit.cli;

import dev.lawfit.plot.CriticalBatchFigure;
import dev.lawfit.report.CriticalBatchReport;
import dev.lawfit.report.Documents;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit plot critical-batch}: figure (f), the steps/data trade-off per target and B_crit's
 * law.
 */
@Command(
    name = "critical-batch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Tokens and steps to each target against the batch size with the fitted E = E_min (1 + B/B_crit), "
            + "and B_crit against E_min with the law B_crit = k E_min^gamma, from a 'lawfit critical-batch' document.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit critical-batch sweep.csv --format json --out critical.json",
      "  lawfit plot critical-batch critical.json --out critical.svg"
    })
public final class PlotCriticalBatchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "CRITICAL",
      description =
          "A document written by 'lawfit critical-batch --out' (lawfit.critical-batch/2 or /1).")
  Path file;

  @Mixin PlotOutput output;

  @Override
  public Integer call() throws Exception {
    output.check();
    CriticalBatchReport doc = Documents.readCriticalBatch(file);
    UserException.require(
        doc.targets() != null && !doc.targets().isEmpty(),
        file + ": no targets (a gradient-noise " + "document has no trade-off to draw)");
    output.write(
        CriticalBatchFigure.of(doc.targets(), doc.law(), file.getFileName().toString()), spec);
    return ExitCodes.OK;
  }
}
