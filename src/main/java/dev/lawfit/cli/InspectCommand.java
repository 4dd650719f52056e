package dev.lawfit.cli;

import dev.lawfit.data.Dataset;
import dev.lawfit.report.InspectReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lawfit inspect}: validates logs and summarises what they hold. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Validate run logs and summarise them: families, runs, checkpoints, model-size, token and loss "
          + "ranges, the columns found, and any rows dropped with why.",
      "Bad input stops with one line naming file:line:column and exit status 2."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit inspect data/example-runs.csv",
      "  lawfit inspect losses.csv --on-duplicate mean --group-by family --format json",
      "  lawfit inspect sweep.tsv.gz --column loss=eval/perplexity_loss --drop-invalid"
    })
public final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LogInput input;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    LogInput.Request request = input.request();
    Dataset dataset = LogInput.load(request, spec);
    String groupBy = request.groupBy() == null ? "family" : request.groupBy();
    InspectReport report =
        InspectReport.of(
            dataset, LogInput.record(request.load(), dataset), groupBy, VersionProvider.version());
    String text = output.render(report, report::toTable);
    Commands.write(text, output, spec);
    return ExitCodes.OK;
  }
}
