package dev.lawfit.analysis;

import dev.lawfit.data.Dataset;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.law.Law;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fits one law to many groups in parallel. Results come back in the groups' order and do not
 * depend on the thread count; one group's failure is its own entry and stops nothing else.
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
   * runs on one thread; with fewer, each fit gets a share of the threads for its starts and bootstrap.
   */
  public static List<Outcome> fit(Map<String, Dataset> groups, Law law, FitOptions options, int threads, Progress progress)
      throws InterruptedException {
    int pool = Math.max(1, Math.min(threads, groups.size()));
    FitOptions each = options.withThreads(Math.max(1, threads / pool));
    ExecutorService executor = Executors.newFixedThreadPool(pool, r -> {
      Thread t = new Thread(r, "lawfit-batch");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Map.Entry<String, Dataset> g : groups.entrySet()) {
        futures.add(executor.submit(() -> {
          try {
            return new Outcome(g.getKey(), g.getValue(), LossFit.fit(g.getValue(), law, each), null);
          } catch (FitException e) {
            return new Outcome(g.getKey(), g.getValue(), null, e);
          } finally {
            progress.done(g.getKey());
          }
        }));
      }
      List<Outcome> outcomes = new ArrayList<>(futures.size());
      for (Future<Outcome> f : futures) {
        try {
          outcomes.add(f.get());
        } catch (ExecutionException e) {
          // Not a FitException: a bug; let it surface as one.
          throw new IllegalStateException("a group's fit failed unexpectedly", e.getCause());
        }
      }
      return outcomes;
    } finally {
      executor.shutdownNow();
    }
  }
}
