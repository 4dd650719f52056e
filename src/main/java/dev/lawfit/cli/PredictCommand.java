package dev.lawfit.cli;

import dev.lawfit.analysis.Prediction;
import dev.lawfit.fit.FitResult;
import dev.lawfit.law.Law.Input;
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

/** {@code lawfit predict}: the loss a fit predicts at given sizes, tokens or compute. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Predict the loss at model sizes N and tokens D (or compute C, or N and D, for a power law in compute) from a fit document, "
          + "with a 95%% interval when the fit carries a bootstrap.",
      "Comma-separated lists are paired element by element; a single value is used for every element of the other list."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit predict fit.json --params 7e10 --tokens 1.4e12",
      "  lawfit predict fit.json --params 1e9,1e10,1e11 --tokens 2e11 --format json",
      "  lawfit predict fits.json --group baseline --params 1e9 --tokens 2e10"
    })
public final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin FitInput fitInput;

  @Option(
      names = {"--params", "-N"},
      split = ",",
      paramLabel = "N",
      description = "Model sizes N in parameters.")
  List<Double> params = new ArrayList<>();

  @Option(
      names = {"--tokens", "-D"},
      split = ",",
      paramLabel = "D",
      description = "Training tokens D.")
  List<Double> tokens = new ArrayList<>();

  @Option(
      names = {"--compute", "-C"},
      split = ",",
      paramLabel = "C",
      description = "Training compute C in FLOPs (for power-compute fits).")
  List<Double> compute = new ArrayList<>();

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    FitDocument doc = fitInput.read();
    FitResult fit = FitReport.result(doc);
    java.util.Set<String> given = new java.util.TreeSet<>();
    for (var option :
        List.of(
            java.util.Map.entry("params", params),
            java.util.Map.entry("tokens", tokens),
            java.util.Map.entry("compute", compute))) {
      if (!option.getValue().isEmpty()) {
        given.add(option.getKey());
      }
      requirePositive(option.getValue(), "--" + option.getKey());
    }
    Prediction.missingInputs(fit.law(), given)
        .ifPresent(
            problem -> {
              throw UserException.badInput(
                  problem
                      + ": give "
                      + String.join(
                          " and ",
                          fit.law().inputs().stream()
                              .map(i -> "--" + i.cliName())
                              .sorted()
                              .toList())
                      + (given.contains("compute") && !fit.law().inputs().contains(Input.COMPUTE)
                          ? " (for the loss at a budget's best allocation: lawfit optimal)"
                          : ""));
            });
    int n = Math.max(params.size(), Math.max(tokens.size(), compute.size()));
    List<Prediction.Point> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Prediction.Point p =
          Prediction.at(
              fit,
              pick(params, i, n, "--params"),
              pick(tokens, i, n, "--tokens"),
              pick(compute, i, n, "--compute"));
      String at = "at params=" + p.params() + ", tokens=" + p.tokens() + ", compute=" + p.compute();
      UserException.require(
          !Double.isInfinite(p.compute()),
          "compute C = 6 N D " + at + " is beyond what a number holds");
      UserException.require(
          Double.isFinite(p.loss()),
          "the fit predicts a loss of "
              + p.loss()
              + " "
              + at
              + ": outside the range where its law gives a number");
      points.add(p);
    }
    var source =
        new PointsDocument.Source(
            fitInput.file().toString(), doc.law(), doc.formula(), doc.bootstrap() != null);
    var result = PointsDocument.predictions(source, points, VersionProvider.version());
    Commands.write(output.render(result, () -> PointsDocument.table(result)), output, spec);
    return ExitCodes.OK;
  }

  private static void requirePositive(List<Double> values, String option) {
    for (double v : values) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw UserException.badInput(option + " values must be positive and finite, got " + v);
      }
    }
  }

  private static double pick(List<Double> values, int i, int n, String option) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    if (values.size() == 1) {
      return values.get(0);
    }
    if (values.size() != n) {
      throw UserException.badInput(option + " has " + values.size() + " values; give 1 or " + n);
    }
    return values.get(i);
  }
}
