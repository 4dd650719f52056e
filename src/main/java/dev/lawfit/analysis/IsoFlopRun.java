package dev.lawfit.analysis;

import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Column;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Run;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitException.Reason;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The IsoFLOP method on a dataset: which budget each checkpoint belongs to, then {@link IsoFlop}.
 */
public final class IsoFlopRun {
  private IsoFlopRun() {}

  /**
   * @param budgets how each point's budget was found
   * @param warnings what the budgets' finding met (before the IsoFLOP result's own warnings)
   */
  public record Result(
      IsoFlop.Result isoflop, int points, String budgets, java.util.List<String> warnings) {
    public Result {
      warnings = java.util.List.copyOf(warnings);
    }
  }

  /**
   * Budgets computed as 6 N T (rounded) closer than this in log10 are called out: a factor of
   * 10^0.1 = 1.26, below the spacing of published IsoFLOP sweeps (a factor of 1.67 or more in
   * Hoffmann et al. 2022; 2 in Porian et al. 2024), above what rounding to two digits splits one
   * budget into (1.25e16 into 1.2e16 and 1.3e16, 0.035).
   */
  static final double CLOSE_DEX = 0.1;

  /**
   * Runs {@link IsoFlop#fit} on every selected checkpoint. A checkpoint's budget is its logged
   * FLOPs; without a flops column it is 6 N T rounded to {@code digits} significant digits, so that
   * runs of one IsoFLOP slice, whose 6 N T differ in the last digits, share a budget.
   */
  public static Result of(Dataset dataset, int digits, int bootstrap, long seed)
      throws FitException {
    return of(dataset, digits, bootstrap, seed, dev.lawfit.fit.Progress.NONE);
  }

  /**
   * As {@link #of(Dataset, int, int, long)}, telling {@code progress} of each bootstrap resample.
   */
  public static Result of(
      Dataset dataset, int digits, int bootstrap, long seed, dev.lawfit.fit.Progress progress)
      throws FitException {
    return of(dataset, digits, 0, IsoFlop.Settings.DEFAULT, bootstrap, seed, progress);
  }

  /**
   * As {@link #of(Dataset, int, int, long)} with the estimator {@code settings}, and budgets within
   * {@code toleranceDex} (in log10 FLOPs, 0 for none) snapped together as {@link #snap} does.
   */
  public static Result of(
      Dataset dataset,
      int digits,
      double toleranceDex,
      IsoFlop.Settings settings,
      int bootstrap,
      long seed,
      dev.lawfit.fit.Progress progress)
      throws FitException {
    Sweep s = sweep(dataset, digits, toleranceDex);
    String budgets =
        (dataset.has(Column.FLOPS)
                ? "logged flops"
                : "6 N T rounded to " + digits + " significant digits")
            + (toleranceDex > 0
                ? String.format(java.util.Locale.ROOT, ", snapped within %s dex", toleranceDex)
                : "");
    // Budgets as logged, or already snapped, are the user's; computed ones may be split.
    java.util.List<String> warnings =
        dataset.has(Column.FLOPS) || toleranceDex > 0 ? java.util.List.of() : closeBudgets(s);
    return new Result(
        IsoFlop.fit(
            s.compute(), s.params(), s.tokens(), s.loss(), settings, bootstrap, seed, progress),
        s.loss().length,
        budgets,
        warnings);
  }

  /**
   * One warning (however many pairs: digitised points scatter into a hundred) when budgets lie
   * closer than {@link #CLOSE_DEX}, or none.
   */
  private static java.util.List<String> closeBudgets(Sweep s) {
    double[] distinct = java.util.Arrays.stream(s.compute()).distinct().sorted().toArray();
    java.util.List<String> close = new java.util.ArrayList<>();
    for (int k = 1; k < distinct.length; k++) {
      if (Math.log10(distinct[k] / distinct[k - 1]) < CLOSE_DEX) {
        close.add(
            String.format(java.util.Locale.ROOT, "%.3g and %.3g", distinct[k - 1], distinct[k]));
      }
    }
    if (close.isEmpty()) {
      return java.util.List.of();
    }
    String which =
        close.size() == 1
            ? "budgets " + close.get(0) + " are"
            : close.size() + " pairs of budgets (" + close.get(0) + ", ...) are";
    return java.util.List.of(
        which
            + String.format(
                java.util.Locale.ROOT,
                " within a factor of %.2f: if rounding 6 N T split IsoFLOP slices,"
                    + " --budget-tolerance %s joins them (or map the logged budget with"
                    + " --column flops=NAME)",
                Math.pow(10, CLOSE_DEX),
                CLOSE_DEX));
  }

  /**
   * Budgets that scatter around nominal values made shared: sorted by FLOPs, each group starts at
   * its smallest budget and takes every point within {@code dex} of it in log10 (so all of a group
   * lie within {@code dex} of each other); every point of a group gets the group's geometric-mean
   * FLOPs. {@code dex <= 0} leaves them as they are.
   */
  public static double[] snap(double[] compute, double dex) {
    double[] out = compute.clone();
    if (!(dex > 0) || compute.length == 0) {
      return out;
    }
    Integer[] order = new Integer[compute.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (p, q) -> Double.compare(compute[p], compute[q]));
    int start = 0;
    while (start < order.length) {
      double first = Math.log10(compute[order[start]]);
      int end = start;
      double sum = 0;
      while (end < order.length && Math.log10(compute[order[end]]) - first <= dex) {
        sum += Math.log10(compute[order[end]]);
        end++;
      }
      double budget = Math.pow(10, sum / (end - start));
      for (int r = start; r < end; r++) {
        out[order[r]] = budget;
      }
      start = end;
    }
    return out;
  }

  /**
   * Every selected checkpoint with the budget {@link #of} puts it in: what a figure of the slices
   * draws.
   */
  public record Sweep(double[] compute, double[] params, double[] tokens, double[] loss) {}

  /** The checkpoints and their budgets, as {@link #of} finds them. */
  public static Sweep sweep(Dataset dataset, int digits) throws FitException {
    return sweep(dataset, digits, 0);
  }

  /**
   * The checkpoints and their budgets, snapped within {@code toleranceDex} as {@link #snap} does.
   */
  public static Sweep sweep(Dataset dataset, int digits, double toleranceDex) throws FitException {
    int n = Math.toIntExact(dataset.checkpointCount());
    boolean logged = dataset.has(Column.FLOPS);
    double[] C = new double[n];
    double[] N = new double[n];
    double[] D = new double[n];
    double[] L = new double[n];
    int i = 0;
    MathContext rounding = new MathContext(digits);
    for (Run run : dataset.runs()) {
      if (Double.isNaN(run.params())) {
        throw new FitException(
            Reason.INVALID_DATA,
            "the IsoFLOP method needs model sizes, but run '" + run.id() + "' has no params value");
      }
      Checkpoints c = run.checkpoints();
      for (int k = 0; k < c.size(); k++, i++) {
        double flops = run.computeFlops(k);
        C[i] = logged ? flops : new BigDecimal(flops).round(rounding).doubleValue();
        N[i] = run.params();
        D[i] = c.tokens(k);
        L[i] = c.loss(k);
      }
    }
    return new Sweep(snap(C, toleranceDex), N, D, L);
  }
}
