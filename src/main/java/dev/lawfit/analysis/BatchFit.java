package dev.lawfit.analysis;

import dev.lawfit.data.Dataset;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.law.Law;
import dev.lawfit.stats.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fits one law to many groups in parallel. Results come back in the groups' order and do not depend
 * on the thread count; one group's failure is its own entry and stops nothing else.
 */
public final class BatchFit {
  private BatchFit() {}

  /** One group's outcome: a result, or the failure that stopped it. */
  public record Outcome(String key, Dataset dataset, LossFit.Result result, FitException failure) {}

  /** Told after each group finishes, from the thread that fitted it. */
  @FunctionalInterface
  public interface Progress {
    void done(String key);
  }

  /**
   * Fits every group on {@code threads} threads: with at least as many groups as threads each fit
   * runs on one thread; with fewer, each fit gets a share of the threads for its starts and
   * bootstrap. The largest groups start first (a fit's cost grows with its checkpoints, and one
   * large group started last would leave the other threads idle at the end).
   */
  public static List<Outcome> fit(
      Map<String, Dataset> groups, Law law, FitOptions options, int threads, Progress progress)
      throws InterruptedException {
    int pool = Math.max(1, Math.min(threads, groups.size()));
    FitOptions each = options.withThreads(Math.max(1, threads / pool));
    List<Map.Entry<String, Dataset>> entries = new ArrayList<>(groups.entrySet());
    long[] cost = new long[entries.size()];
    Arrays.setAll(cost, i -> entries.get(i).getValue().checkpointCount());
    return Parallel.mapCostliestFirst(
        pool,
        cost,
        i -> {
          Map.Entry<String, Dataset> g = entries.get(i);
          try {
            return new Outcome(
                g.getKey(), g.getValue(), LossFit.fit(g.getValue(), law, each), null);
          } catch (FitException e) {
            return new Outcome(g.getKey(), g.getValue(), null, e);
          } finally {
            progress.done(g.getKey());
          }
        });
  }
}
