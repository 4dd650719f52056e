package dev.lawfit.cli;

import dev.lawfit.analysis.hparams.AnalysisException;
import dev.lawfit.analysis.hparams.CriticalBatch;
import dev.lawfit.analysis.hparams.GradientNoise;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.InputException;
import dev.lawfit.data.LogLoader;
import dev.lawfit.data.SourceFile;
import dev.lawfit.data.Table;
import dev.lawfit.report.CriticalBatchReport;
import dev.lawfit.report.InputFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit critical-batch}: B_crit from the steps/data trade-off or from gradient-noise logs.
 */
@Command(
    name = "critical-batch",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The critical batch size B_crit (in tokens) from the steps/data trade-off E = E_min (1 + B/B_crit) "
          + "(McCandlish et al. 2018), per target, and the law B_crit = k E_min^gamma; or the gradient noise scale "
          + "from gradient-noise logs.",
      "Three inputs (--from, default auto):",
      "  sweep: batch-size sweep logs (lr, batch_size, params, tokens, loss). Each batch size's best loss at every "
          + "budget (the parabola's minimum in ln eta, else the lowest loss seen), the tokens it needs to reach each "
          + "target (--target, or a grid of --targets losses that every batch size reaches), interpolated in ln T.",
      "  steps: a steps-to-target table: batch size in tokens, steps and/or tokens to the target, a group column "
          + "(e.g. model size); the default column names are those of Zhang et al.'s published table.",
      "  gradient-noise: step, squared gradient norms at two batch sizes and those batch sizes: the unbiased "
          + "|G|^2 and tr(Sigma), their moving averages, B_simple = tr(Sigma)/|G|^2, and with --norm-test-eta the "
          + "batch-size schedule of the norm test (Lau et al. 2024)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit critical-batch ../shared/data/zhang-critical-batch/steps_to_target.csv",
      "  lawfit simulate sweep --out sweep.csv && lawfit critical-batch sweep.csv --targets 6 --format json",
      "  lawfit critical-batch noise.csv --from gradient-noise --norm-test-eta 0.5 --decay 0.99"
    })
public final class CriticalBatchCommand implements Callable<Integer> {
  /**
   * What the input is; on the command line as {@link EnumValues} spells it ({@code
   * gradient-noise}), parsed by the converter {@link Cli} gives every enum option.
   */
  public enum Source {
    auto,
    sweep,
    steps,
    gradient_noise
  }

  @Spec CommandSpec spec;

  @Mixin LogInput input;

  @Option(
      names = "--from",
      paramLabel = "KIND",
      defaultValue = "auto",
      completionCandidates = EnumValues.BatchSources.class,
      description =
          "The input: auto, sweep, steps or gradient-noise (default: ${DEFAULT-VALUE}: the mode whose options below "
              + "are given; else steps when a steps/tokens-to-target column is found, gradient-noise when squared-norm columns are, else sweep).")
  Source from;

  /**
   * The options of one input mode each, one group a mode: options of two modes together are a usage
   * error (said in {@link #given()} with the options' names, rather than by picocli's listing of
   * whole groups), and options of one mode choose it under {@code --from auto}.
   */
  @ArgGroup(validate = false)
  Modes modes;

  @Mixin SweepOptions sweep;

  /** At most one of the three modes' option groups. */
  static final class Modes {
    @ArgGroup(exclusive = false, heading = "%nSweep logs (--from sweep):%n", order = 1)
    SweepInput sweep;

    @ArgGroup(exclusive = false, heading = "%nSteps-to-target tables (--from steps):%n", order = 2)
    StepsInput steps;

    @ArgGroup(
        exclusive = false,
        heading = "%nGradient-noise logs (--from gradient-noise):%n",
        order = 3)
    NoiseInput noise;
  }

  /** {@code --from sweep}: which target losses. */
  static final class SweepInput {
    @Option(
        names = "--target",
        split = ",",
        paramLabel = "LOSS",
        order = 1,
        description = "Target losses; repeatable.")
    List<Double> targets = new ArrayList<>();

    @Option(
        names = "--targets",
        paramLabel = "K",
        defaultValue = "8",
        order = 2,
        description =
            "Without --target: K losses evenly spaced inside what every batch size reaches (default: ${DEFAULT-VALUE}).")
    int grid = 8;
  }

