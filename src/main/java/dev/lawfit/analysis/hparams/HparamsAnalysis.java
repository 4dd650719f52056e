package dev.lawfit.analysis.hparams;

import dev.lawfit.data.Dataset;
import dev.lawfit.data.Numbers;
import dev.lawfit.fit.Progress;
import dev.lawfit.stats.Intervals;
import dev.lawfit.stats.PowerLawFit;
import dev.lawfit.stats.Summary;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * Optimal learning rate and batch size from sweeps, the loss's sensitivity to the learning rate,
 * and how they scale (REFERENCES.md, "Learning rate and batch size").
 *
 * <p>Groups: every (N, B, T) is one group, T matched to 3 significant digits; each checkpoint of a
 * run counts as a run of budget T (right for constant or warmup-stable-decay schedules; select
 * final checkpoints for cosine schedules). A checkpoint whose loss is NaN, infinite or above {@code
 * divergedAbove} is a diverged run: evidence that eta is too high, never fitted. A run whose log
 * ends diverged counts as diverged at every later budget of its (N, B) too.
 */
public final class HparamsAnalysis {
  private HparamsAnalysis() {}

  /**
   * @param over the variable of the laws
   * @param divergedAbove a loss above this is a diverged run; {@code null} for none (NaN and inf
   *     only)
   * @param halfWidth swept values each side of the lowest in the parabola window (see {@link
   *     Optimum})
   * @param resamples bootstrap resamples for the laws' intervals (0: Student t intervals instead)
   * @param seed bootstrap seed
   * @param compare a published law to set beside the results, or {@code null}
   * @param threads threads the bootstrap may use (the result does not depend on it)
   * @param progress told of each bootstrap resample of every law as it is done ({@link
   *     Progress#NONE} by default)
   */
  public record Options(
      Axis over,
      Double divergedAbove,
      int halfWidth,
      int resamples,
      long seed,
      PublishedLaw compare,
      int threads,
      Progress progress) {
    public Options {
      progress = progress == null ? Progress.NONE : progress;
      threads = Math.max(1, threads);
    }

    /** Options on every core, without progress. */
    public Options(
        Axis over,
        Double divergedAbove,
        int halfWidth,
        int resamples,
        long seed,
        PublishedLaw compare) {
      this(
          over,
          divergedAbove,
          halfWidth,
          resamples,
          seed,
          compare,
          Runtime.getRuntime().availableProcessors(),
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

  /**
   * What a (N, B, T) group's learning-rate sweep gives; {@link #label()} is the name documents use.
   */
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
    /**
     * An interior B* whose interval reaches beyond the swept batch sizes: left out of the B* law.
     */
    POORLY_DETERMINED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * An estimate with its standard error and 95% interval (each {@code null} when there is none).
   *
   * @param stderr the standard error the interval is made from (delta method, Student t), on the
   *     value's own scale: for a value whose interval is made in log (eta*, B*, B_crit) the
   *     delta-method {@code value * se(ln value)}
   */
  public record Estimate(double value, Double stderr, List<Double> ci95) {
    /** An estimate without error or interval. */
    public static Estimate bare(double value) {
      return new Estimate(value, null, null);
    }

    /**
     * {@code exp(x)} of an estimate x +- t se made in log: stderr {@code exp(x) se}, interval from
     * the parabola's.
     */
    static Estimate ofLog(double x, double se, double low, double high) {
      double v = Math.exp(x);
      return Double.isNaN(low)
          ? bare(v)
          : new Estimate(v, Summary.finite(v * se), Intervals.of(Math.exp(low), Math.exp(high)));
    }
  }

  /**
   * The learning-rate optimum of one (N, B, T) group.
   *
   * @param params N, {@code null} when not logged
   * @param batchSize B in tokens
   * @param tokens T
   * @param runs runs with a checkpoint at T (diverged ones included)
   * @param diverged runs diverged by T
   * @param lrRange smallest and largest eta swept, diverged runs included
   * @param lowestDivergedLr the smallest eta that diverged: eta* lies below it; {@code null} when
   *     none did
   * @param status {@code ok}, {@code edge_low}, {@code edge_high}, {@code not_convex}, {@code
   *     too_few_lrs}, {@code all_diverged}
   * @param bestLr the swept eta with the lowest loss
   * @param etaStar the parabola's vertex, only when the status is {@code ok}
   * @param sensitivity s, the parabola's coefficient: L = L* + s ln^2(eta/eta*), only when {@code
   *     ok}
   * @param lossAtOptimum the parabola's minimum when {@code ok}, else the lowest loss seen
   * @param window the smallest and largest eta fitted
   * @param warnings why the group gives no optimum, or what to doubt
   */
  public record LrGroup(
      Double params,
      double batchSize,
      double tokens,
      int runs,
      int diverged,
      List<Double> lrRange,
      Double lowestDivergedLr,
      LrStatus status,
      Double bestLr,
      Estimate etaStar,
      Estimate sensitivity,
      Double lossAtOptimum,
      List<Double> window,
      List<String> warnings) {}

  /**
   * The batch-size optimum of one (N, T): a parabola in log B through each batch size's loss at its
   * eta*.
   *
   * @param batchSizes batch sizes with an interior eta* at (N, T)
   * @param status as for {@link LrGroup}, with {@code too_few_batch_sizes} and {@code
   *     poorly_determined} (an interior B* whose interval reaches beyond the swept batch sizes; not
   *     used by the B* law)
   * @param bStar B* in tokens, only when {@code ok}
   */
  public record BatchGroup(
      Double params,
      double tokens,
      int batchSizes,
      BatchStatus status,
      Double bestBatchSize,
      Estimate bStar,
      Double lossAtOptimum,
      List<Double> window,
      List<String> warnings) {}

  /** The three laws; each {@code null} (with a warning) when the data cannot give it. */
  public record Laws(PowerLawFit etaStar, PowerLawFit bStar, PowerLawFit sensitivity) {}

  /** Measured, our law's and the published law's optimum at one point of the data. */
  public record ComparedPoint(
      Double params,
      Double batchSize,
      double tokens,
      double compute,
      Double measured,
      Double law,
      double published) {}

  /**
   * A published law beside ours over the data's range.
   *
   * @param units what B and C mean here
   */
  public record Comparison(
      String law,
      String source,
      String etaFormula,
      String batchFormula,
      String units,
      List<ComparedPoint> etaStar,
      List<ComparedPoint> bStar) {}

  /**
   * What the analysis found.
   *
   * @param warnings why a law is absent, one line each
   */
  public record Result(
      List<LrGroup> groups,
      List<BatchGroup> batchOptima,
      Laws laws,
      Comparison comparison,
      List<String> warnings) {}

  /** Runs the analysis; throws when no group can give an optimum, saying why. */
  public static Result analyse(Dataset dataset, Options options) throws AnalysisException {
    List<SweepGroups.Fitted> fitted =
        SweepGroups.fitted(
            dataset, options.divergedAbove(), options.halfWidth(), options.threads());
    List<LrGroup> lrGroups = fitted.stream().map(SweepGroups.Fitted::group).toList();
    SweepGroups.checkSomeOptimum(lrGroups);
    List<BatchGroup> batchGroups = BatchOptima.of(lrGroups, options.halfWidth());
    if (options.over() != Axis.TOKENS && lrGroups.stream().anyMatch(g -> g.params() == null)) {
      throw new AnalysisException(
          "--over "
              + options.over().label()
              + " needs model sizes, and some runs have no "
              + "'params' value; name the column with --column params=YOURS");
    }
    Laws laws = HparamsLaws.of(fitted, batchGroups, dataset.runs().size(), options);
    Comparison comparison =
        options.compare() == null
            ? null
            : Comparisons.of(options.compare(), lrGroups, batchGroups, laws, options.over());
    return new Result(
        lrGroups,
        batchGroups,
        laws,
        comparison,
        HparamsLaws.missing(laws, batchGroups, options.over()));
  }

  /** The learning-rate optimum of every (N, B, T) group, ordered by N, B, T; no laws. */
  public static List<LrGroup> lrGroups(Dataset dataset, Double divergedAbove, int halfWidth) {
    return SweepGroups.fitted(dataset, divergedAbove, halfWidth).stream()
        .map(SweepGroups.Fitted::group)
        .toList();
  }

  /**
   * One run at one budget of a group: its learning rate and loss (NaN when it diverged, or had by
   * then).
   */
  public record SweepPoint(double lr, double loss, boolean diverged) {}

  /**
   * The runs of every (N, B, T) group as the analysis groups them, in the order of {@link
   * #lrGroups}: the points a figure draws under each group's parabola.
   */
  public static List<List<SweepPoint>> points(Dataset dataset, Double divergedAbove) {
    return SweepGroups.points(dataset, divergedAbove);
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
