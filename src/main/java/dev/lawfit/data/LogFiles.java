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
   * Files as given; each folder replaced by the files below it (recursively) whose extension names
   * a log format ({@code .csv}, {@code .tsv}, {@code .jsonl}, {@code .json}, each optionally {@code
   * .gz}), sorted by path so the order never depends on the file system. lawfit's own JSON
   * documents in the folder (a baseline fit kept next to the logs) are not logs and are skipped.
   *
   * @throws InputException for a folder that holds no log files or cannot be read
   */
  /** Whether a .json file starts as one of lawfit's documents ({@code {"schema" : "lawfit.}). */
  public static boolean isLawfitDocument(Path path) {
    String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (!name.endsWith(".json")) {
      return false;
    }
    try (var in = Files.newBufferedReader(path)) {
      char[] head = new char[256];
      int n = in.read(head);
      String start = n <= 0 ? "" : new String(head, 0, n).replaceAll("\\s", "");
      return start.startsWith("{\"schema\":\"lawfit.");
    } catch (IOException e) {
      return false;
    }
  }

  public static List<Path> expand(List<Path> paths) throws InputException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (!Files.isDirectory(path)) {
        files.add(path);
        continue;
      }
      List<Path> found;
      List<Path> named;
      try (Stream<Path> walk = Files.walk(path)) {
        named =
            walk.filter(p -> Format.fromFileName(p.getFileName().toString()).isPresent())
                .sorted()
                .toList();
      } catch (IOException | UncheckedIOException e) {
        throw new InputException(
            path.toString(), 0, 0, "cannot list the folder: " + e.getMessage());
      }
      for (Path p : named) {
        // A log the folder names but that cannot be read must not vanish from the fit unnoticed.
        if (Files.isSymbolicLink(p) && !Files.exists(p)) {
          throw new InputException(
              p.toString(),
              0,
              0,
              "a symbolic link to a missing file, in the folder "
                  + path
                  + ": remove it or make it point to the log");
        }
        if (!Files.isDirectory(p) && !Files.isRegularFile(p)) {
          throw new InputException(
              p.toString(),
              0,
              0,
              "not a regular file (a pipe or device), in the folder "
                  + path
                  + ": name it on its own to read it");
        }
        if (Files.isRegularFile(p) && !Files.isReadable(p)) {
          throw new InputException(p.toString(), 0, 0, "permission denied, in the folder " + path);
        }
      }
      found =
          named.stream().filter(Files::isRegularFile).filter(p -> !isLawfitDocument(p)).toList();
      if (found.isEmpty()) {
        throw new InputException(
            path.toString(),
            0,
            0,
            "a folder with no log files (.csv, .tsv, .jsonl, .json, optionally .gz)");
      }
      files.addAll(found);
    }
    return files;
  }
}
