package dev.lawfit.analysis.hparams;

import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Numbers;
import dev.lawfit.data.Run;
import dev.lawfit.fit.Progress;
import dev.lawfit.stats.Intervals;
import dev.lawfit.stats.Parabola;
import dev.lawfit.stats.PowerLawFit;
import dev.lawfit.stats.Resampling;
import dev.lawfit.stats.Summary;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Optimal learning rate and batch size from sweeps, the loss's sensitivity to the learning rate,
 * and how they scale (REFERENCES.md, "Learning rate and batch size").
 *
 * <p>Groups: every (N, B, T) is one group, T matched to 3 significant digits; each checkpoint of a
 * run counts as a run of budget T (right for constant or warmup-stable-decay schedules; select
 * final checkpoints for cosine schedules). A checkpoint whose loss is NaN, infinite or above
 * {@code divergedAbove} is a diverged run: evidence that eta is too high, never fitted. A run
 * whose log ends diverged counts as diverged at every later budget of its (N, B) too.
 */
public final class HparamsAnalysis {
  private HparamsAnalysis() {}

  /**
   * @param over the variable of the laws
   * @param divergedAbove a loss above this is a diverged run; {@code null} for none (NaN and inf only)
   * @param halfWidth swept values each side of the lowest in the parabola window (see {@link Optimum})
   * @param resamples bootstrap resamples for the laws' intervals (0: Student t intervals instead)
   * @param seed bootstrap seed
   * @param compare a published law to set beside the results, or {@code null}
   * @param threads threads the bootstrap may use (the result does not depend on it)
   * @param progress told of each bootstrap resample of every law as it is done ({@link Progress#NONE} by default)
   */
  public record Options(Axis over, Double divergedAbove, int halfWidth, int resamples, long seed, PublishedLaw compare,
      int threads, Progress progress) {
    public Options {
      progress = progress == null ? Progress.NONE : progress;
      threads = Math.max(1, threads);
    }

    /** Options on every core, without progress. */
    public Options(Axis over, Double divergedAbove, int halfWidth, int resamples, long seed, PublishedLaw compare) {
      this(over, divergedAbove, halfWidth, resamples, seed, compare, Runtime.getRuntime().availableProcessors(),
          Progress.NONE);
    }

    /** These options, telling {@code p} of each bootstrap resample. */
    public Options withProgress(Progress p) {
      return new Options(over, divergedAbove, halfWidth, resamples, seed, compare, threads, p);
    }

    /** These options on {@code n} threads. */
    public Options withThreads(int n) {
      return new Options(over, divergedAbove, halfWidth, resamples, seed, compare, n, progress);
    }

    LawBootstrap.Settings bootstrap() {
      return new LawBootstrap.Settings(resamples, seed, threads, progress);
    }
  }

