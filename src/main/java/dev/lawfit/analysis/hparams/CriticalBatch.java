package dev.lawfit.analysis.hparams;

import dev.lawfit.analysis.hparams.HparamsAnalysis.Estimate;
import dev.lawfit.analysis.hparams.HparamsAnalysis.LrGroup;
import dev.lawfit.data.Dataset;
import dev.lawfit.fit.Progress;
import dev.lawfit.stats.Intervals;
import dev.lawfit.stats.LinearFit;
import dev.lawfit.stats.PowerLawFit;
import dev.lawfit.stats.Resampling;
import dev.lawfit.stats.Summary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The critical batch size from the steps/data trade-off (McCandlish et al. 2018, arXiv 1812.06162):
 * to reach a loss, {@code E = E_min (1 + B / B_crit)} tokens, equivalently {@code S = S_min (1 +
 * B_crit / B)} steps, with {@code B_crit = E_min / S_min}; then the law {@code B_crit = k
 * E_min^gamma}.
 *
 * <p>The trade-off is fitted as a line in B, {@code E = E_min + (E_min / B_crit) B}, by least
 * squares weighted by {@code 1/E^2} (relative errors): the same fit as the line in 1/B of S with
 * weights {@code 1/S^2}, so it does not matter whether a table gives steps or tokens. Intervals are
 * Student t with n - 2 degrees of freedom (delta method in log for B_crit).
 */
public final class CriticalBatch {
  private CriticalBatch() {}

  /**
   * The group of a sweep without model sizes, or of a table without a group column: all the data.
   */
  public static final String ALL = "all";

  /** Tokens (and steps) one batch size needs to reach a target. */
  public record Point(double batchSize, double tokens, double steps) {}

  /**
   * The trade-off at one target.
   *
   * @param group what the target belongs to: a model size or a table's group value
   * @param params N when known
   * @param targetLoss the loss to reach, when known
   * @param points each batch size's tokens to the target
   * @param status {@code ok}, {@code too_few_batch_sizes}, {@code no_tradeoff} (E does not grow
   *     with B), {@code no_fit}
   * @param eMin E_min in tokens, with a 95% interval
   * @param bCrit B_crit in tokens, with a 95% interval
   * @param sMin S_min = E_min / B_crit, in steps
   * @param bCritLogStderr the standard error of ln B_crit (delta method): what weighs this target
   *     in the law
   */
  public record Target(
      String group,
      Double params,
      Double targetLoss,
      List<Point> points,
      Status status,
      Estimate eMin,
      Estimate bCrit,
      Double sMin,
      Double bCritLogStderr,
      List<String> warnings) {}

  /** What one target's trade-off gives; {@link #label()} is the name documents use. */
  public enum Status {
    /** B_crit and E_min with intervals. */
    OK,
    /** Fewer than 3 batch sizes reach the target. */
    TOO_FEW_BATCH_SIZES,
    /** E does not grow with B: B_crit is above the batch sizes here. */
    NO_TRADEOFF,
    /** The line cannot be fitted, or its E_min is not positive. */
    NO_FIT;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public record Result(List<Target> targets, PowerLawFit law, List<String> warnings) {}

  /**
   * The trade-off's line in B, normalised by the points' geometric means; {@code null} when
   * singular.
   */
  private record Line(LinearFit fit, double bScale, double eScale) {
    double eMin() {
      return fit.beta()[0] * eScale;
    }

    double bCrit() {
      return fit.beta()[0] / fit.beta()[1] * bScale; // B_crit = E_min / slope
    }
  }

  private static Line line(List<Point> points) {
    int n = points.size();
    // Normalised by geometric means so that the weighted design is well conditioned.
    double gb = 0;
    double ge = 0;
    for (Point p : points) {
      gb += Math.log(p.batchSize()) / n;
      ge += Math.log(p.tokens()) / n;
    }
    double bScale = Math.exp(gb);
    double eScale = Math.exp(ge);
    double[][] x = new double[n][1];
    double[] y = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      x[i][0] = points.get(i).batchSize() / bScale;
      y[i] = points.get(i).tokens() / eScale;
      w[i] = 1 / (y[i] * y[i]);
    }
    LinearFit f =
        LinearFit.of(
            x, y, w); // E = E_min + (E_min / B_crit) B (McCandlish et al. 2018, arXiv 1812.06162)
    return f == null ? null : new Line(f, bScale, eScale);
  }

