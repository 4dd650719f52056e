package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.bench.DocumentFuzz;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small seeded set of the document fuzz ({@code scripts/harness DocumentFuzz 100000 1} runs the
 * large one): mutated fit documents read by predict, optimal, check and --fix-from end as promised.
 */
class DocumentFuzzTest {
  @TempDir Path dir;

  @Test
  void mutatedFitDocumentsNeverEndInAnInternalErrorOrANonFiniteNumber() throws Exception {
    DocumentFuzz fuzz = new DocumentFuzz(dir);
    fuzz.run(250, 20261202L);
    assertEquals(0, fuzz.failed, String.join("\n", fuzz.failures));
    // The mutations reach past the parser: some documents are still read and used, most are
    // refused.
    int used =
        fuzz.counts.entrySet().stream()
            .filter(e -> e.getKey().endsWith("exit 0"))
            .mapToInt(e -> e.getValue())
            .sum();
    int refused =
        fuzz.counts.entrySet().stream()
            .filter(e -> e.getKey().endsWith("exit 2"))
            .mapToInt(e -> e.getValue())
            .sum();
    assertTrue(used > 10 && refused > 60, fuzz.counts.toString());
  }
}