  /** {@code --from steps}: the table's columns. */
  static final class StepsInput {
    @Option(
        names = "--batch-column",
        paramLabel = "NAME",
        order = 1,
        description =
            "Batch size in tokens (default: batch_size_tokens, batch_size, batch_tokens, bs).")
    String batchColumn;

    @Option(
        names = "--steps-column",
        paramLabel = "NAME",
        order = 2,
        description = "Optimizer steps to the target (default: steps_to_target, steps).")
    String stepsColumn;

    @Option(
        names = "--tokens-column",
        paramLabel = "NAME",
        order = 3,
        description =
            "Tokens to the target, used before steps x batch size (default: tokens_to_target).")
    String tokensColumn;

    @Option(
        names = "--group-column",
        paramLabel = "NAME",
        order = 4,
        description =
            "One target per value of this column (default: model, params, n_params, group; else one group).")
    String groupColumn;

    @Option(
        names = "--target-column",
        paramLabel = "NAME",
        order = 5,
        description =
            "The target loss, reported (default: target_loss, target_c4_val_loss, target).")
    String targetColumn;
  }

  /** {@code --from gradient-noise}: the columns and the estimator's settings. */
  static final class NoiseInput {
    @Option(
        names = "--step-column",
        paramLabel = "NAME",
        order = 1,
        description = "Step (default: step, global_step, iteration).")
    String stepColumn;

    @Option(
        names = "--gsq-small-column",
        paramLabel = "NAME",
        order = 2,
        description = "|G_small|^2 (default: grad_sq_small, grad_norm_sq_small, g2_small).")
    String gSmallColumn;

    @Option(
        names = "--gsq-big-column",
        paramLabel = "NAME",
        order = 3,
        description = "|G_big|^2 (default: grad_sq_big, grad_norm_sq_big, g2_big).")
    String gBigColumn;

    @Option(
        names = "--b-small-column",
        paramLabel = "NAME",
        order = 4,
        description = "The smaller batch size (default: batch_small, b_small).")
    String bSmallColumn;

    @Option(
        names = "--b-big-column",
        paramLabel = "NAME",
        order = 5,
        description = "The larger batch size (default: batch_big, b_big).")
    String bBigColumn;

    @Option(
        names = "--decay",
        paramLabel = "D",
        defaultValue = "0.95",
        order = 6,
        description = "The moving averages' decay per step, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double decay = 0.95;

    @Option(
        names = "--norm-test-eta",
        paramLabel = "ETA",
        order = 7,
        description = "The norm test's eta; grow the batch to ceil(tr(Sigma) / (eta^2 |g_B|^2)).")
    Double normTestEta;
  }

  @Mixin ThreadsOption threads;

  @Mixin OutputOptions output;

  /**
   * More target losses than a table can show is a mistake (each is an interpolation per batch
   * size).
   */
  private static final int MAX_TARGETS = 1000;

  private static final List<String> STEPS = List.of("steps_to_target", "steps");
  private static final List<String> TOKENS = List.of("tokens_to_target");
  private static final List<String> G_SMALL =
      List.of("grad_sq_small", "grad_norm_sq_small", "g2_small");

  @Override
  public Integer call() throws Exception {
    Map<Source, String> givenModes = given();
    Source given = givenModes.isEmpty() ? null : givenModes.keySet().iterator().next();
    if (from != Source.auto && given != null && given != from) {
      throw UserException.badInput(
          "--from "
              + EnumValues.spell(from)
              + " does not take "
              + givenModes.get(given)
              + " (--from "
              + EnumValues.spell(given)
              + ")");
    }
    check();
    CriticalBatchReport report;
    try {
      report =
          switch (resolve(from != Source.auto ? from : given)) {
            case steps -> steps(table());
            case gradient_noise -> noise(table());
            default -> sweep();
          };
    } catch (AnalysisException e) {
      throw UserException.badInput(e.getMessage());
    }
    if (!Commands.tableOnStdout(output)) {
      Commands.warn(spec, report.warnings(), ""); // a table on stdout shows them itself
    }
    String text = output.render(report, report::toTable);
    Commands.write(text, output, spec);
    return ExitCodes.OK;
  }

