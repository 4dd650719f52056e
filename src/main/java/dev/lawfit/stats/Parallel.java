package dev.lawfit.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs indexed tasks on a bounded number of threads, results in index order: the one way lawfit
 * works in parallel (bootstrap resamples, budgets, groups, holdout cells). Each task must depend on
 * its index alone (a resample draws from {@link Resampling#generator}), so the output is the same
 * on any number of threads.
 *
 * <p>The calling thread works too, beside {@code threads - 1} daemon threads started for the call;
 * idle threads take the next index, so uneven tasks balance. The first failure stops the taking of
 * new indices and is rethrown once every thread has stopped: a runtime exception or error as it
 * was, a checked exception wrapped in {@link TaskException}.
 */
public final class Parallel {
  private Parallel() {}

  /** A task of one index. */
  @FunctionalInterface
  public interface Task<T> {
    T run(int index) throws Exception;
  }

  /** A task of one index with no result. */
  @FunctionalInterface
  public interface Body {
    void run(int index);
  }

  /** A task's checked exception, thrown from {@link #map}; its cause is the task's exception. */
  public static final class TaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskException(Throwable cause) {
      super(cause);
    }
  }

  /**
   * {@code task(0) ... task(count - 1)} on at most {@code threads} threads; the results in index
   * order.
   */
  public static <T> List<T> map(int threads, int count, Task<T> task) {
    int[] order = new int[count];
    Arrays.setAll(order, i -> i);
    return run(threads, order, task);
  }

  /**
   * As {@link #map}, starting the costliest tasks first (a long task started last would leave the
   * other threads idle at the end); the results are still in index order.
   */
  public static <T> List<T> mapCostliestFirst(int threads, long[] cost, Task<T> task) {
    int[] order =
        java.util.stream.IntStream.range(0, cost.length)
            .boxed()
            .sorted((a, b) -> Long.compare(cost[b], cost[a]))
            .mapToInt(Integer::intValue)
            .toArray();
    return run(threads, order, task);
  }

  /**
   * {@code body(0) ... body(count - 1)} on at most {@code threads} threads; each index writes its
   * own slot.
   */
  public static void forEach(int threads, int count, Body body) {
    map(
        threads,
        count,
        i -> {
          body.run(i);
          return null;
        });
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> run(int threads, int[] order, Task<T> task) {
    int count = order.length;
    Object[] out = new Object[count];
    int workers = Math.max(1, Math.min(threads, count));
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable work =
        () -> {
          for (int k = next.getAndIncrement();
              k < count && failure.get() == null;
              k = next.getAndIncrement()) {
            int i = order[k];
            try {
              out[i] = task.run(i);
            } catch (Throwable e) {
              failure.compareAndSet(null, e);
            }
          }
        };
    List<Thread> started = new ArrayList<>(workers - 1);
    for (int w = 1; w < workers; w++) {
      Thread t = new Thread(work, "lawfit-worker-" + w);
      t.setDaemon(true);
      t.start();
      started.add(t);
    }
    work.run();
    boolean interrupted = false;
    for (Thread t : started) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
          failure.compareAndSet(null, e);
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable e = failure.get();
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    if (e != null) {
      throw new TaskException(e);
    }
    List<T> list = new ArrayList<>(count);
    for (Object o : out) {
      list.add((T) o);
    }
    return list;
  }
}
