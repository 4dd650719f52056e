package dev.lawfit.cli;

import dev.lawfit.analysis.Holdout;
import dev.lawfit.data.Dataset;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.fit.Objective;
import dev.lawfit.fit.StartStrategy;
import dev.lawfit.law.Law;
import dev.lawfit.report.EvaluateDocument;
import dev.lawfit.report.EvaluateReport;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit evaluate}: the Hitchhiker's guide holdout, predicting each group's largest model
 * from smaller ones.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Score how well a law extrapolates, by the holdout protocol of 'A Hitchhiker's Guide to Scaling Law Estimation' "
          + "(Choshen et al. 2024, arXiv 2410.11840). Per group (--group-by, default family) the target is the largest "
          + "model size; runs of one size (seeds) count as one model. For each m of --train-models and p of "
          + "--train-fraction, the law is fitted to the m smallest sizes (--train-models-from largest: the m largest "
          + "below the target), every run cut to its checkpoints at tokens < p x the longest training run's final "
          + "tokens (--fraction-of run: <= p x its own final tokens), and scored by "
          + "ARE = mean |L - L_hat| / L over the target's checkpoints at tokens >= 70%% of each target run's final "
          + "tokens (the last 30%% of training by tokens; --score-window).",
      "The selection options (--family, --where, --drop-early-tokens, ...) apply to every run, target included, "
          + "before the protocol; --drop-early-tokens defaults to 1e10 here, as in the guide's code "
          + "(--drop-early-tokens 0 keeps every checkpoint).",
      "--rollout adds the expanding window by model size: for k = 2 up to all sizes but one, fit the k smallest "
          + "sizes and predict the next size up.",
      "Every cell is fitted as 'lawfit fit' would (Huber on log residuals, best 12 of the start grid, by default). "
          + "A cell that cannot be scored (not enough models, no points, a failed fit) says why and the others go on: "
          + "exit 0 whenever the grid was produced. Cells run in parallel; the output does not depend on --threads."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit evaluate ../shared/data/hitchhiker/losses.csv --law chinchilla \\",
      "      --on-duplicate mean --family gpt3 --where loss_kind=val_ce_nats_digitised",
      "  lawfit evaluate runs.csv --law chinchilla --train-models 2,3,4 \\",
      "      --train-fraction 0.3,0.6,1 --rollout --out eval.json"
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin LawOptions fitting;

  @Option(
      names = "--train-models",
      split = ",",
      paramLabel = "M",
      defaultValue = "2,3,4",
      description =
          "The m of the grid: fit m sizes below the target, chosen by --train-models-from (default ${DEFAULT-VALUE}).")
  List<Integer> trainModels;

  @Option(
      names = "--train-models-from",
      paramLabel = "END",
      defaultValue = "smallest",
      description =
          "Which m sizes: smallest (the guide's code: the m smallest of the group) or largest (the m largest "
              + "below the target, the closest to it) (default ${DEFAULT-VALUE}).")
  Holdout.ModelsFrom modelsFrom;

  @Option(
      names = "--train-fraction",
      split = ",",
      paramLabel = "P",
      defaultValue = "0.25,0.5,1",
      description =
          "The p of the grid, in (0, 1]: the first p of training, read by --fraction-of (default ${DEFAULT-VALUE}).")
  List<Double> trainFractions;

  @Option(
      names = "--fraction-of",
      paramLabel = "OF",
      defaultValue = "family",
      description =
          "What p is a fraction of: family (the guide's code: every training run keeps its checkpoints at tokens "
              + "< p x the longest training run's final tokens; all of them at p = 1) or run (each run keeps its checkpoints "
              + "at tokens <= p x its own final tokens) (default ${DEFAULT-VALUE}).")
  Holdout.FractionOf fractionOf;

  @Option(
      names = "--score-window",
      paramLabel = "W",
      defaultValue = "0.3",
      description =
          "Score the target's checkpoints at tokens >= (1 - W) x its final tokens (default ${DEFAULT-VALUE}).")
  double window;

  /**
   * The old name of --score-window (hparams' --window was a count): kept so that old scripts work.
   */
  @Option(names = "--window", paramLabel = "W", hidden = true)
  Double oldWindow;

  @Option(
      names = "--rollout",
      description = "Also the expanding window: fit the k smallest sizes, predict the next one up.")
  boolean rollout;

  @Mixin ThreadsOption threads;

  @Mixin LogInput input;

  @Mixin OutputOptions output;

  @Override
  public Integer call() throws Exception {
    LogInput.Request asked = input.request();
    Holdout.Settings settings = settings();
    int threadCount = threads.count();
    LogInput.Request logs = withDefaultDrop(asked);
    String groupBy = logs.groupBy() == null ? "family" : logs.groupBy();
    Dataset dataset = LogInput.load(logs, spec);
    if (dataset.runs().isEmpty()) {
      throw UserException.badInput(
          "no checkpoints left after the selection"
              + (asked.filters().dropEarlyTokens() == null
                  ? " (evaluate drops checkpoints at or below "
                      + Holdout.DEFAULT_DROP_EARLY_TOKENS
                      + " tokens by default; --drop-early-tokens 0 keeps them)"
                  : ""));
    }
    List<Holdout.Group> groups;
    try (TerminalProgress progress = TerminalProgress.of(spec, "evaluate", "cells")) {
      groups = Holdout.evaluate(dataset.groupBy(groupBy), settings, threadCount, progress);
    }
    Objective objective = settings.fit().objective();
    Double parameter =
        objective instanceof Objective.Huber h
            ? Double.valueOf(h.delta())
            : objective instanceof Objective.Asymmetric a ? Double.valueOf(a.k()) : null;
    var fit =
        new EvaluateDocument.Fit(
            objective.name(),
            parameter,
            "best-of-grid",
            fitting.starts(),
            Map.of(),
            dev.lawfit.fit.Bound.texts(settings.fit().bounds()));
    EvaluateDocument doc =
        EvaluateReport.document(
            groups,
            groupBy,
            dataset,
            settings,
            LogInput.record(logs.load(), dataset),
            fit,
            VersionProvider.version());
    warnFailures(groups, logs.filters().dropEarlyTokens());
    Commands.write(output.render(doc, () -> EvaluateReport.table(doc)), output, spec);
    return ExitCodes.OK;
  }

  /** The options, checked and frozen; the lists sorted ascending without repeats. */
  private Holdout.Settings settings() {
    Law chosen = fitting.law();
    Objective objective = fitting.objective();
    int starts = fitting.starts();
    for (int m : trainModels) {
      if (m < 1) {
        throw UserException.badInput("--train-models: m must be at least 1, got " + m);
      }
    }
    for (double p : trainFractions) {
      if (!(p > 0 && p <= 1)) {
        throw UserException.badInput("--train-fraction: p must be in (0, 1], got " + p);
      }
    }
    if (oldWindow != null) {
      window = oldWindow;
    }
    if (!(window > 0 && window <= 1)) {
      throw UserException.badInput("--score-window must be in (0, 1], got " + window);
    }
    FitOptions options =
        FitOptions.defaults()
            .withObjective(objective)
            .withStarts(new StartStrategy.BestOfGrid(starts))
            .withBounds(fitting.bounds(chosen));
    return new Holdout.Settings(
        chosen,
        options,
        List.copyOf(new TreeSet<>(trainModels)),
        List.copyOf(new TreeSet<>(trainFractions)),
        window,
        rollout,
        modelsFrom,
        fractionOf);
  }

  /** The guide's early-checkpoint cut unless the user chose one. */
  private static LogInput.Request withDefaultDrop(LogInput.Request r) {
    dev.lawfit.data.Filters f = r.filters();
    if (f.dropEarlyTokens() != null) {
      return r;
    }
    var filters =
        new dev.lawfit.data.Filters(
            f.families(),
            f.where(),
            f.finalOnly(),
            Holdout.DEFAULT_DROP_EARLY_TOKENS,
            f.dropEarlyFraction(),
            f.minParams(),
            f.maxParams(),
            f.excludeRuns());
    return new LogInput.Request(r.files(), r.load(), filters, r.groupBy());
  }

  private void warnFailures(List<Holdout.Group> groups, Double dropEarlyTokens) {
    LawfitCommand root = spec.root().commandLine().getCommand();
    if (root.quiet()) {
      return;
    }
    long cells = 0;
    long failed = 0;
    long unreliable = 0;
    boolean tooFewModels = false;
    for (Holdout.Group g : groups) {
      for (Holdout.Cell c : g.grid()) {
        cells++;
        failed += c.score() == null ? 1 : 0;
        unreliable += c.score() != null && !c.score().reliable() ? 1 : 0;
        tooFewModels |=
            c.failure() != null && Holdout.NOT_ENOUGH_MODELS.equals(c.failure().reason());
      }
      for (Holdout.Cell c : g.rollout()) {
        cells++;
        failed += c.score() == null ? 1 : 0;
      }
    }
    if (failed > 0) {
      // Runs that end at or below the early cut vanish with it: the usual reason a family seems
      // thin.
      String hint =
          tooFewModels && dropEarlyTokens != null && dropEarlyTokens > 0
              ? "; checkpoints at or below "
                  + dev.lawfit.report.Formats.sig(dropEarlyTokens, 3)
                  + " tokens were dropped first, which "
                  + "removes runs that end there (--drop-early-tokens 0 keeps them)"
              : "";
      Commands.warn(
          spec,
          List.of(
              failed
                  + " of "
                  + cells
                  + " cells have no score; the note column (error in JSON) says why"
                  + hint),
          "");
    }
    if (unreliable > 0) {
      Commands.warn(
          spec,
          List.of(
              unreliable
                  + " of "
                  + (cells - failed)
                  + " scored grid cells are unreliable (the fit ran off "
                  + "or the ARE exceeds 100%) and are left out of the summary"),
          "");
    }
  }
}