  /**
   * The mode whose options were given, with their names as typed; empty when none was.
   *
   * @throws UserException when options of two modes were given
   */
  private Map<Source, String> given() {
    var given = new LinkedHashMap<Source, String>();
    for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
      Source mode = o.group() == null ? null : MODES.get(o.group().typeInfo().getType());
      if (mode != null) {
        given.merge(mode, o.longestName(), (x, y) -> x.contains(y) ? x : x + ", " + y);
      }
    }
    if (given.size() > 1) {
      var parts = new ArrayList<String>();
      given.forEach((mode, names) -> parts.add(names + " (--from " + EnumValues.spell(mode) + ")"));
      throw UserException.badInput(
          String.join(" and ", parts) + " are options of different inputs; give those of one");
    }
    return given;
  }

  private static final Map<Class<?>, Source> MODES =
      Map.of(
          SweepInput.class,
          Source.sweep,
          StepsInput.class,
          Source.steps,
          NoiseInput.class,
          Source.gradient_noise);

  private SweepInput sweepInput() {
    return modes != null && modes.sweep != null ? modes.sweep : new SweepInput();
  }

  private StepsInput stepsInput() {
    return modes != null && modes.steps != null ? modes.steps : new StepsInput();
  }

  private NoiseInput noiseInput() {
    return modes != null && modes.noise != null ? modes.noise : new NoiseInput();
  }

  private void check() {
    SweepInput sw = sweepInput();
    NoiseInput ns = noiseInput();
    UserException.requireRange("--targets", sw.grid, 1, MAX_TARGETS);
    if (!(ns.decay >= 0 && ns.decay < 1)) {
      throw UserException.badInput("--decay must be in [0, 1), got " + ns.decay);
    }
    if (ns.normTestEta != null && !(ns.normTestEta > 0 && Double.isFinite(ns.normTestEta))) {
      throw UserException.badInput("--norm-test-eta must be positive, got " + ns.normTestEta);
    }
    sweep.check();
    for (double t : sw.targets) {
      if (!(t > 0 && Double.isFinite(t))) {
        throw UserException.badInput("--target must be a positive loss, got " + t);
      }
    }
  }

  private Table loaded;

  private Table table() throws InputException {
    if (loaded == null) {
      LogInput.Request r = input.request();
      loaded = new LogLoader(r.load()).loadTable(r.files());
    }
    return loaded;
  }

  /** The mode: the one asked for or whose options were given, else the one the columns say. */
  private Source resolve(Source source) throws InputException {
    if (source != null && source != Source.auto) {
      return source;
    }
    Table t = table();
    if (t.find(List.of("loss")) == null && (t.find(STEPS) != null || t.find(TOKENS) != null)) {
      return Source.steps;
    }
    if (t.find(G_SMALL) != null) {
      return Source.gradient_noise;
    }
    return Source.sweep;
  }

  private CriticalBatchReport sweep() throws Exception {
    List<Double> targets = sweepInput().targets;
    int grid = sweepInput().grid;
    LogInput.Request request = Sweeps.request(input);
    Dataset dataset = Sweeps.load(request, spec);
    CriticalBatch.Result r;
    try (TerminalProgress progress = TerminalProgress.of(spec, "bootstrap", "resamples")) {
      r =
          CriticalBatch.fromSweep(
              dataset,
              sweep.divergedAbove,
              sweep.window,
              targets,
              grid,
              sweep.bootstrap,
              sweep.seed,
              threads.count(),
              progress);
    }
    Object targetSetting =
        targets.isEmpty() ? "grid of " + grid + " losses that every batch size reaches" : targets;
    var settings =
        new CriticalBatchReport.SweepSettings(
            sweep.bootstrap,
            "each batch size's best loss per budget: parabola "
                + "minimum in ln eta, else the lowest loss seen; tokens to a target interpolated linearly in ln T",
            sweep.divergedAbove,
            sweep.seed,
            targetSetting,
            sweep.window);
    return CriticalBatchReport.of(
        "sweep", settings, InputFile.of(dataset.files()), r, VersionProvider.version());
  }

