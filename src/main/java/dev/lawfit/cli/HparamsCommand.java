package dev.lawfit.cli;

import dev.lawfit.analysis.hparams.AnalysisException;
import dev.lawfit.analysis.hparams.Axis;
import dev.lawfit.analysis.hparams.HparamsAnalysis;
import dev.lawfit.analysis.hparams.PublishedLaw;
import dev.lawfit.data.Dataset;
import dev.lawfit.report.HparamsReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit hparams}: optimal learning rate and batch size from sweeps, sensitivity, and their
 * laws.
 */
@Command(
    name = "hparams",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Find the optimal learning rate eta* and batch size B* of learning-rate and batch-size sweeps, how "
          + "sensitive the loss is to eta, and how they scale with T, N or C.",
      "Reads run logs with the columns lr (peak eta) and batch_size (tokens per step) besides params, tokens and "
          + "loss. A NaN or infinite loss (or one above --diverged-above) is a diverged run: evidence that eta was "
          + "too high, never fitted.",
      "Each (params, batch_size, tokens) is a group, each checkpoint counting as a run of that budget (constant or "
          + "warmup-stable-decay schedules; --final-only for cosine schedules). Per group: eta* as the vertex of a "
          + "parabola in ln eta fitted to the swept values nearest the lowest loss (--window-half-width each side), with a 95%% "
          + "interval; the sensitivity s in L = L* + s ln^2(eta/eta*); a flag when the lowest loss sits at the edge "
          + "of the sweep. Per (params, tokens): B* the same way in ln B, from each batch size's loss at its eta*.",
      "Laws, with seeded bootstrap intervals: eta* = c X^p B^q, B* = k X^r, s = s0 X^-u, X = T, N or C (--over); "
          + "eta* by least squares weighted by each optimum's variance as the unweighted sensitivity and eta* laws "
          + "predict it."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit simulate sweep --out sweep.csv && lawfit hparams sweep.csv",
      "  lawfit hparams sweep.csv --over compute --compare deepseek --format json --out hparams.json",
      "  lawfit hparams cosine-sweep.csv --final-only --diverged-above 10 --bootstrap 2000 --seed 7"
    })
public final class HparamsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LogInput input;

  @Option(
      names = "--over",
      paramLabel = "X",
      defaultValue = "tokens",
      description =
          "The laws' variable: ${COMPLETION-CANDIDATES} (T, N or C = 6 N T; default: ${DEFAULT-VALUE}).")
  Axis over;

  @Mixin SweepOptions sweep;

  @Option(
      names = "--compare",
      paramLabel = "LAW",
      description =
          "Set a published law beside yours over the data's range: ${COMPLETION-CANDIDATES} (B in tokens).")
  PublishedLaw compare;

  @Mixin ThreadsOption threads;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    HparamsAnalysis.Options options = options();
    LogInput.Request request = Sweeps.request(input);
    Dataset dataset = Sweeps.load(request, spec);
    HparamsAnalysis.Result result;
    try (TerminalProgress progress = TerminalProgress.of(spec, "bootstrap", "resamples")) {
      result = HparamsAnalysis.analyse(dataset, options.withProgress(progress));
    } catch (AnalysisException e) {
      throw UserException.badInput(e.getMessage());
    }
    HparamsReport report = HparamsReport.of(dataset, options, result, VersionProvider.version());
    if (!Commands.tableOnStdout(output)) {
      Commands.warn(spec, report.warnings(), ""); // a table on stdout shows them itself
    }
    String text = output.render(report, report::toTable);
    Commands.write(text, output, spec);
    return ExitCodes.OK;
  }

  private HparamsAnalysis.Options options() {
    return sweep.hparams(over, compare).withThreads(threads.count());
  }
}
