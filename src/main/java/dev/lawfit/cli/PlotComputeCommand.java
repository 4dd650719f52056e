package dev.lawfit.cli;

import dev.lawfit.law.Chinchilla;
import dev.lawfit.plot.ComputeFigure;
import dev.lawfit.plot.Figure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit plot compute}: figure (c), loss against compute with the compute-optimal frontier,
 * and N*(C), D*(C).
 */
@Command(
    name = "compute",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Loss against compute C = 6 N D, one colour and marker per model size with its fitted curve, and the "
            + "compute-optimal frontier L(N*(C), D*(C)); beside it N*(C) and D*(C) as 'lawfit optimal' computes them, with "
            + "95%% bands when the fit has a bootstrap. Needs a chinchilla fit; reads the logs it records (or --logs).",
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit fit runs.csv --law chinchilla --bootstrap 200 --out fit.json",
      "  lawfit plot compute fit.json --out compute.svg"
    })
public final class PlotComputeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin FittedLogs fitted;

  @Mixin PlotOutput output;

  @Override
  public Integer call() throws Exception {
    output.check();
    FittedLogs.Loaded loaded = fitted.load(spec);
    UserException.require(
        loaded.fit().law() instanceof Chinchilla,
        fitted.fitInput.file()
            + ": the compute-optimal "
            + "frontier needs a chinchilla fit, not "
            + loaded.doc().law());
    Figure figure;
    try {
      figure = ComputeFigure.of(loaded.fit(), loaded.points(), loaded.name());
    } catch (IllegalArgumentException e) {
      throw UserException.badInput(
          fitted.fitInput.file() + ": no compute-optimal allocation: " + e.getMessage());
    }
    output.write(figure, spec);
    return ExitCodes.OK;
  }
}