  private CriticalBatchReport steps(Table t) throws Exception {
    StepsInput in = stepsInput();
    String files = files(t);
    String batch =
        column(
            t,
            in.batchColumn,
            List.of("batch_size_tokens", "batch_size", "batch_tokens", "bs"),
            "--batch-column",
            true);
    String tokens = column(t, in.tokensColumn, TOKENS, "--tokens-column", false);
    String steps = column(t, in.stepsColumn, STEPS, "--steps-column", false);
    if (tokens == null && steps == null) {
      throw UserException.badInput(
          files
              + ": no steps or tokens to the target (columns are "
              + String.join(", ", t.columns())
              + "); name one with --steps-column or --tokens-column");
    }
    String group =
        column(
            t,
            in.groupColumn,
            List.of("model", "params", "n_params", "group"),
            "--group-column",
            false);
    String target =
        column(
            t,
            in.targetColumn,
            List.of("target_loss", "target_c4_val_loss", "target"),
            "--target-column",
            false);
    double[] b = t.numbers(batch, true);
    double[] e;
    if (tokens != null) {
      e = t.numbers(tokens, true);
    } else {
      double[] s = t.numbers(steps, true);
      e = new double[s.length];
      for (int i = 0; i < s.length; i++) {
        e[i] = s[i] * b[i]; // E = S B
      }
    }
    String[] groups = group == null ? new String[b.length] : t.text(group);
    for (int i = 0; i < groups.length; i++) {
      if (groups[i] == null) {
        groups[i] = group == null ? CriticalBatch.ALL : "(none)";
      }
    }
    double[] loss = target == null ? null : t.numbers(target, true);
    CriticalBatch.Result r;
    try (TerminalProgress progress = TerminalProgress.of(spec, "bootstrap", "resamples")) {
      r =
          CriticalBatch.fromTable(
              groups, loss, b, e, sweep.bootstrap, sweep.seed, threads.count(), progress);
    }
    var settings =
        new CriticalBatchReport.StepsSettings(
            batch,
            sweep.bootstrap,
            group,
            sweep.seed,
            target,
            tokens != null ? "column " + tokens : "steps x batch size, column " + steps);
    return CriticalBatchReport.of(
        "steps", settings, InputFile.of(t.files()), r, VersionProvider.version());
  }

  private CriticalBatchReport noise(Table t) throws Exception {
    NoiseInput in = noiseInput();
    String step =
        column(
            t, in.stepColumn, List.of("step", "global_step", "iteration"), "--step-column", true);
    String gs = column(t, in.gSmallColumn, G_SMALL, "--gsq-small-column", true);
    String gb =
        column(
            t,
            in.gBigColumn,
            List.of("grad_sq_big", "grad_norm_sq_big", "g2_big"),
            "--gsq-big-column",
            true);
    String bs =
        column(t, in.bSmallColumn, List.of("batch_small", "b_small"), "--b-small-column", true);
    String bb = column(t, in.bBigColumn, List.of("batch_big", "b_big"), "--b-big-column", true);
    List<GradientNoise.Step> steps =
        GradientNoise.estimate(
            t.numbers(step, false),
            t.numbers(gs, false),
            t.numbers(gb, false),
            t.numbers(bs, true),
            t.numbers(bb, true),
            in.decay,
            in.normTestEta);
    var settings =
        new CriticalBatchReport.NoiseSettings(
            sweep.bootstrap, List.of(step, gs, gb, bs, bb), sweep.seed);
    return CriticalBatchReport.of(
        settings,
        InputFile.of(t.files()),
        in.decay,
        in.normTestEta,
        steps,
        VersionProvider.version());
  }

  private static String files(Table t) {
    return String.join(", ", t.files().stream().map(SourceFile::path).toList());
  }

  /** The column named by an option, else the first default present; a named column must exist. */
  private static String column(
      Table t, String given, List<String> defaults, String option, boolean required) {
    if (given != null) {
      String found = t.find(List.of(given));
      if (found == null) {
        throw UserException.badInput(
            files(t)
                + ": "
                + option
                + " "
                + given
                + ": no such column; columns are "
                + String.join(", ", t.columns()));
      }
      return found;
    }
    String found = t.find(defaults);
    if (found == null && required) {
      throw UserException.badInput(
          files(t)
              + ": none of the columns "
              + String.join(", ", defaults)
              + " (columns are "
              + String.join(", ", t.columns())
              + "); name yours with "
              + option
              + " NAME");
    }
    return found;
  }
}