  /** What a (N, B, T) group's learning-rate sweep gives; {@link #label()} is the name documents use. */
  public enum LrStatus {
    /** An interior minimum: eta* and s. */
    OK,
    /** The lowest loss at the smallest eta swept. */
    EDGE_LOW,
    /** The lowest loss at the largest stable eta swept. */
    EDGE_HIGH,
    /** The parabola opens downwards. */
    NOT_CONVEX,
    /** Fewer than 3 learning rates with a usable loss. */
    TOO_FEW_LRS,
    /** Every run diverged. */
    ALL_DIVERGED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** What a (N, T) batch-size sweep gives; {@link #label()} is the name documents use. */
  public enum BatchStatus {
    /** An interior, well-determined B*. */
    OK,
    /** The lowest loss at the smallest batch size. */
    EDGE_LOW,
    /** The lowest loss at the largest batch size. */
    EDGE_HIGH,
    /** The parabola in log B opens downwards. */
    NOT_CONVEX,
    /** Fewer than 3 batch sizes with an interior eta*. */
    TOO_FEW_BATCH_SIZES,
    /** An interior B* whose interval reaches beyond the swept batch sizes: left out of the B* law. */
    POORLY_DETERMINED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** An estimate with its 95% interval ({@code null} when there is none). */
  public record Estimate(double value, List<Double> ci95) {}

  /**
   * The learning-rate optimum of one (N, B, T) group.
   *
   * @param params N, {@code null} when not logged
   * @param batchSize B in tokens
   * @param tokens T
   * @param runs runs with a checkpoint at T (diverged ones included)
   * @param diverged runs diverged by T
   * @param lrRange smallest and largest eta swept, diverged runs included
   * @param lowestDivergedLr the smallest eta that diverged: eta* lies below it; {@code null} when none did
   * @param status {@code ok}, {@code edge_low}, {@code edge_high}, {@code not_convex}, {@code too_few_lrs}, {@code all_diverged}
   * @param bestLr the swept eta with the lowest loss
   * @param etaStar the parabola's vertex, only when the status is {@code ok}
   * @param sensitivity s, the parabola's coefficient: L = L* + s ln^2(eta/eta*), only when {@code ok}
   * @param lossAtOptimum the parabola's minimum when {@code ok}, else the lowest loss seen
   * @param window the smallest and largest eta fitted
   * @param warnings why the group gives no optimum, or what to doubt
   */
  public record LrGroup(Double params, double batchSize, double tokens, int runs, int diverged, List<Double> lrRange,
      Double lowestDivergedLr, LrStatus status, Double bestLr, Estimate etaStar, Estimate sensitivity, Double lossAtOptimum,
      List<Double> window, List<String> warnings) {}

  /**
   * The batch-size optimum of one (N, T): a parabola in log B through each batch size's loss at its eta*.
   *
   * @param batchSizes batch sizes with an interior eta* at (N, T)
   * @param status as for {@link LrGroup}, with {@code too_few_batch_sizes} and {@code poorly_determined}
   *     (an interior B* whose interval reaches beyond the swept batch sizes; not used by the B* law)
   * @param bStar B* in tokens, only when {@code ok}
   */
  public record BatchGroup(Double params, double tokens, int batchSizes, BatchStatus status, Double bestBatchSize,
      Estimate bStar, Double lossAtOptimum, List<Double> window, List<String> warnings) {}

  /** The three laws; each {@code null} (with a warning) when the data cannot give it. */
  public record Laws(PowerLawFit etaStar, PowerLawFit bStar, PowerLawFit sensitivity) {}

  /** Measured, our law's and the published law's optimum at one point of the data. */
  public record ComparedPoint(Double params, Double batchSize, double tokens, double compute, Double measured,
      Double law, double published) {}

  /**
   * A published law beside ours over the data's range.
   *
   * @param units what B and C mean here
   */
  public record Comparison(String law, String source, String etaFormula, String batchFormula, String units,
      List<ComparedPoint> etaStar, List<ComparedPoint> bStar) {}

  public record Result(List<LrGroup> groups, List<BatchGroup> batchOptima, Laws laws, Comparison comparison,
      List<String> warnings) {}

  private record Key(double params, double batchSize, double tokens) {}

  /** One run at one budget; {@code run} is its index in the dataset, its cluster in the bootstrap. */
  private record Obs(int run, double lr, double loss, boolean diverged) {}

  private static final Comparator<Key> ORDER = Comparator.<Key>comparingDouble(k -> k.params)
      .thenComparingDouble(k -> k.batchSize).thenComparingDouble(k -> k.tokens);

  /** Runs the analysis; throws when no group can give an optimum, saying why. */
  public static Result analyse(Dataset dataset, Options options) throws AnalysisException {
    List<String> warnings = new ArrayList<>();
    List<Fitted> fitted = fitted(dataset, options.divergedAbove(), options.halfWidth());
    List<LrGroup> lrGroups = fitted.stream().map(Fitted::group).toList();
    checkSomeOptimum(lrGroups);
    List<BatchGroup> batchGroups = batchGroups(lrGroups, options.halfWidth());
    if (options.over() != Axis.TOKENS && lrGroups.stream().anyMatch(g -> g.params() == null)) {
      throw new AnalysisException("--over " + options.over().label() + " needs model sizes, and some runs have no "
          + "'params' value; name the column with --column params=YOURS");
    }
    Laws laws = laws(fitted, batchGroups, dataset.runs().size(), options);
    Comparison comparison = options.compare() == null ? null : compare(options.compare(), lrGroups, batchGroups, laws, options.over());
    return new Result(lrGroups, batchGroups, laws, comparison, warnings);
  }

  /** The learning-rate optimum of every (N, B, T) group, ordered by N, B, T; no laws. */
  public static List<LrGroup> lrGroups(Dataset dataset, Double divergedAbove, int halfWidth) {
    return fitted(dataset, divergedAbove, halfWidth).stream().map(Fitted::group).toList();
  }

  /** One run at one budget of a group: its learning rate and loss (NaN when it diverged, or had by then). */
  public record SweepPoint(double lr, double loss, boolean diverged) {}

  /**
   * The runs of every (N, B, T) group as the analysis groups them, in the order of {@link #lrGroups}:
   * the points a figure draws under each group's parabola.
   */
  public static List<List<SweepPoint>> points(Dataset dataset, Double divergedAbove) {
    List<List<SweepPoint>> out = new ArrayList<>();
    for (Map<String, Obs> members : group(dataset, divergedAbove).values()) {
      out.add(members.values().stream().map(o -> new SweepPoint(o.lr, o.diverged ? Double.NaN : o.loss, o.diverged)).toList());
    }
    return out;
  }

  /** A group with the resampler of its parabola window; the resampler is {@code null} unless the status is {@code ok}. */
  record Fitted(LrGroup group, WindowResampler resampler) {}

  /** As {@link #lrGroups}, each group with its resampler. */
  static List<Fitted> fitted(Dataset dataset, Double divergedAbove, int halfWidth) {
    List<Fitted> out = new ArrayList<>();
    for (Map.Entry<Key, Map<String, Obs>> e : group(dataset, divergedAbove).entrySet()) {
      out.add(lrGroup(e.getKey(), e.getValue().values(), halfWidth));
    }
    return out;
  }

  /** T to 3 significant digits, so that checkpoints logged at 1.0001e9 and 1e9 share a budget. */
  static double budget(double tokens) {
    return new BigDecimal(tokens).round(new MathContext(3)).doubleValue();
  }

  private static Map<Key, Map<String, Obs>> group(Dataset dataset, Double divergedAbove) {
    Map<Key, Map<String, Obs>> groups = new TreeMap<>(ORDER);
    // Runs whose log ends diverged: (run, its (N, B), the budget where the final streak began).
    record Ended(int index, String run, double params, double batchSize, double lr, double from) {}
    List<Ended> ended = new ArrayList<>();
    for (int r = 0; r < dataset.runs().size(); r++) {
      Run run = dataset.runs().get(r);
      Checkpoints c = run.checkpoints();
      double streak = Double.NaN;
      for (int i = 0; i < c.size(); i++) {
        double loss = c.loss(i);
        boolean diverged = !Double.isFinite(loss) || (divergedAbove != null && loss > divergedAbove);
        Key key = new Key(run.params(), run.batchSize(), budget(c.tokens(i)));
        groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(run.id(), new Obs(r, run.lr(), loss, diverged));
        streak = diverged ? (Double.isNaN(streak) ? key.tokens : streak) : Double.NaN;
      }
      if (!Double.isNaN(streak)) {
        ended.add(new Ended(r, run.id(), run.params(), run.batchSize(), run.lr(), streak));
      }
    }
    for (Ended e : ended) {
      for (Map.Entry<Key, Map<String, Obs>> g : groups.entrySet()) {
        Key k = g.getKey();
        if (Double.compare(k.params, e.params) == 0 && k.batchSize == e.batchSize && k.tokens > e.from) {
          g.getValue().putIfAbsent(e.run, new Obs(e.index, e.lr, Double.NaN, true));
        }
      }
    }
    return groups;
  }

  private static Fitted lrGroup(Key key, java.util.Collection<Obs> members, int halfWidth) {
    int n = 0;
    int diverged = 0;
    double lowestDiverged = Double.POSITIVE_INFINITY;
    double lrMin = Double.POSITIVE_INFINITY;
    double lrMax = Double.NEGATIVE_INFINITY;
    for (Obs o : members) {
      lrMin = Math.min(lrMin, o.lr);
      lrMax = Math.max(lrMax, o.lr);
      if (o.diverged) {
        diverged++;
        lowestDiverged = Math.min(lowestDiverged, o.lr);
      } else {
        n++;
      }
    }
    double[] x = new double[n];
    double[] y = new double[n];
    int[] runs = new int[n];
    int i = 0;
    for (Obs o : members) {
      if (!o.diverged) {
        x[i] = Math.log(o.lr);
        runs[i] = o.run;
        y[i++] = o.loss;
      }
    }
    Optimum opt = Optimum.find(x, y, halfWidth);
    List<String> warnings = new ArrayList<>();
    String lr = "learning rate";
    Double lowest = Summary.finite(lowestDiverged);
    LrStatus status;
    switch (opt.status()) {
      case NONE -> {
        status = LrStatus.ALL_DIVERGED;
        warnings.add("every run diverged (" + members.size() + " runs, eta " + fmt(lrMin) + " to " + fmt(lrMax)
            + "): eta* is below " + fmt(lrMin) + "; sweep lower learning rates");
      }
      case TOO_FEW -> {
        status = LrStatus.TOO_FEW_LRS;
        warnings.add("only " + opt.distinct() + " " + lr + (opt.distinct() == 1 ? "" : "s")
            + " with a usable loss: a parabola in log eta needs at least 3");
      }
      case NOT_CONVEX -> {
        status = LrStatus.NOT_CONVEX;
        warnings.add("the loss is not convex in log eta around its lowest point (eta " + fmt(Math.exp(opt.windowLow()))
            + " to " + fmt(Math.exp(opt.windowHigh())) + "): no eta*");
      }
      case EDGE_LOW -> {
        status = LrStatus.EDGE_LOW;
        warnings.add("the lowest loss is at the smallest " + lr + " swept (" + fmt(Math.exp(opt.rangeLow()))
            + "): eta* is at or below it; sweep lower");
      }
      case EDGE_HIGH -> {
        status = LrStatus.EDGE_HIGH;
        warnings.add("the lowest loss is at the largest stable " + lr + " (" + fmt(Math.exp(opt.rangeHigh())) + ")"
            + (lowest != null ? ", the runs above diverged" : "") + ": eta* is at or above it; sweep higher");
      }
      default -> status = LrStatus.OK;
    }
    Estimate eta = null;
    Estimate sensitivity = null;
    WindowResampler resampler = null;
    Double lossAtOptimum = Summary.finite(opt.bestLoss());
    if (opt.status() == Optimum.Status.OK) {
      Parabola p = opt.fit();
      eta = new Estimate(Math.exp(p.vertex()), p.hasIntervals()
          ? Intervals.of(Math.exp(p.vertexLow()), Math.exp(p.vertexHigh())) : null);
      sensitivity = new Estimate(p.curvature(), p.hasIntervals()
          ? Intervals.of(p.curvatureLow(), p.curvatureHigh()) : null);
      lossAtOptimum = p.minimum();
      resampler = resampler(x, y, runs, opt);
      if (!p.hasIntervals()) {
        warnings.add("the parabola goes exactly through its " + p.points() + " points: no interval");
      }
      if (lowest != null && eta.value() >= lowest) {
        warnings.add("eta* " + fmt(eta.value()) + " is at or above a learning rate that diverged (" + fmt(lowest) + ")");
      }
    }
    List<Double> window = opt.fit() == null ? null : List.of(swept(members, opt.windowLow()), swept(members, opt.windowHigh()));
    LrGroup group = new LrGroup(Summary.finite(key.params), key.batchSize, key.tokens, members.size(), diverged,
        List.of(lrMin, lrMax), lowest, status, opt.distinct() == 0 ? null : swept(members, opt.best()), eta, sensitivity,
        lossAtOptimum, window, warnings);
    return new Fitted(group, resampler);
  }

  /** The resampler of the points {@link Optimum#find} fitted its parabola to: those inside its window. */
  static WindowResampler resampler(double[] x, double[] y, int[] runs, Optimum opt) {
    int m = 0;
    for (double v : x) {
      m += v >= opt.windowLow() && v <= opt.windowHigh() ? 1 : 0;
    }
    double[] wx = new double[m];
    double[] wy = new double[m];
    int[] wr = new int[m];
    m = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] >= opt.windowLow() && x[i] <= opt.windowHigh()) {
        wx[m] = x[i];
        wr[m] = runs[i];
        wy[m++] = y[i];
      }
    }
    return WindowResampler.of(wx, wy, wr);
  }

