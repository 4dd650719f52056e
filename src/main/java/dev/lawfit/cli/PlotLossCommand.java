package dev.lawfit.cli;

import dev.lawfit.plot.LossFigure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit plot loss}: figure (a), loss against tokens per model size with the fitted curves
 * and residuals.
 */
@Command(
    name = "loss",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Loss against tokens, one colour and marker per model size, the fitted law's curve for each, and "
            + "the log residuals in a panel below. Reads a fit document and the logs it records (or --logs).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit plot loss fit.json --out loss.svg",
      "  lawfit plot loss fits.json --group baseline --logs runs.csv --out loss.png"
    })
public final class PlotLossCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin FittedLogs fitted;

  @Mixin PlotOutput output;

  @Override
  public Integer call() throws Exception {
    output.check();
    FittedLogs.Loaded loaded = fitted.load(spec);
    output.write(LossFigure.of(loaded.fit(), loaded.points(), loaded.name()), spec);
    return ExitCodes.OK;
  }
}
