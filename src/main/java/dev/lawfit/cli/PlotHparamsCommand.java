package dev.lawfit.cli;

import dev.lawfit.analysis.hparams.AnalysisException;
import dev.lawfit.analysis.hparams.Axis;
import dev.lawfit.analysis.hparams.HparamsAnalysis;
import dev.lawfit.data.Dataset;
import dev.lawfit.plot.HparamsFigure;
import dev.lawfit.report.CriticalBatchReport;
import dev.lawfit.report.Documents;
import dev.lawfit.report.HparamsReport;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit plot hparams}: figure (d), learning-rate sweeps with their parabolas, and eta*, B*,
 * s with their laws.
 */
@Command(
    name = "hparams",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "The learning-rate sweeps of one (N, T) with each batch size's parabola and eta*; eta* against T, N or C "
            + "with eta* = c X^p B^q per batch size; B* (and B_crit with --critical) with their laws; the sensitivity s with "
            + "s = s0 X^-u; bands from the laws' bootstrap. Takes the logs and the options of 'lawfit hparams' (its document "
            + "has no per-run losses) and runs the same analysis.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit simulate sweep --out sweep.csv && lawfit plot hparams sweep.csv --out hparams.svg",
      "  lawfit critical-batch sweep.csv --format json --out critical.json",
      "  lawfit plot hparams sweep.csv --critical critical.json --tokens 1e10 --out hparams.png"
    })
public final class PlotHparamsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LogInput input;

  @Option(
      names = "--over",
      paramLabel = "X",
      defaultValue = "tokens",
      description =
          "As for hparams, the laws' variable: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Axis over;

  @Mixin SweepOptions sweep;

  @Option(
      names = "--tokens",
      paramLabel = "T",
      description = "Draw the sweeps at the budget nearest T (default: the middle budget).")
  Double tokens;

  @Option(
      names = "--params",
      paramLabel = "N",
      description = "Draw the sweeps of the model size nearest N (default: the smallest).")
  Double params;

  @Option(
      names = "--critical",
      paramLabel = "FILE",
      description =
          "A 'lawfit critical-batch' document (lawfit.critical-batch/2 or /1): B_crit and its law beside B* (with --over tokens).")
  Path critical;

  @Mixin PlotOutput output;

  @Override
  public Integer call() throws Exception {
    output.check();
    var options = sweep.hparams(over, null);
    UserException.require(
        tokens == null || (tokens > 0 && Double.isFinite(tokens)),
        "--tokens must be a positive budget");
    UserException.require(
        params == null || (params > 0 && Double.isFinite(params)),
        "--params must be a positive size");
    UserException.require(
        critical == null || over == Axis.TOKENS,
        "--critical: B_crit is a law in tokens; use --over tokens");
    CriticalBatchReport criticalDoc =
        critical == null ? null : Documents.readCriticalBatch(critical);
    UserException.require(
        criticalDoc == null || (criticalDoc.targets() != null && !criticalDoc.targets().isEmpty()),
        critical + ": no targets (a gradient-noise document has no B_crit per target)");
    Dataset dataset = Sweeps.load(Sweeps.request(input), spec);
    HparamsAnalysis.Result result;
    try (TerminalProgress progress = TerminalProgress.of(spec, "bootstrap", "resamples")) {
      result = HparamsAnalysis.analyse(dataset, options.withProgress(progress));
    } catch (AnalysisException e) {
      throw UserException.badInput(e.getMessage());
    }
    HparamsReport report = HparamsReport.of(dataset, options, result, VersionProvider.version());
    List<HparamsReport.Group> groups = report.groups();
    Double n =
        nearest(
            groups.stream()
                .map(HparamsReport.Group::params)
                .filter(Objects::nonNull)
                .distinct()
                .sorted()
                .toList(),
            params);
    List<Double> budgets =
        groups.stream()
            .filter(g -> Objects.equals(g.params(), n))
            .map(HparamsReport.Group::tokens)
            .distinct()
            .sorted()
            .toList();
    double t = tokens == null ? budgets.get(budgets.size() / 2) : nearest(budgets, tokens);
    String name =
        String.join(
            ", ",
            input.request().files().stream().map(p -> String.valueOf(p.getFileName())).toList());
    output.write(
        HparamsFigure.of(
            report,
            HparamsAnalysis.points(dataset, sweep.divergedAbove),
            n,
            t,
            criticalDoc == null ? null : criticalDoc.targets(),
            criticalDoc == null ? null : criticalDoc.law(),
            name),
        spec);
    return ExitCodes.OK;
  }

  /**
   * The value nearest {@code wanted} in log, the first when nothing is wanted; {@code null} when
   * there are none.
   */
  private static Double nearest(List<Double> values, Double wanted) {
    if (values.isEmpty()) {
      return null;
    }
    if (wanted == null) {
      return values.get(0);
    }
    return values.stream()
        .min(Comparator.comparingDouble(v -> Math.abs(Math.log(v / wanted))))
        .orElseThrow();
  }
}