  /** The swept learning rate whose log is {@code x}, as logged (exp(log(eta)) may differ in the last bit). */
  private static double swept(java.util.Collection<Obs> members, double x) {
    for (Obs o : members) {
      if (Math.log(o.lr) == x) {
        return o.lr;
      }
    }
    return Math.exp(x);
  }

  private static void checkSomeOptimum(List<LrGroup> groups) throws AnalysisException {
    if (groups.stream().anyMatch(g -> g.status() == LrStatus.OK)) {
      return;
    }
    int most = 0;
    for (LrGroup g : groups) {
      most = Math.max(most, g.runs() - g.diverged());
    }
    long allDiverged = groups.stream().filter(g -> g.status() == LrStatus.ALL_DIVERGED).count();
    if (allDiverged == groups.size()) {
      throw new AnalysisException("every run diverged in every group (" + groups.size()
          + " (params, batch_size, tokens) groups): no learning rate was low enough");
    }
    if (groups.stream().allMatch(g -> g.status() == LrStatus.TOO_FEW_LRS || g.status() == LrStatus.ALL_DIVERGED)) {
      throw new AnalysisException("no (params, batch_size, tokens) group has 3 learning rates with a usable loss (at most "
          + most + "): a sweep needs at least 3 per group; check the lr column, --run-key, or the token budgets "
          + "(checkpoints are grouped by tokens to 3 significant digits)");
    }
    String first = groups.stream().flatMap(g -> g.warnings().stream()).findFirst().orElse("");
    throw new AnalysisException("no (params, batch_size, tokens) group has an interior optimum in eta (" + groups.size()
        + " groups; the first says: " + first + ")");
  }

