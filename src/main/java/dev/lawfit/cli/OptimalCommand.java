package dev.lawfit.cli;

import dev.lawfit.analysis.ComputeOptimal;
import dev.lawfit.fit.FitResult;
import dev.lawfit.law.Chinchilla;
import dev.lawfit.report.FitDocument;
import dev.lawfit.report.FitReport;
import dev.lawfit.report.PointsDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit optimal}: the compute-optimal allocation at given budgets, from a Chinchilla fit.
 */
@Command(
    name = "optimal",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Compute-optimal model size N*, tokens D*, tokens per parameter and predicted loss at budgets C, in closed form "
          + "from a chinchilla fit (Hoffmann et al. 2022, App. D.3): with C = k N D, N* = G (C/k)^a, D* = G^-1 (C/k)^b, "
          + "G = (alpha A / (beta B))^(1/(alpha+beta)), a = beta/(alpha+beta), b = alpha/(alpha+beta).",
      "Intervals are bootstrap percentiles when the fit carries a bootstrap."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit optimal fit.json --compute 5.88e23",
      "  lawfit optimal fit.json --compute 1e21,1e22,1e23 --flops-per-token 6 --format json"
    })
public final class OptimalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin FitInput fitInput;

  @Option(
      names = {"--compute", "-C"},
      split = ",",
      required = true,
      paramLabel = "C",
      description = "Budgets C in FLOPs.")
  List<Double> compute = new ArrayList<>();

  @Option(
      names = "--flops-per-token",
      paramLabel = "K",
      defaultValue = "6",
      description =
          "k in C = k N D: FLOPs per parameter per training token (default ${DEFAULT-VALUE}); recorded in the output.")
  double flopsPerToken;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    FitDocument doc = fitInput.read();
    FitResult fit = FitReport.result(doc);
    if (!(fit.law() instanceof Chinchilla)) {
      throw UserException.badInput(
          fitInput.file()
              + ": the closed-form allocation needs a chinchilla fit, not "
              + doc.law());
    }
    if (!(flopsPerToken > 0) || Double.isInfinite(flopsPerToken)) {
      throw UserException.badInput("--flops-per-token must be positive");
    }
    List<ComputeOptimal.Estimate> estimates = new ArrayList<>();
    for (double C : compute) {
      if (!(C > 0) || Double.isInfinite(C)) {
        throw UserException.badInput("--compute values must be positive and finite, got " + C);
      }
      ComputeOptimal.Estimate estimate;
      try {
        estimate = ComputeOptimal.of(fit, C, flopsPerToken);
      } catch (IllegalArgumentException e) {
        throw UserException.badInput(
            fitInput.file() + ": no compute-optimal allocation: " + e.getMessage());
      }
      var v = estimate.value();
      for (double x :
          new double[] {v.params(), v.tokens(), v.tokensPerParam(), v.loss(), v.a(), v.b()}) {
        UserException.require(
            x > 0 && x < Double.POSITIVE_INFINITY,
            "--compute "
                + C
                + " --flops-per-token "
                + flopsPerToken
                + ": the allocation (N* = "
                + v.params()
                + ", D* = "
                + v.tokens()
                + ", loss "
                + v.loss()
                + ") is beyond what a number holds; C / k must be a sane number of parameter-tokens");
      }
      estimates.add(estimate);
    }
    var source =
        new PointsDocument.Source(
            fitInput.file().toString(), doc.law(), doc.formula(), doc.bootstrap() != null);
    var result = PointsDocument.allocations(source, estimates, VersionProvider.version());
    Commands.write(output.render(result, () -> PointsDocument.table(result)), output, spec);
    return ExitCodes.OK;
  }
}
