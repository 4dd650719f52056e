package dev.lawfit.analysis;

import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Column;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Run;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.Fitter;
import dev.lawfit.law.Law;
import dev.lawfit.stats.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * The holdout protocol of "A Hitchhiker's Guide to Scaling Law Estimation" (Choshen et al. 2024,
 * arXiv 2410.11840): per group, the target is the largest model size; a law fitted on smaller
 * sizes, using only the first part of each run's training, predicts the target, and the score is
 * the absolute relative error {@code ARE = mean |L - L_hat| / L} over the last part of the target's
 * training.
 *
 * <p>A model is a model size: runs of one size (seeds, or train and validation curves) count as one
 * model, and all of them are fitted or scored together. The grid fits, for each m, m sizes below
 * the target ({@link ModelsFrom}: the guide's code takes the m smallest, lawfit's earlier reading
 * the m largest), and for each fraction p the checkpoints before p of training ({@link FractionOf}:
 * the guide's code cuts every training run at p times the longest training run's final tokens,
 * lawfit's earlier reading cuts each run at p of its own). The rollout fits the k smallest sizes
 * and predicts the next size up, for k = 2 up to all but one.
 *
 * <p>Cells that cannot be scored (too few models, no points, a fit that fails) are results with a
 * reason, never exceptions. Cells run in parallel; results come back in a fixed order, and each fit
 * is deterministic, so the same input gives the same results on any thread count.
 */
public final class Holdout {
  /** The guide's evaluation window: the last 30% of the target's training. */
  public static final double DEFAULT_WINDOW = 0.3;

  /** The guide's code drops checkpoints at or below 1e10 tokens before fitting. */
  public static final double DEFAULT_DROP_EARLY_TOKENS = 1e10;

  /**
   * Relative slack on the token cuts, so that a checkpoint exactly at p T or 0.7 T is not lost to
   * rounding.
   */
  private static final double CUT_SLACK = 1e-9;

  /** Why a cell has no score (the {@code reason} of a {@link Failure}). */
  public static final String NOT_ENOUGH_MODELS = "not_enough_models";

  private Holdout() {}

  /** Which m sizes below the target a grid cell fits. */
  public enum ModelsFrom {
    /** The m smallest sizes (the guide's code: {@code train_models[:num_train_models]}). */
    SMALLEST,
    /** The m largest sizes below the target: the models closest to it. */
    LARGEST
  }

  /** What a training fraction p is a fraction of. */
  public enum FractionOf {
    /**
     * The longest training run's final tokens T: every training run keeps its checkpoints at tokens
     * below p T (the guide's code, {@code get_model_data}: {@code tokens_seen < max_percentage *
     * tokens}, T the largest tokens among the training models). The cut is strict below p = 1 as in
     * the guide; at p = 1 every checkpoint is kept.
     */
    FAMILY,
    /**
     * Each run's own final tokens: a run keeps its checkpoints at tokens at or below p times them.
     */
    RUN
  }

  /**
   * The protocol's settings.
   *
   * @param law the law fitted in every cell
   * @param fit fit options of every cell (their thread count is the cell's, usually 1)
   * @param trainModels the m of the grid, each >= 1
   * @param trainFractions the p of the grid, each in (0, 1]
   * @param window fraction of the target's training the ARE is averaged over, in (0, 1]
   * @param rollout whether to add the expanding-window rollout
   * @param modelsFrom which m sizes a grid cell fits
   * @param fractionOf what p is a fraction of
   */
  public record Settings(
      Law law,
      FitOptions fit,
      List<Integer> trainModels,
      List<Double> trainFractions,
      double window,
      boolean rollout,
      ModelsFrom modelsFrom,
      FractionOf fractionOf) {
    public Settings {
      java.util.Objects.requireNonNull(modelsFrom, "modelsFrom");
      java.util.Objects.requireNonNull(fractionOf, "fractionOf");
      trainModels = List.copyOf(trainModels);
      trainFractions = List.copyOf(trainFractions);
      for (int m : trainModels) {
        if (m < 1) {
          throw new IllegalArgumentException("train models must be >= 1, got " + m);
        }
      }
      for (double p : trainFractions) {
        if (!(p > 0 && p <= 1)) {
          throw new IllegalArgumentException("train fractions must be in (0, 1], got " + p);
        }
      }
      if (!(window > 0 && window <= 1)) {
        throw new IllegalArgumentException("window must be in (0, 1], got " + window);
      }
    }
  }

  /**
   * A scored cell.
   *
   * @param fit the fit to the training selection
   * @param trainRuns runs that gave training points
   * @param trainPoints checkpoints fitted
   * @param evalPoints target checkpoints scored (all target runs together)
   * @param are mean absolute relative error over those checkpoints
   * @param maxAre the largest of them
   * @param unreliable why the score is not to be trusted (the fit ran off: a parameter at a bound
   *     or beyond the fit's run-off limits; or an ARE above 100%), null when nothing says so
   */
  public record Score(
      LossFit.Result fit,
      int trainRuns,
      int trainPoints,
      int evalPoints,
      double are,
      double maxAre,
      String unreliable) {
    /** Whether the score may go into summaries. */
    public boolean reliable() {
      return unreliable == null;
    }
  }

  /** An ARE above this (100%) predicts nothing: the cell is unreliable whatever its fit says. */
  public static final double UNRELIABLE_ARE = 1.0;

  /**
   * Why a cell's score is unreliable, or null: parameters at a bound of {@code fit}'s options,
   * parameters the fit's warnings call run off ({@link Fitter#ranOff}), an ARE above {@link
   * #UNRELIABLE_ARE}.
   */
  static String unreliable(FitResult fit, FitOptions options, double are) {
    double[] natural =
        fit.parameters().stream().mapToDouble(FitResult.ParameterEstimate::value).toArray();
    boolean[] fixed = new boolean[natural.length];
    for (int j = 0; j < natural.length; j++) {
      fixed[j] = fit.parameters().get(j).fixed();
    }
    List<String> reasons = new ArrayList<>();
    List<String> atBound = Fitter.atBounds(fit.law(), natural, options.bounds(), fixed);
    if (!atBound.isEmpty()) {
      reasons.add(String.join(", ", atBound) + " at a bound");
    }
    List<String> ranOff = new ArrayList<>(Fitter.ranOff(fit.law(), natural));
    ranOff.removeAll(atBound);
    for (int j = 0; j < natural.length; j++) {
      if (fixed[j]) {
        ranOff.remove(fit.law().parameterNames().get(j));
      }
    }
    if (!ranOff.isEmpty()) {
      reasons.add(String.join(", ", ranOff) + " ran off");
    }
    if (are > UNRELIABLE_ARE) {
      reasons.add("ARE above 100%");
    }
    return reasons.isEmpty() ? null : String.join("; ", reasons);
  }

  /** Why a cell has no score: a short machine-readable reason and a one-line message. */
  public record Failure(String reason, String message) {}

  /**
   * One fit and its score, or why there is none.
   *
   * @param models m for a grid cell, the number of sizes fitted (k) for a rollout step
   * @param fraction p
   * @param trainParams the sizes fitted, ascending (empty when there were not enough)
   * @param targetParams the size predicted
   * @param score the score, or null
   * @param failure why there is no score, or null
   */
  public record Cell(
      int models,
      double fraction,
      List<Double> trainParams,
      double targetParams,
      Score score,
      Failure failure) {
    public Cell {
      trainParams = List.copyOf(trainParams);
    }
  }

  /**
   * The protocol on one group.
   *
   * @param key the group's value of the grouping column
   * @param sizes its model sizes, ascending
   * @param targetParams the largest size, NaN when the group has no sizes
   * @param targetRuns runs of the target size
   * @param evalPoints target checkpoints in the evaluation window
   * @param grid one cell per (m, p), m outer, both ascending
   * @param rollout one cell per (k, p), k outer, both ascending; empty without a rollout
   */
  public record Group(
      String key,
      List<Double> sizes,
      double targetParams,
      int targetRuns,
      int evalPoints,
      List<Cell> grid,
      List<Cell> rollout) {
    public Group {
      sizes = List.copyOf(sizes);
      grid = List.copyOf(grid);
      rollout = List.copyOf(rollout);
    }
  }

  /**
   * Each run's checkpoints at tokens at or below {@code fraction} of its final tokens: the first
   * part of training.
   */
  public static Checkpoints firstFraction(Checkpoints c, double fraction) {
    return c.range(0, c.firstAbove(fraction * c.maxTokens() * (1 + CUT_SLACK)));
  }

  /**
   * The checkpoints at tokens below {@code fraction} of {@code longest} (the guide's cut: strict,
   * so a checkpoint exactly at p T is left out as in its code), all of them when the fraction is 1.
   */
  public static Checkpoints belowFractionOf(Checkpoints c, double fraction, double longest) {
    if (fraction >= 1) {
      return c;
    }
    double cut = fraction * longest;
    int to = 0;
    while (to < c.size() && c.tokens(to) < cut) {
      to++;
    }
    return c.range(0, to);
  }

  /**
   * The training part of each run of sizes {@code train}, cut by the settings' reading of p; runs
   * left empty are dropped.
   */
  private static List<Run> trainingRuns(
      Dataset group, List<Double> train, double p, FractionOf of) {
    double longest = 0;
    for (Run r : group.runs()) {
      if (train.contains(r.params()) && !r.checkpoints().isEmpty()) {
        longest = Math.max(longest, r.checkpoints().maxTokens());
      }
    }
    List<Run> runs = new ArrayList<>();
    for (Run r : group.runs()) {
      if (train.contains(r.params())) {
        Checkpoints first =
            of == FractionOf.RUN
                ? firstFraction(r.checkpoints(), p)
                : belowFractionOf(r.checkpoints(), p, longest);
        if (!first.isEmpty()) {
          runs.add(r.withCheckpoints(first));
        }
      }
    }
    return runs;
  }

  /**
   * The checkpoints at tokens at or above {@code 1 - window} of the final tokens: the last part of
   * training.
   */
  public static Checkpoints lastWindow(Checkpoints c, double window) {
    double cut = (1 - window) * c.maxTokens() * (1 - CUT_SLACK);
    int from = 0;
    while (from < c.size() && c.tokens(from) < cut) {
      from++;
    }
    return c.range(from, c.size());
  }

  /**
   * Runs the protocol on every group, cells on {@code threads} threads.
   *
   * @param groups the groups, in the order their results are wanted
   */
  public static List<Group> evaluate(Map<String, Dataset> groups, Settings settings, int threads) {
    return evaluate(groups, settings, threads, dev.lawfit.fit.Progress.NONE);
  }

  /**
   * As {@link #evaluate(Map, Settings, int)}, telling {@code progress} of each cell as it is done.
   */
  public static List<Group> evaluate(
      Map<String, Dataset> groups,
      Settings settings,
      int threads,
      dev.lawfit.fit.Progress progress) {
    List<Plan> plans = new ArrayList<>();
    List<Task> tasks = new ArrayList<>();
    for (Map.Entry<String, Dataset> g : groups.entrySet()) {
      Plan plan = plan(g.getKey(), g.getValue(), settings);
      plans.add(plan);
      tasks.addAll(plan.tasks());
    }
    progress.add(tasks.size());
    List<Cell> cells =
        run(
            tasks.stream()
                .map(
                    t ->
                        new Task(
                            () -> {
                              Cell c = t.work().call();
                              progress.step();
                              return c;
                            },
                            t.cost()))
                .toList(),
            threads);
    List<Group> out = new ArrayList<>();
    int at = 0;
    for (Plan p : plans) {
      List<Cell> grid = cells.subList(at, at + p.gridCells());
      at += p.gridCells();
      List<Cell> rollout = cells.subList(at, at + p.rolloutCells());
      at += p.rolloutCells();
      out.add(
          new Group(p.key(), p.sizes(), p.target(), p.targetRuns(), p.evalPoints(), grid, rollout));
    }
    return out;
  }

  /** A group's cells, not yet run. */
  private record Plan(
      String key,
      List<Double> sizes,
      double target,
      int targetRuns,
      int evalPoints,
      List<Task> tasks,
      int gridCells,
      int rolloutCells) {}

  /**
   * A cell to compute, with its rough cost (checkpoints to fit) for scheduling the largest first.
   */
  private record Task(Callable<Cell> work, long cost) {
    static Task done(Cell cell) {
      return new Task(() -> cell, 0);
    }
  }

  private static Plan plan(String key, Dataset group, Settings s) {
    List<Task> tasks = new ArrayList<>();
    boolean unsized = group.runs().stream().anyMatch(r -> Double.isNaN(r.params()));
    List<Double> sizes =
        unsized
            ? List.of()
            : List.copyOf(new TreeSet<>(group.runs().stream().map(Run::params).toList()));
    if (sizes.isEmpty()) {
      Failure f =
          new Failure(
              "no_model_sizes",
              "a run of this group has no params value: the target is the largest model size");
      for (int m : s.trainModels()) {
        for (double p : s.trainFractions()) {
          tasks.add(Task.done(new Cell(m, p, List.of(), Double.NaN, null, f)));
        }
      }
      return new Plan(key, sizes, Double.NaN, 0, 0, tasks, tasks.size(), 0);
    }
    int last = sizes.size() - 1;
    double target = sizes.get(last);
    List<Checkpoints> window = windowOf(group, target, s.window());
    int evalPoints = window.stream().mapToInt(Checkpoints::size).sum();
    for (int m : s.trainModels()) {
      for (double p : s.trainFractions()) {
        if (m > last) {
          String message =
              String.format(
                  Locale.ROOT,
                  "%d smaller model%s asked for, the group has %d below the target %s",
                  m,
                  m == 1 ? "" : "s",
                  last,
                  shortNumber(target));
          tasks.add(
              Task.done(
                  new Cell(
                      m, p, List.of(), target, null, new Failure(NOT_ENOUGH_MODELS, message))));
        } else {
          List<Double> train =
              s.modelsFrom() == ModelsFrom.SMALLEST
                  ? sizes.subList(0, m)
                  : sizes.subList(last - m, last);
          tasks.add(
              new Task(
                  () -> cell(group, m, p, train, target, window, s),
                  cost(group, train, p, s.fractionOf())));
        }
      }
    }
    int gridCells = tasks.size();
    if (s.rollout()) {
      for (int k = 2; k < sizes.size(); k++) {
        List<Double> train = sizes.subList(0, k);
        double next = sizes.get(k);
        List<Checkpoints> nextWindow = windowOf(group, next, s.window());
        for (double p : s.trainFractions()) {
          int models = k;
          tasks.add(
              new Task(
                  () -> cell(group, models, p, train, next, nextWindow, s),
                  cost(group, train, p, s.fractionOf())));
        }
      }
    }
    int targetRuns = (int) group.runs().stream().filter(r -> r.params() == target).count();
    return new Plan(
        key, sizes, target, targetRuns, evalPoints, tasks, gridCells, tasks.size() - gridCells);
  }

  /** Checkpoints a cell fits: the fits' cost grows with them. */
  private static long cost(Dataset group, List<Double> train, double p, FractionOf of) {
    long n = 0;
    for (Run r : trainingRuns(group, train, p, of)) {
      n += r.checkpoints().size();
    }
    return n;
  }

  /** The evaluation window of every run of size {@code params}. */
  private static List<Checkpoints> windowOf(Dataset group, double params, double window) {
    return group.runs().stream()
        .filter(r -> r.params() == params)
        .map(r -> lastWindow(r.checkpoints(), window))
        .toList();
  }

  /**
   * Fits the sizes {@code train} on the first {@code p} of their training and scores the prediction
   * of {@code target}.
   */
  private static Cell cell(
      Dataset group,
      int models,
      double p,
      List<Double> train,
      double target,
      List<Checkpoints> window,
      Settings s) {
    List<Run> runs = trainingRuns(group, train, p, s.fractionOf());
    if (runs.isEmpty()) {
      return new Cell(
          models,
          p,
          train,
          target,
          null,
          new Failure(
              "no_points",
              "no checkpoint of the training models lies in the first "
                  + shortNumber(p)
                  + " of their training"));
    }
    Dataset selected =
        new Dataset(
            runs,
            group.files(),
            group.columns(),
            group.tagColumns(),
            group.ignoredColumns(),
            group.notes(),
            group.dropped(),
            group.selection());
    LossFit.Result fit;
    try {
      fit = LossFit.fit(selected, s.law(), s.fit());
    } catch (FitException e) {
      return new Cell(
          models,
          p,
          train,
          target,
          null,
          new Failure(e.reason().name().toLowerCase(Locale.ROOT), e.getMessage()));
    }
    boolean logged = group.has(Column.FLOPS);
    double sum = 0;
    double max = 0;
    int n = 0;
    // The target's runs in the order windowOf listed their windows.
    int run = 0;
    for (Run r : group.runs()) {
      if (r.params() != target) {
        continue;
      }
      Checkpoints c = window.get(run++);
      int offset = r.checkpoints().size() - c.size();
      for (int k = 0; k < c.size(); k++) {
        double C = logged ? r.computeFlops(offset + k) : Double.NaN;
        double predicted = Prediction.at(fit.fit(), r.params(), c.tokens(k), C).loss();
        // ARE = |L - L_hat| / L (Choshen et al. 2024, arXiv 2410.11840, sec. 3)
        double are = Math.abs(c.loss(k) - predicted) / c.loss(k);
        if (!Double.isFinite(are)) {
          return new Cell(
              models,
              p,
              train,
              target,
              null,
              new Failure(
                  "bad_prediction",
                  "the fit predicts a non-finite loss at "
                      + shortNumber(c.tokens(k))
                      + " tokens of the target"));
        }
        sum += are;
        max = Math.max(max, are);
        n++;
      }
    }
    double are = sum / n;
    return new Cell(
        models,
        p,
        train,
        target,
        new Score(fit, fit.runs(), fit.points(), n, are, max, unreliable(fit.fit(), s.fit(), are)),
        null);
  }

  /**
   * Computes every task, the costliest first (a short tail), and returns the cells in the tasks'
   * order.
   */
  private static List<Cell> run(List<Task> tasks, int threads) {
    // Costliest first, so that no long cell starts last while the other threads idle.
    long[] cost = tasks.stream().mapToLong(Task::cost).toArray();
    return Parallel.mapCostliestFirst(threads, cost, i -> tasks.get(i).work().call());
  }

  private static String shortNumber(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