  private static List<BatchGroup> batchGroups(List<LrGroup> groups, int halfWidth) {
    Map<List<Double>, List<LrGroup>> byBudget = new TreeMap<>((a, b) -> {
      int c = Double.compare(a.get(0), b.get(0));
      return c != 0 ? c : Double.compare(a.get(1), b.get(1));
    });
    for (LrGroup g : groups) {
      byBudget.computeIfAbsent(List.of(g.params() == null ? Double.NaN : g.params(), g.tokens()), k -> new ArrayList<>()).add(g);
    }
    List<BatchGroup> out = new ArrayList<>();
    for (Map.Entry<List<Double>, List<LrGroup>> e : byBudget.entrySet()) {
      List<LrGroup> ok = e.getValue().stream().filter(g -> g.status() == LrStatus.OK).toList();
      Set<Double> swept = new HashSet<>();
      e.getValue().forEach(g -> swept.add(g.batchSize()));
      if (swept.size() < 2) {
        continue; // no batch-size sweep at this budget: nothing to say
      }
      double[] x = new double[ok.size()];
      double[] y = new double[ok.size()];
      for (int i = 0; i < ok.size(); i++) {
        x[i] = Math.log(ok.get(i).batchSize());
        y[i] = ok.get(i).lossAtOptimum();
      }
      Optimum opt = Optimum.find(x, y, halfWidth);
      List<String> warnings = new ArrayList<>();
      int missing = swept.size() - ok.size();
      if (missing > 0) {
        warnings.add(missing + " of " + swept.size() + " batch sizes have no interior eta* here and are left out");
      }
      BatchStatus status = switch (opt.status()) {
        case NONE, TOO_FEW -> {
          warnings.add("only " + opt.distinct() + " batch size" + (opt.distinct() == 1 ? "" : "s")
              + " with an interior eta*: a parabola in log B needs at least 3");
          yield BatchStatus.TOO_FEW_BATCH_SIZES;
        }
        case NOT_CONVEX -> {
          warnings.add("the loss at eta* is not convex in log B around its lowest point: no B*");
          yield BatchStatus.NOT_CONVEX;
        }
        case EDGE_LOW -> {
          warnings.add("the lowest loss is at the smallest batch size (" + fmt(Math.exp(opt.rangeLow()))
              + " tokens): B* is at or below it");
          yield BatchStatus.EDGE_LOW;
        }
        case EDGE_HIGH -> {
          warnings.add("the lowest loss is at the largest batch size (" + fmt(Math.exp(opt.rangeHigh()))
              + " tokens): B* is at or above it");
          yield BatchStatus.EDGE_HIGH;
        }
        case OK -> BatchStatus.OK;
      };
      Estimate bStar = null;
      Double loss = Summary.finite(opt.bestLoss());
      if (opt.status() == Optimum.Status.OK) {
        Parabola p = opt.fit();
        bStar = new Estimate(Math.exp(p.vertex()), p.hasIntervals()
            ? Intervals.of(Math.exp(p.vertexLow()), Math.exp(p.vertexHigh())) : null);
        loss = p.minimum();
      }
      if (bStar != null && (bStar.ci95() == null
          || bStar.ci95().get(0) < Math.exp(opt.rangeLow()) || bStar.ci95().get(1) > Math.exp(opt.rangeHigh()))) {
        // An optimum whose interval leaves the sweep is not bracketed by it: like an edge optimum, it is
        // reported but kept out of the B* law, which would otherwise look confident about noise.
        warnings.add("B* is poorly determined (its interval reaches beyond the batch sizes swept): the loss is nearly "
            + "flat in B here; left out of the B* law");
        status = BatchStatus.POORLY_DETERMINED;
      }
      List<Double> window = opt.fit() == null ? null : List.of(batch(ok, opt.windowLow()), batch(ok, opt.windowHigh()));
      double params = e.getKey().get(0);
      BatchGroup group = new BatchGroup(Summary.finite(params), e.getKey().get(1), ok.size(), status,
          ok.isEmpty() ? null : batch(ok, opt.best()), bStar, loss, window, warnings);
      out.add(group);
    }
    return out;
  }

