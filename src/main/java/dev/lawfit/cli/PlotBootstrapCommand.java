package dev.lawfit.cli;

import dev.lawfit.law.Law;
import dev.lawfit.plot.BootstrapFigure;
import dev.lawfit.report.FitDocument;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lawfit plot bootstrap}: figure (g), the bootstrap distributions of a fit's exponents. */
@Command(
    name = "bootstrap",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Histograms of the bootstrap resamples of each exponent of a fit (and, for chinchilla, of a and b of "
            + "N* ~ C^a, D* ~ C^b), with the estimate and the 95%% percentile interval. Needs a fit made with --bootstrap N.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit fit runs.csv --law chinchilla --bootstrap 500 --out fit.json",
      "  lawfit plot bootstrap fit.json --out exponents.svg"
    })
public final class PlotBootstrapCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin FitInput fitInput;

  @Mixin PlotOutput output;

  @Override
  public Integer call() throws Exception {
    output.check();
    FitDocument doc = fitInput.read();
    if (doc.bootstrap() == null
        || doc.bootstrap().samples() == null
        || doc.bootstrap().samples().isEmpty()) {
      throw UserException.badInput(
          fitInput.file() + ": the fit has no bootstrap resamples; fit again with --bootstrap N");
    }
    output.write(
        BootstrapFigure.of(doc, Law.byName(doc.law()), fitInput.file().getFileName().toString()),
        spec);
    return ExitCodes.OK;
  }
}