  /**
   * The trade-off fitted to tokens-to-target per batch size; {@code null} fields when it cannot be.
   */
  static Target tradeoff(
      String group, Double params, Double loss, List<Point> points, List<String> warnings) {
    int n = points.size();
    if (n < 3) {
      warnings.add(
          "only "
              + n
              + " batch size"
              + (n == 1 ? "" : "s")
              + " reach this target: E = E_min (1 + B/B_crit) needs at least 3");
      return new Target(
          group,
          params,
          loss,
          points,
          Status.TOO_FEW_BATCH_SIZES,
          null,
          null,
          null,
          null,
          warnings);
    }
    Line line = line(points);
    if (line == null) {
      warnings.add("the batch sizes reaching this target are too few or too alike to fit");
      return new Target(
          group, params, loss, points, Status.NO_FIT, null, null, null, null, warnings);
    }
    LinearFit f = line.fit();
    double bScale = line.bScale();
    double eScale = line.eScale();
    double a = f.beta()[0];
    double b = f.beta()[1];
    if (!(a > 0)) {
      warnings.add(
          "the fitted E_min is not positive: the tokens to target do not follow E = E_min (1 + B/B_crit)");
      return new Target(
          group, params, loss, points, Status.NO_FIT, null, null, null, null, warnings);
    }
    if (!(b > 0)) {
      warnings.add(
          "the tokens to target do not grow with B: B_crit is above the largest batch size here ("
              + HparamsAnalysis.fmt(
                  points.stream().mapToDouble(Point::batchSize).max().orElse(Double.NaN))
              + " tokens)");
      return new Target(
          group,
          params,
          loss,
          points,
          Status.NO_TRADEOFF,
          Estimate.bare(a * eScale),
          null,
          null,
          null,
          warnings);
    }
    double eMin = a * eScale;
    double bCrit = a / b * bScale; // B_crit = E_min / slope
    List<Double> eCi = null;
    List<Double> bCi = null;
    Double eSe = null;
    Double bSe = null;
    Double logSe = null;
    if (f.covariance() != null && f.df() > 0) {
      double t = Intervals.t975(f.df());
      double[][] c = f.covariance();
      eCi =
          Intervals.of(
              (a - t * Math.sqrt(c[0][0])) * eScale, (a + t * Math.sqrt(c[0][0])) * eScale);
      eSe = Summary.finite(Math.sqrt(c[0][0]) * eScale);
      double varLog =
          c[0][0] / (a * a) + c[1][1] / (b * b) - 2 * c[0][1] / (a * b); // ln B_crit = ln a - ln b
      double se = Math.sqrt(Math.max(varLog, 0));
      logSe = Summary.finite(se);
      bCi = Intervals.of(bCrit * Math.exp(-t * se), bCrit * Math.exp(t * se));
      bSe = Summary.finite(bCrit * se); // delta method: se(B_crit) = B_crit se(ln B_crit)
    } else {
      warnings.add("the line goes exactly through its points: no interval");
    }
    return new Target(
        group,
        params,
        loss,
        points,
        Status.OK,
        new Estimate(eMin, eSe, eCi),
        new Estimate(bCrit, bSe, bCi),
        eMin / bCrit,
        logSe,
        warnings);
  }