  private static double batch(List<LrGroup> groups, double x) {
    for (LrGroup g : groups) {
      if (Math.log(g.batchSize()) == x) {
        return g.batchSize();
      }
    }
    return Math.exp(x);
  }

  /**
   * The laws, lines in log-log: eta* by weighted least squares ({@link LawWeights}), s and B* unweighted.
   */
  /** A law whose exponent's 95% interval includes 0 says nothing about the scaling: say so with it. */
  private static PowerLawFit unresolved(PowerLawFit law) {
    if (law == null) {
      return null;
    }
    List<String> warnings = new ArrayList<>(law.warnings());
    law.parameters().forEach((name, p) -> {
      boolean exponent = !name.equals("c") && !name.equals("k") && !name.equals("s0");
      if (exponent && p.ci95() != null && p.ci95().get(0) <= 0 && p.ci95().get(1) >= 0) {
        warnings.add("the 95% interval of exponent " + name + " includes 0: these data do not resolve this scaling");
      }
    });
    return new PowerLawFit(law.formula(), law.over(), law.parameters(), law.points(), law.r2(), law.rmseLog(), law.interval(), warnings,
        law.draws());
  }

  private static Laws laws(List<Fitted> groups, List<BatchGroup> batches, int runCount, Options o) {
    Axis over = o.over();
    String X = over.symbol();
    // An ok group's parabola is convex (Optimum), so the eta* and sensitivity laws share their groups.
    List<Fitted> okFitted = groups.stream().filter(g -> g.group().status() == LrStatus.OK).toList();
    List<LrGroup> ok = okFitted.stream().map(Fitted::group).toList();
    WindowResampler[] windows = okFitted.stream().map(Fitted::resampler).toArray(WindowResampler[]::new);

    // eta* = c X^p B^q: a plane in (log X, log B); q only when more than one batch size is in it.
    List<String> etaWarnings = new ArrayList<>();
    boolean withB = ok.stream().map(LrGroup::batchSize).distinct().count() > 1;
    if (!withB) {
      etaWarnings.add("one batch size: q is not fitted");
    }
    int n = ok.size();
    double[][] etaX = new double[n][];
    double[] etaY = new double[n];
    double[][] sX = new double[n][];
    double[] sY = new double[n];
    double[] curvature = new double[n];
    for (int i = 0; i < n; i++) {
      LrGroup g = ok.get(i);
      double x = Math.log(over.of(nan(g.params()), g.tokens()));
      etaX[i] = withB ? new double[] {x, Math.log(g.batchSize())} : new double[] {x};
      etaY[i] = Math.log(g.etaStar().value());
      sX[i] = new double[] {x};
      curvature[i] = g.sensitivity().value();
      sY[i] = Math.log(curvature[i]);
    }
    // WLS, not OLS: eta* is noisier where the loss is flatter (large T); weights from a smooth variance model, never a group's own noise (LawWeights).
    double[] weights = LawWeights.etaStar(etaX, windows, etaY, curvature);
    // Each resample refits every group's parabola to its resampled window (WindowResampler, one sign per
    // run), takes the new vertices and recomputes the weights from them: the law's interval then carries
    // each optimum's own uncertainty, their correlation through shared runs, and the weighting's.
    LawBootstrap.Resampler etaResampler = r -> {
      double[] signs = WindowResampler.signs(Resampling.generator(o.seed(), r), runCount);
      double[] vertex = new double[n];
      double[] a = new double[n];
      for (int i = 0; i < n; i++) {
        a[i] = windows[i].curvature(signs);
        vertex[i] = a[i] > 0 ? windows[i].vertex(signs, a[i]) : Double.NaN; // no minimum here: the group drops out
      }
      return new LawBootstrap.Sample(etaX, vertex, weights == null ? null : LawWeights.etaStar(etaX, windows, vertex, a));
    };
    PowerLawFit eta = law(withB ? "eta* = c " + X + "^p B^q" : "eta* = c " + X + "^p", over,
        new PowerLawFit.Names("c", withB ? List.of("p", "q") : List.of("p"), withB ? List.of(false, false) : List.of(false)),
        etaX, etaY, weights, o, etaResampler, etaWarnings);

    List<BatchGroup> bOk = batches.stream().filter(b -> b.status() == BatchStatus.OK).toList();
    double[][] bX = new double[bOk.size()][];
    double[] bY = new double[bOk.size()];
    for (int i = 0; i < bOk.size(); i++) {
      bX[i] = new double[] {Math.log(over.of(nan(bOk.get(i).params()), bOk.get(i).tokens()))};
      bY[i] = Math.log(bOk.get(i).bStar().value());
    }
    // B*'s law resamples its residuals: too narrow when budgets share runs (README), but redrawing the
    // windows as for eta* left r's standard error at 60-80% of its spread on simulated sweeps.
    PowerLawFit bStar = law("B* = k " + X + "^r", over, new PowerLawFit.Names("k", List.of("r"), List.of(false)), bX, bY,
        null, o, null, new ArrayList<>());

    LawBootstrap.Resampler sResampler = r -> {
      double[] signs = WindowResampler.signs(Resampling.generator(o.seed(), r), runCount);
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double a = windows[i].curvature(signs);
        y[i] = a > 0 ? Math.log(a) : Double.NaN;
      }
      return new LawBootstrap.Sample(sX, y);
    };
    PowerLawFit sens = law("s = s0 " + X + "^-u", over, new PowerLawFit.Names("s0", List.of("u"), List.of(true)), sX, sY,
        null, o, sResampler, new ArrayList<>());
    return new Laws(unresolved(eta), unresolved(bStar), unresolved(sens));
  }

  private static PowerLawFit law(String formula, Axis over, PowerLawFit.Names names, double[][] x, double[] y, double[] w, Options o,
      LawBootstrap.Resampler resampler, List<String> warnings) {
    long distinct = java.util.Arrays.stream(x).mapToDouble(r -> r[0]).distinct().count();
    if (y.length == 0 || distinct < 2) {
      return null;
    }
    return LawBootstrap.fit(formula, over.label(), names, x, y, w, o.bootstrap(), resampler, warnings);
  }

  /** Why a law is absent, for the document's warnings. */
  public static List<String> missingLaws(Result r, Axis over) {
    List<String> out = new ArrayList<>();
    if (r.laws().etaStar() == null) {
      out.add("no eta* law: the groups with an interior optimum do not span two values of " + over.label());
    }
    if (r.laws().bStar() == null) {
      long ok = r.batchOptima().stream().filter(b -> b.status() == BatchStatus.OK).count();
      out.add("no B* law: " + (ok == 0 ? "no (params, tokens) has an interior optimal batch size"
          : "the interior optimal batch sizes do not span two values of " + over.label()));
    }
    if (r.laws().sensitivity() == null) {
      out.add("no sensitivity law: the groups with an interior optimum do not span two values of " + over.label());
    }
    return out;
  }

  private static Comparison compare(PublishedLaw law, List<LrGroup> groups, List<BatchGroup> batches, Laws laws, Axis over)
      throws AnalysisException {
    List<ComparedPoint> eta = new ArrayList<>();
    for (LrGroup g : groups) {
      if (g.params() == null) {
        throw new AnalysisException("--compare " + law.label() + " needs model sizes: name the column with --column params=YOURS");
      }
      if (g.status() != LrStatus.OK) {
        continue;
      }
      Double ours = null;
      if (laws.etaStar() != null) {
        PowerLawFit l = laws.etaStar();
        double v = l.value("c") * Math.pow(over.of(g.params(), g.tokens()), l.value("p"));
        if (l.parameters().containsKey("q")) {
          v *= Math.pow(g.batchSize(), l.value("q"));
        }
        ours = v;
      }
      eta.add(new ComparedPoint(g.params(), g.batchSize(), g.tokens(), 6 * g.params() * g.tokens(), g.etaStar().value(),
          ours, law.etaStar(g.params(), g.tokens())));
    }
    List<ComparedPoint> b = new ArrayList<>();
    for (BatchGroup g : batches) {
      if (g.status() != BatchStatus.OK || g.params() == null) {
        continue;
      }
      Double ours = laws.bStar() == null ? null
          : laws.bStar().value("k") * Math.pow(over.of(g.params(), g.tokens()), laws.bStar().value("r"));
      b.add(new ComparedPoint(g.params(), null, g.tokens(), 6 * g.params() * g.tokens(), g.bStar().value(), ours,
          law.batchStar(g.params(), g.tokens())));
    }
    return new Comparison(law.label(), law.source(), law.etaFormula(), law.batchFormula(),
        "B in tokens per step; C = 6 N T FLOPs; published values at each point's N and T", eta, b);
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }

  /** A value for a message: 3 significant digits, exponent form outside [1e-3, 1e5). */
  static String fmt(double v) {
    if (!Double.isFinite(v) || v == 0) {
      return Numbers.format(v);
    }
    BigDecimal r = new BigDecimal(v).round(new MathContext(3));
    double abs = Math.abs(v);
    if (abs >= 1e-3 && abs < 1e5) {
      return r.stripTrailingZeros().toPlainString();
    }
    int exponent = r.precision() - r.scale() - 1;
    return r.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
  }
}
