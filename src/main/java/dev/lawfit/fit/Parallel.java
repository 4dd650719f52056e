package dev.lawfit.fit;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Runs independent indexed tasks on a bounded number of threads, created and released per call. */
final class Parallel {
  private Parallel() {}

  /** Runs body(0..count-1) on {@code threads} threads; each index writes its own slot. */
  static void forEach(int threads, int count, IntConsumer body) {
    if (threads <= 1 || count <= 1) {
      for (int i = 0; i < count; i++) {
        body.accept(i);
      }
      return;
    }
    var pool = new ForkJoinPool(threads);
    try {
      pool.submit(() -> IntStream.range(0, count).parallel().forEach(body)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdown();
    }
  }
}
