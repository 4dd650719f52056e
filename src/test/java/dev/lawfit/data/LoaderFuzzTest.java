package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.bench.LoaderFuzz;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small seeded set of {@link LoaderFuzz}: mutated inputs of every format load (exit 0) or fail
 * with exit 2 and one {@code lawfit: } line without Java or Jackson internals; nothing else. The
 * harness runs the same mutations by the hundred thousand.
 */
class LoaderFuzzTest {
  @TempDir Path dir;

  private static void assertClean(List<LoaderFuzz.Tally> tallies, int cases) {
    assertEquals(LoaderFuzz.Kind.values().length, tallies.size());
    for (LoaderFuzz.Tally t : tallies) {
      assertEquals(List.of(), t.findings(), t.kind().toString());
      assertEquals(0, t.other(), t.kind().toString());
      assertEquals(cases, t.loaded() + t.rejected(), t.kind().toString());
      // The mutations must reach both outcomes, or the fuzz tests nothing.
      assertTrue(t.rejected() > 0, t.kind() + ": no mutation was rejected");
    }
  }

  @Test
  void mutatedInputsThroughTheLoaderLoadOrFailWithOneLine() throws Exception {
    assertClean(LoaderFuzz.run(List.of(LoaderFuzz.Kind.values()), 200, 7, dir, false), 200);
  }

  @Test
  void mutatedInputsThroughTheCommandLineExitZeroOrTwo() throws Exception {
    assertClean(LoaderFuzz.run(List.of(LoaderFuzz.Kind.values()), 20, 11, dir, true), 20);
  }
}
