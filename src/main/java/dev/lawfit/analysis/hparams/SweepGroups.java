package dev.lawfit.analysis.hparams;

import dev.lawfit.analysis.hparams.HparamsAnalysis.Estimate;
import dev.lawfit.analysis.hparams.HparamsAnalysis.LrGroup;
import dev.lawfit.analysis.hparams.HparamsAnalysis.LrStatus;
import dev.lawfit.analysis.hparams.HparamsAnalysis.SweepPoint;
import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Run;
import dev.lawfit.stats.Intervals;
import dev.lawfit.stats.Parabola;
import dev.lawfit.stats.Parallel;
import dev.lawfit.stats.Summary;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The learning-rate sweeps of a dataset grouped by (N, B, T), and each group's optimum in eta
 * (HparamsAnalysis's first step). A checkpoint whose loss is NaN, infinite or above a threshold is
 * a diverged run; a run whose log ends diverged counts as diverged at every later budget of its (N,
 * B).
 */
final class SweepGroups {
  private SweepGroups() {}

  private record Key(double params, double batchSize, double tokens) {}

  /**
   * One run at one budget; {@code run} is its index in the dataset, its cluster in the bootstrap.
   */
  private record Obs(int run, double lr, double loss, boolean diverged) {}

  private static final Comparator<Key> ORDER =
      Comparator.<Key>comparingDouble(k -> k.params)
          .thenComparingDouble(k -> k.batchSize)
          .thenComparingDouble(k -> k.tokens);

  /**
   * A group with the resampler of its parabola window; the resampler is {@code null} unless the
   * status is {@code ok}.
   */
  record Fitted(LrGroup group, WindowResampler resampler) {}

  /** As {@link #lrGroups}, each group with its resampler. */
  static List<Fitted> fitted(Dataset dataset, Double divergedAbove, int halfWidth) {
    return fitted(dataset, divergedAbove, halfWidth, 1);
  }

  /**
   * As {@link #fitted(Dataset, Double, int)}, the groups' parabolas fitted on {@code threads}
   * threads (each group's fit depends on its own points alone; the list keeps the groups' order).
   */
  static List<Fitted> fitted(Dataset dataset, Double divergedAbove, int halfWidth, int threads) {
    List<Map.Entry<Key, Map<String, Obs>>> groups =
        new ArrayList<>(group(dataset, divergedAbove).entrySet());
    return Parallel.map(
        threads,
        groups.size(),
        i -> lrGroup(groups.get(i).getKey(), groups.get(i).getValue().values(), halfWidth));
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
        boolean diverged =
            !Double.isFinite(loss) || (divergedAbove != null && loss > divergedAbove);
        Key key = new Key(run.params(), run.batchSize(), budget(c.tokens(i)));
        groups
            .computeIfAbsent(key, k -> new LinkedHashMap<>())
            .put(run.id(), new Obs(r, run.lr(), loss, diverged));
        streak = diverged ? (Double.isNaN(streak) ? key.tokens : streak) : Double.NaN;
      }
      if (!Double.isNaN(streak)) {
        ended.add(new Ended(r, run.id(), run.params(), run.batchSize(), run.lr(), streak));
      }
    }
    for (Ended e : ended) {
      for (Map.Entry<Key, Map<String, Obs>> g : groups.entrySet()) {
        Key k = g.getKey();
        if (Double.compare(k.params, e.params) == 0
            && k.batchSize == e.batchSize
            && k.tokens > e.from) {
          g.getValue().putIfAbsent(e.run, new Obs(e.index, e.lr, Double.NaN, true));
        }
      }
    }
    return groups;
  }

  private static Fitted lrGroup(Key key, Collection<Obs> members, int halfWidth) {
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
        warnings.add(
            "every run diverged ("
                + members.size()
                + " runs, eta "
                + HparamsAnalysis.fmt(lrMin)
                + " to "
                + HparamsAnalysis.fmt(lrMax)
                + "): eta* is below "
                + HparamsAnalysis.fmt(lrMin)
                + "; sweep lower learning rates");
      }
      case TOO_FEW -> {
        status = LrStatus.TOO_FEW_LRS;
        warnings.add(
            "only "
                + opt.distinct()
                + " "
                + lr
                + (opt.distinct() == 1 ? "" : "s")
                + " with a usable loss: a parabola in log eta needs at least 3");
      }
      case NOT_CONVEX -> {
        status = LrStatus.NOT_CONVEX;
        warnings.add(
            "the loss is not convex in log eta around its lowest point (eta "
                + HparamsAnalysis.fmt(Math.exp(opt.windowLow()))
                + " to "
                + HparamsAnalysis.fmt(Math.exp(opt.windowHigh()))
                + "): no eta*");
      }
      case EDGE_LOW -> {
        status = LrStatus.EDGE_LOW;
        warnings.add(
            "the lowest loss is at the smallest "
                + lr
                + " swept ("
                + HparamsAnalysis.fmt(Math.exp(opt.rangeLow()))
                + "): eta* is at or below it; sweep lower");
      }
      case EDGE_HIGH -> {
        status = LrStatus.EDGE_HIGH;
        warnings.add(
            "the lowest loss is at the largest stable "
                + lr
                + " ("
                + HparamsAnalysis.fmt(Math.exp(opt.rangeHigh()))
                + ")"
                + (lowest != null ? ", the runs above diverged" : "")
                + ": eta* is at or above it; sweep higher");
      }
      default -> status = LrStatus.OK;
    }
    Estimate eta = null;
    Estimate sensitivity = null;
    WindowResampler resampler = null;
    Double lossAtOptimum = Summary.finite(opt.bestLoss());
    if (opt.status() == Optimum.Status.OK) {
      Parabola p = opt.fit();
      eta = Estimate.ofLog(p.vertex(), p.vertexStderr(), p.vertexLow(), p.vertexHigh());
      sensitivity =
          p.hasIntervals()
              ? new Estimate(
                  p.curvature(),
                  Summary.finite(p.curvatureStderr()),
                  Intervals.of(p.curvatureLow(), p.curvatureHigh()))
              : Estimate.bare(p.curvature());
      lossAtOptimum = p.minimum();
      resampler = resampler(x, y, runs, opt);
      if (!p.hasIntervals()) {
        warnings.add(
            "the parabola goes exactly through its " + p.points() + " points: no interval");
      }
      if (lowest != null && eta.value() >= lowest) {
        warnings.add(
            "eta* "
                + HparamsAnalysis.fmt(eta.value())
                + " is at or above a learning rate that diverged ("
                + HparamsAnalysis.fmt(lowest)
                + ")");
      }
    }
    List<Double> window =
        opt.fit() == null
            ? null
            : List.of(swept(members, opt.windowLow()), swept(members, opt.windowHigh()));
    LrGroup group =
        new LrGroup(
            Summary.finite(key.params),
            key.batchSize,
            key.tokens,
            members.size(),
            diverged,
            List.of(lrMin, lrMax),
            lowest,
            status,
            opt.distinct() == 0 ? null : swept(members, opt.best()),
            eta,
            sensitivity,
            lossAtOptimum,
            window,
            warnings);
    return new Fitted(group, resampler);
  }

  /**
   * The resampler of the points {@link Optimum#find} fitted its parabola to: those inside its
   * window.
   */
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

  /**
   * The swept learning rate whose log is {@code x}, as logged (exp(log(eta)) may differ in the last
   * bit).
   */
  private static double swept(Collection<Obs> members, double x) {
    for (Obs o : members) {
      if (Math.log(o.lr) == x) {
        return o.lr;
      }
    }
    return Math.exp(x);
  }

  static void checkSomeOptimum(List<LrGroup> groups) throws AnalysisException {
    if (groups.stream().anyMatch(g -> g.status() == LrStatus.OK)) {
      return;
    }
    int most = 0;
    for (LrGroup g : groups) {
      most = Math.max(most, g.runs() - g.diverged());
    }
    long allDiverged = groups.stream().filter(g -> g.status() == LrStatus.ALL_DIVERGED).count();
    if (allDiverged == groups.size()) {
      throw new AnalysisException(
          "every run diverged in every group ("
              + groups.size()
              + " (params, batch_size, tokens) groups): no learning rate was low enough");
    }
    if (groups.stream()
        .allMatch(g -> g.status() == LrStatus.TOO_FEW_LRS || g.status() == LrStatus.ALL_DIVERGED)) {
      throw new AnalysisException(
          "no (params, batch_size, tokens) group has 3 learning rates with a usable loss (at most "
              + most
              + "): a sweep needs at least 3 per group; check the lr column, --run-key, or the token budgets "
              + "(checkpoints are grouped by tokens to 3 significant digits)");
    }
    String first = groups.stream().flatMap(g -> g.warnings().stream()).findFirst().orElse("");
    throw new AnalysisException(
        "no (params, batch_size, tokens) group has an interior optimum in eta ("
            + groups.size()
            + " groups; the first says: "
            + first
            + ")");
  }

  /**
   * The runs of every group, in the order of {@link #fitted}: the points a figure draws under each
   * parabola.
   */
  static List<List<SweepPoint>> points(Dataset dataset, Double divergedAbove) {
    List<List<SweepPoint>> out = new ArrayList<>();
    for (Map<String, Obs> members : group(dataset, divergedAbove).values()) {
      out.add(
          members.values().stream()
              .map(o -> new SweepPoint(o.lr, o.diverged ? Double.NaN : o.loss, o.diverged))
              .toList());
    }
    return out;
  }
}
