package dev.lawfit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The public data sets in {@code ../shared/data} (not part of this project). Tests that read them
 * are skipped, not failed, where the folder is absent.
 */
public final class SharedData {
  private SharedData() {}

  /**
   * The file at {@code relative} below the shared data folder; skips the calling test when absent.
   */
  public static Path require(String relative) {
    String root = System.getProperty("lawfit.shared.data", "../shared/data");
    Path path = Path.of(root, relative);
    assumeTrue(Files.isRegularFile(path), () -> "shared data not found: " + path);
    return path;
  }
}
