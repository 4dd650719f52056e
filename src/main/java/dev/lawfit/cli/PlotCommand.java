package dev.lawfit.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lawfit plot}: the figures a researcher would otherwise open a notebook for. */
@Command(
    name = "plot",
    mixinStandardHelpOptions = true,
    description = {
      "Draw a figure from lawfit's documents and the run logs they record: SVG on stdout or --out, PNG with --png "
          + "or an --out ending in .png. The same input gives the same bytes.",
      "Colours are the Okabe-Ito palette, with a marker shape and dash pattern per series, so figures read in grey."
    },
    synopsisSubcommandLabel = "KIND",
    subcommands = {
      PlotLossCommand.class,
      PlotComputeCommand.class,
      PlotIsoflopCommand.class,
      PlotHparamsCommand.class,
      PlotEvaluateCommand.class,
      PlotCriticalBatchCommand.class,
      PlotBootstrapCommand.class
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit plot loss fit.json --out loss.svg",
      "  lawfit plot isoflop sweep.csv --final-only --png --out isoflop.png"
    })
public final class PlotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("lawfit: plot: missing figure kind");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }
}