  /**
   * The law B_crit = k E_min^gamma over the targets with a B_crit, by unweighted least squares in
   * log-log. (Weights 1/se^2 of ln B_crit were tried on simulated sweeps: they pulled gamma from
   * the planted 0.9 to 0.86 on average, towards the few precise high-loss targets.) {@code null}
   * when the targets span one E_min.
   */
  static PowerLawFit law(
      List<Target> targets,
      LawBootstrap.Settings bootstrap,
      LawBootstrap.Resampler resampler,
      List<String> warnings) {
    List<Target> ok = targets.stream().filter(t -> t.bCrit() != null).toList();
    if (ok.stream().mapToDouble(t -> t.eMin().value()).distinct().count() < 2) {
      warnings.add("no law B_crit = k E_min^gamma: fewer than 2 targets have a B_crit");
      return null;
    }
    double[][] x = new double[ok.size()][];
    double[] y = new double[ok.size()];
    for (int i = 0; i < ok.size(); i++) {
      x[i] = new double[] {Math.log(ok.get(i).eMin().value())};
      y[i] = Math.log(ok.get(i).bCrit().value());
    }
    return LawBootstrap.fit(
        "B_crit = k E_min^gamma",
        "e_min",
        PowerLawFit.Names.of("k", "gamma"),
        x,
        y,
        null,
        bootstrap,
        resampler,
        new ArrayList<>());
  }

  /**
   * From a steps-to-target table: one target per group (e.g. per model size).
   *
   * @param groups each row's group
   * @param targetLoss each row's target loss, or {@code null} when the table has none
   * @param batchSize B in tokens
   * @param tokens tokens to the target, E = S B
   */
  public static Result fromTable(
      String[] groups,
      double[] targetLoss,
      double[] batchSize,
      double[] tokens,
      int resamples,
      long seed)
      throws AnalysisException {
    return fromTable(groups, targetLoss, batchSize, tokens, resamples, seed, 1, Progress.NONE);
  }

  /**
   * As {@link #fromTable(String[], double[], double[], double[], int, long)}, the bootstrap on
   * {@code threads} threads, telling {@code progress} of each resample.
   */
  public static Result fromTable(
      String[] groups,
      double[] targetLoss,
      double[] batchSize,
      double[] tokens,
      int resamples,
      long seed,
      int threads,
      Progress progress)
      throws AnalysisException {
    Map<String, List<Integer>> rows = new LinkedHashMap<>();
    for (int i = 0; i < groups.length; i++) {
      rows.computeIfAbsent(groups[i], k -> new ArrayList<>()).add(i);
    }
    List<Target> targets = new ArrayList<>();
    for (Map.Entry<String, List<Integer>> e : rows.entrySet()) {
      List<Point> points = new ArrayList<>();
      Double loss = null;
      for (int i : e.getValue()) {
        points.add(new Point(batchSize[i], tokens[i], tokens[i] / batchSize[i]));
        loss = targetLoss == null ? null : targetLoss[i];
      }
      points.sort(java.util.Comparator.comparingDouble(Point::batchSize));
      targets.add(tradeoff(e.getKey(), null, loss, points, new ArrayList<>()));
    }
    if (targets.stream().noneMatch(t -> t.status() == Status.OK)) {
      throw new AnalysisException(
          "no group gives a critical batch size (the first says: "
              + targets.get(0).warnings().get(0)
              + ")");
    }
    List<String> warnings = new ArrayList<>();
    PowerLawFit law =
        law(targets, new LawBootstrap.Settings(resamples, seed, threads, progress), null, warnings);
    return new Result(targets, law, warnings);
  }

  /**
   * From a batch-size sweep: per model size, each batch size's best loss at every budget (the
   * parabola's minimum in log eta where the group has an interior optimum, else the lowest loss
   * seen), and the tokens it needs to reach each target, interpolated linearly in log T between the
   * budgets around the first one at or below the target.
   *
   * @param targets target losses; empty for a grid of {@code gridSize} losses spanning what every
   *     batch size reaches
   */
  public static Result fromSweep(
      Dataset dataset,
      Double divergedAbove,
      int halfWidth,
      List<Double> targets,
      int gridSize,
      int resamples,
      long seed)
      throws AnalysisException {
    return fromSweep(
        dataset, divergedAbove, halfWidth, targets, gridSize, resamples, seed, 1, Progress.NONE);
  }

