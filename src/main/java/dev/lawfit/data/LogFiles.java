package dev.lawfit.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands the paths a user names into log files: a folder stands for every log below it. */
public final class LogFiles {
  private LogFiles() {}

  /**
   * Files as given; each folder replaced by the files below it (recursively) whose extension names a
   * log format ({@code .csv}, {@code .tsv}, {@code .jsonl}, {@code .json}, each optionally
   * {@code .gz}), sorted by path so the order never depends on the file system.
   *
   * @throws InputException for a folder that holds no log files or cannot be read
   */
  public static List<Path> expand(List<Path> paths) throws InputException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.isDirectory(path)) {
        files.add(path);
        continue;
      }
      List<Path> found;
      try (Stream<Path> walk = Files.walk(path)) {
        found = walk.filter(Files::isRegularFile)
            .filter(p -> Format.fromFileName(p.getFileName().toString()).isPresent())
            .sorted()
            .toList();
      } catch (IOException | UncheckedIOException e) {
        throw new InputException(path.toString(), 0, 0, "cannot list the folder: " + e.getMessage());
      }
      if (found.isEmpty()) {
        throw new InputException(path.toString(), 0, 0, "a folder with no log files (.csv, .tsv, .jsonl, .json, optionally .gz)");
      }
      files.addAll(found);
    }
    return files;
  }
}
