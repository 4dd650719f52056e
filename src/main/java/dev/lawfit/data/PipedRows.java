package dev.lawfit.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Hands a reader's rows to a sink on a thread of its own, in order: the reader parses the next rows
 * while the sink files the last ones into columns, so a large CSV or TSV log loads on two cores
 * (the JSON readers parse the whole file first, so they hand rows over directly). On the 77,748
 * rows of the Hitchhiker table the sink's share was a fifth of the load's CPU time under C1
 * (async-profiler, issue 15); the rest is the parse itself. With {@link DigestingInput}, {@code
 * inspect} of that table took 1.28-1.48 s wall against 1.43-1.90 s, and of the 1,000,000-row log of
 * {@code scripts/bench-inspect} 3.36-3.52 s against 4.04-5.67 s (alternating runs, quiet 2-core
 * machine).
 *
 * <p>Errors keep their order: {@link #drain} waits for the sink to file every row handed over and
 * throws the sink's error, which comes from an earlier line than anything the reader met after it;
 * once the sink has failed, the reader's next hand-over throws that error and the parse stops. The
 * header and the origins go to the sink at once, on the reader's thread, before any row.
 */
final class PipedRows implements RowSink {
  private static final int BATCH = 512;
  private static final int QUEUED = 8;

  private record Row(long line, int[] columns, String[] values, int[] positions, int count) {}

  private static final List<Row> END = List.of();

  private final RowSink sink;
  private final BlockingQueue<List<Row>> queue = new ArrayBlockingQueue<>(QUEUED);
  private List<Row> batch = new ArrayList<>(BATCH);
  private Thread thread;
  private volatile Throwable failure;

  PipedRows(RowSink sink) {
    this.sink = sink;
  }

  @Override
  public void origins(Map<String, String> byHeader) {
    sink.origins(byHeader);
  }

  @Override
  public void header(List<String> names) throws InputException {
    sink.header(names);
  }

  @Override
  public void row(long line, int[] columns, String[] values, int[] positions, int count)
      throws InputException {
    // The reader reuses its arrays for the next row.
    batch.add(
        new Row(
            line,
            Arrays.copyOf(columns, count),
            Arrays.copyOf(values, count),
            Arrays.copyOf(positions, count),
            count));
    if (batch.size() == BATCH) {
      hand(batch);
      batch = new ArrayList<>(BATCH);
    }
  }

  /**
   * Waits until the sink has every row handed over (the rest of the last batch too) and its thread
   * has ended; throws the sink's error, if it met one. Call it once, after the reader, also when
   * the reader failed.
   */
  void drain() throws InputException {
    if (!batch.isEmpty() && failure == null) {
      hand(batch);
    }
    batch = new ArrayList<>();
    if (thread != null) {
      put(END);
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
    rethrow();
  }

  private void hand(List<Row> rows) throws InputException {
    rethrow();
    if (thread == null) {
      thread = new Thread(this::file, "lawfit-rows");
      thread.setDaemon(true);
      thread.start();
    }
    put(rows);
  }

  private void put(List<Row> rows) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(rows);
        break;
      } catch (InterruptedException e) {
        // The sink thread takes every batch until END: the put completes.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The sink's thread: files each batch until END; after an error it only takes the batches. */
  private void file() {
    while (true) {
      List<Row> rows;
      try {
        rows = queue.take();
      } catch (InterruptedException e) {
        failure = e;
        return;
      }
      if (rows == END) {
        return;
      }
      if (failure != null) {
        continue;
      }
      try {
        for (Row r : rows) {
          sink.row(r.line(), r.columns(), r.values(), r.positions(), r.count());
        }
      } catch (InputException | RuntimeException | Error e) {
        failure = e;
      }
    }
  }

  private void rethrow() throws InputException {
    Throwable e = failure;
    if (e == null) {
      return;
    }
    if (e instanceof InputException i) {
      throw i;
    }
    if (e instanceof RuntimeException r) {
      throw r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    throw new IllegalStateException("the row filing thread was interrupted", e);
  }
}
