package dev.lawfit.cli;

import dev.lawfit.analysis.IsoFlop;
import dev.lawfit.analysis.IsoFlopRun;
import dev.lawfit.data.Dataset;
import dev.lawfit.fit.FitException;
import dev.lawfit.plot.IsoFlopFigure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit plot isoflop}: figure (b), the IsoFLOP slices and N* = k C^a, run from the logs as
 * isoflop runs.
 */
@Command(
    name = "isoflop",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "The IsoFLOP method drawn: loss against N per budget with each parabola and its vertex, and the "
            + "vertices N*(C) with their intervals and the fitted N* = k C^a. Takes the logs and the options of 'lawfit "
            + "isoflop' (the document has no per-point data) and runs the same analysis.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit plot isoflop sweep.csv --final-only --out isoflop.svg",
      "  lawfit plot isoflop ../shared/data/porian-isoflop/isoflop_points.csv --column flops=flops_budget --where dataset=rw \\",
      "      --where label=step2_correct_warmup --method akima --out iso.png"
    })
public final class PlotIsoflopCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin IsoflopOptions isoflop;

  @Mixin LogInput input;

  @Mixin PlotOutput output;

  @Override
  public Integer call() throws Exception {
    output.check();
    LogInput.Request logs = input.request();
    IsoflopOptions.Request iso = isoflop.request();
    UserException.require(
        logs.groupBy() == null, "--group-by: plot one group at a time (--family or --where)");
    Dataset dataset = LogInput.load(logs, spec);
    IsoFlop.Result result;
    IsoFlopRun.Sweep sweep;
    try {
      sweep = IsoFlopRun.sweep(dataset, iso.budgetDigits(), iso.budgetTolerance());
      result =
          IsoFlopRun.of(
                  dataset,
                  iso.budgetDigits(),
                  iso.budgetTolerance(),
                  iso.settings(),
                  iso.bootstrap(),
                  iso.seed(),
                  dev.lawfit.fit.Progress.NONE)
              .isoflop();
    } catch (FitException e) {
      throw FitCommand.failure(e);
    }
    Commands.warn(spec, result.warnings(), "");
    String name =
        String.join(", ", logs.files().stream().map(p -> String.valueOf(p.getFileName())).toList());
    output.write(IsoFlopFigure.of(result, sweep, name), spec);
    return ExitCodes.OK;
  }
}
