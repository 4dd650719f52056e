package dev.lawfit.report;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The temporary files results are written into before their rename: named {@code
 * .NAME.lawfit-PID.tmp} next to their target, so that one left behind is recognisable; removed when
 * the JVM is asked to stop (SIGTERM, SIGINT) in the middle of a write; and, when a killed process
 * (SIGKILL) left one, removed by the next write to the same target once its process is gone.
 */
final class TemporaryFiles {
  private TemporaryFiles() {}

  private static final long PID = ProcessHandle.current().pid();
  private static final String SUFFIX = ".tmp";
  private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean HOOKED = new AtomicBoolean();

  /**
   * The prefix of every temporary file of {@code target}; the process id and {@code .tmp} follow.
   */
  static String prefix(Path target) {
    return "." + target.getFileName() + ".lawfit-";
  }

  /**
   * Creates the private (rw-------) temporary file of {@code target}, in its folder, after removing
   * the ones dead processes left there.
   */
  static Path create(Path target) throws IOException {
    if (HOOKED.compareAndSet(false, true)) {
      try {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(TemporaryFiles::removeInFlight, "lawfit-temporary-files"));
      } catch (IllegalStateException shuttingDown) {
        throw new IOException("the program is stopping");
      }
    }
    Path dir = target.getParent();
    removeStale(dir, prefix(target));
    Path temp = dir.resolve(prefix(target) + PID + SUFFIX);
    if (!IN_FLIGHT.add(temp)) {
      throw new IOException("another write to the same file is in progress");
    }
    try {
      if (Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class)) {
        Files.createFile(
            temp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(temp);
      }
    } catch (IOException | RuntimeException e) {
      IN_FLIGHT.remove(temp);
      throw e;
    }
    return temp;
  }

  /** Deletes {@code temp} if it is still there (it is not after its rename) and forgets it. */
  static void release(Path temp) throws IOException {
    try {
      Files.deleteIfExists(temp);
    } finally {
      IN_FLIGHT.remove(temp);
    }
  }

  /**
   * Removes the temporary files of a target whose process no longer runs (or whose process id is
   * this process's, recycled, while no write of ours uses it). A folder that cannot be listed is
   * left alone: the write itself then says why.
   */
  private static void removeStale(Path dir, String prefix) {
    DirectoryStream.Filter<Path> ours =
        p -> {
          String name = p.getFileName().toString();
          return name.startsWith(prefix) && name.endsWith(SUFFIX);
        };
    try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, ours)) {
      for (Path p : found) {
        String name = p.getFileName().toString();
        long pid;
        try {
          pid = Long.parseLong(name.substring(prefix.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException notOurs) {
          continue;
        }
        boolean running =
            pid == PID
                ? IN_FLIGHT.contains(p)
                : ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!running) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException | DirectoryIteratorException e) {
      // Best effort: a stale file we cannot remove harms nothing; the write goes on.
    }
  }

  /** The shutdown hook: a write stopped by a signal leaves no temporary file. */
  private static void removeInFlight() {
    for (Path temp : IN_FLIGHT) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        // Nothing more can be done while the JVM stops; the next write to the target removes it.
      }
    }
  }
}
