package dev.lawfit.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Indexed tasks on a bounded pool: results in index order, the thread limit kept, failures
 * rethrown.
 */
class ParallelTest {
  @Test
  void resultsComeInIndexOrderOnAnyThreadCount() {
    List<Long> expected =
        IntStream.range(0, 200).mapToObj(i -> Resampling.generator(5, i).nextLong()).toList();
    for (int threads : new int[] {1, 2, 4, 7}) {
      assertEquals(
          expected,
          Parallel.map(threads, 200, i -> Resampling.generator(5, i).nextLong()),
          threads + " threads");
    }
  }

  @Test
  void costliestFirstStillReturnsIndexOrder() {
    long[] cost = {1, 9, 3, 7};
    assertEquals(List.of(0, 10, 20, 30), Parallel.mapCostliestFirst(3, cost, i -> 10 * i));
  }

  @Test
  void neverMoreThreadsThanAsked() {
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    Parallel.forEach(
        3,
        300,
        i -> {
          seen.add(Thread.currentThread());
          for (long k = 0; k < 20_000; k++) {
            Math.sqrt(k);
          }
        });
    // Only the bound is a contract: which threads took tasks depends on scheduling (on a loaded
    // machine the
    // workers can take all 300 before the caller takes one), so that is not asserted.
    assertTrue(seen.size() <= 3, seen.size() + " threads");
  }

  @Test
  void failuresAreRethrown() {
    IllegalArgumentException bad = new IllegalArgumentException("bad");
    assertSame(
        bad,
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Parallel.map(
                    4,
                    50,
                    i -> {
                      if (i == 17) {
                        throw bad;
                      }
                      return i;
                    })));
    var e =
        assertThrows(
            Parallel.TaskException.class,
            () ->
                Parallel.map(
                    2,
                    5,
                    i -> {
                      throw new IOException("disk");
                    }));
    assertInstanceOf(IOException.class, e.getCause());
  }
}