  /**
   * As {@link #fromSweep(Dataset, Double, int, List, int, int, long)}, the bootstrap on {@code
   * threads} threads, telling {@code progress} of each resample.
   */
  public static Result fromSweep(
      Dataset dataset,
      Double divergedAbove,
      int halfWidth,
      List<Double> targets,
      int gridSize,
      int resamples,
      long seed,
      int threads,
      Progress progress)
      throws AnalysisException {
    Map<Double, Map<Double, List<double[]>>> curves = new TreeMap<>();
    Map<Double, Map<Double, List<WindowResampler>>> resamplers = new TreeMap<>();
    for (SweepGroups.Fitted f : SweepGroups.fitted(dataset, divergedAbove, halfWidth)) {
      LrGroup g = f.group();
      if (g.lossAtOptimum() == null) {
        continue; // every run diverged at this budget
      }
      double params = g.params() == null ? Double.NaN : g.params();
      curves
          .computeIfAbsent(params, k -> new TreeMap<>())
          .computeIfAbsent(g.batchSize(), k -> new ArrayList<>())
          .add(new double[] {g.tokens(), g.lossAtOptimum()});
      resamplers
          .computeIfAbsent(params, k -> new TreeMap<>())
          .computeIfAbsent(g.batchSize(), k -> new ArrayList<>())
          .add(f.resampler());
    }
    List<Target> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int most = 0;
    for (Map.Entry<Double, Map<Double, List<double[]>>> bySize : curves.entrySet()) {
      Map<Double, List<double[]>> byBatch = bySize.getValue();
      most = Math.max(most, byBatch.size());
      if (byBatch.size() < 3) {
        continue;
      }
      Double params = Summary.finite(bySize.getKey());
      String group = params == null ? ALL : HparamsAnalysis.fmt(params);
      List<Double> levels = targets;
      if (levels.isEmpty()) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        for (List<double[]> c : byBatch.values()) {
          lo = Math.max(lo, c.stream().mapToDouble(p -> p[1]).min().orElseThrow());
          hi = Math.min(hi, c.get(0)[1]);
        }
        if (!(lo < hi)) {
          warnings.add(
              "model size "
                  + group
                  + ": no loss is reached by every batch size from above; give --target");
          continue;
        }
        levels = new ArrayList<>();
        for (int i = 0; i < gridSize; i++) {
          levels.add(lo + (hi - lo) * (i + 1) / (gridSize + 1));
        }
      }
      for (double level : levels) {
        List<Point> points = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Map.Entry<Double, List<double[]>> c : byBatch.entrySet()) {
          double e = tokensTo(c.getValue(), level);
          if (Double.isNaN(e)) {
            missed.add(HparamsAnalysis.fmt(c.getKey()));
          } else {
            points.add(new Point(c.getKey(), e, e / c.getKey()));
          }
        }
        if (points.isEmpty()) {
          double best =
              byBatch.values().stream()
                  .flatMap(List::stream)
                  .mapToDouble(p -> p[1])
                  .min()
                  .orElseThrow();
          notes.add(
              "no batch size reaches loss "
                  + HparamsAnalysis.fmt(level)
                  + " from above (the lowest loss is "
                  + HparamsAnalysis.fmt(best)
                  + ")");
          out.add(
              new Target(
                  group,
                  params,
                  level,
                  points,
                  Status.TOO_FEW_BATCH_SIZES,
                  null,
                  null,
                  null,
                  null,
                  notes));
          continue;
        }
        if (!missed.isEmpty()) {
          notes.add(
              "batch sizes "
                  + String.join(", ", missed)
                  + " do not reach this loss from above within their budgets");
        }
        out.add(tradeoff(group, params, level, points, notes));
      }
    }
    if (most < 3) {
      throw new AnalysisException(
          "a batch-size sweep needs at least 3 batch sizes per model size; found at most " + most);
    }
    if (out.stream().noneMatch(t -> t.status() == Status.OK)) {
      String why = out.isEmpty() ? String.join("; ", warnings) : out.get(0).warnings().get(0);
      throw new AnalysisException("no target gives a critical batch size (" + why + ")");
    }
    List<Target> inLaw = out.stream().filter(t -> t.bCrit() != null).toList();
    int runCount = dataset.runs().size();
    LawBootstrap.Resampler resampler =
        r ->
            resample(
                curves,
                resamplers,
                inLaw,
                WindowResampler.signs(Resampling.generator(seed, r), runCount));
    PowerLawFit law =
        law(
            out,
            new LawBootstrap.Settings(resamples, seed, threads, progress),
            resampler,
            warnings);
    return new Result(out, law, warnings);
  }

  /**
   * One resample of the law's points, from the sweep itself: every budget's best loss is redrawn
   * (its parabola refitted to its resampled window with one sign per run, see {@link
   * WindowResampler}; a loss that was the lowest seen, not a vertex, stays), and every target's
   * E_min and B_crit are found again on the redrawn curves, at the same target losses. The targets
   * share their curves, so their errors are correlated, and E_min is as uncertain as B_crit;
   * resampling the points the curves are made of carries both into the law's interval, which
   * resampling the law's residuals did not (on simulated sweeps its 95% intervals covered the
   * planted gamma in 80% of seeds).
   */
  private static LawBootstrap.Sample resample(
      Map<Double, Map<Double, List<double[]>>> curves,
      Map<Double, Map<Double, List<WindowResampler>>> resamplers,
      List<Target> targets,
      double[] signs) {
    Map<Double, Map<Double, List<double[]>>> drawn = new TreeMap<>();
    for (Map.Entry<Double, Map<Double, List<double[]>>> bySize : curves.entrySet()) {
      Map<Double, List<double[]>> byBatch = new TreeMap<>();
      for (Map.Entry<Double, List<double[]>> c : bySize.getValue().entrySet()) {
        List<WindowResampler> rs = resamplers.get(bySize.getKey()).get(c.getKey());
        List<double[]> curve = new ArrayList<>(c.getValue().size());
        for (int i = 0; i < c.getValue().size(); i++) {
          double[] point = c.getValue().get(i);
          WindowResampler.Draw d = rs.get(i) == null ? null : rs.get(i).draw(signs);
          curve.add(d != null && d.curvature() > 0 ? new double[] {point[0], d.minimum()} : point);
        }
        byBatch.put(c.getKey(), curve);
      }
      drawn.put(bySize.getKey(), byBatch);
    }
    double[][] x = new double[targets.size()][];
    double[] y = new double[targets.size()];
    for (int t = 0; t < targets.size(); t++) {
      Target target = targets.get(t);
      double params = target.params() == null ? Double.NaN : target.params();
      List<Point> points = new ArrayList<>();
      for (Map.Entry<Double, List<double[]>> c : drawn.get(params).entrySet()) {
        double e = tokensTo(c.getValue(), target.targetLoss());
        if (!Double.isNaN(e)) {
          points.add(new Point(c.getKey(), e, e / c.getKey()));
        }
      }
      Line line = points.size() < 3 ? null : line(points);
      boolean ok = line != null && line.fit().beta()[0] > 0 && line.fit().beta()[1] > 0;
      x[t] = new double[] {ok ? Math.log(line.eMin()) : 0};
      y[t] =
          ok
              ? Math.log(line.bCrit())
              : Double.NaN; // no trade-off in this resample: the target drops out
    }
    return new LawBootstrap.Sample(x, y);
  }

  /**
   * Tokens at which a curve (sorted by T) first reaches {@code level}, from above; NaN when it does
   * not.
   */
  static double tokensTo(List<double[]> curve, double level) {
    if (curve.isEmpty() || curve.get(0)[1] <= level) {
      return Double.NaN;
    }
    for (int i = 1; i < curve.size(); i++) {
      double[] a = curve.get(i - 1);
      double[] b = curve.get(i);
      if (b[1] <= level) {
        double f = (a[1] - level) / (a[1] - b[1]);
        return Math.exp(Math.log(a[0]) + f * (Math.log(b[0]) - Math.log(a[0])));
      }
    }
    return Double.NaN;
  }
}
