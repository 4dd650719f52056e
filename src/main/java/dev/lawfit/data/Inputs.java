package dev.lawfit.data;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opens an input for reading: a regular file, standard input ({@code -}), or a pipe or device such
 * as a process substitution ({@code /dev/fd/63}) or a named pipe.
 *
 * <p>Streams come from {@link FileInputStream}, which reads pipes as they are: the channel streams
 * of {@link Files#newInputStream} ask a pipe for its position and fail with "Illegal seek". Opening
 * a named pipe blocks until a program opens it for writing, so that wait is bounded.
 */
final class Inputs {
  private Inputs() {}

  static InputStream open(Path path, String name, Limits limits)
      throws IOException, InputException {
    if (LogLoader.STDIN.equals(name)) {
      return new FilterInputStream(System.in) {
        @Override
        public void close() {
          // standard input belongs to the process, not to this read
        }
      };
    }
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    if (attributes.isRegularFile()) {
      return plain(path);
    }
    FutureTask<InputStream> opening = new FutureTask<>(() -> plain(path));
    Thread opener = new Thread(opening, "lawfit-open " + name);
    opener.setDaemon(true);
    opener.start();
    try {
      return opening.get(limits.pipeWaitSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      release(path, opening);
      throw limits.exceeded(
          name,
          0,
          0,
          "pipe-wait",
          "no program opened this pipe for writing within " + limits.pipeWaitSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InputException(
          name, 0, 0, "interrupted while waiting for a program to write to this pipe");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static InputStream plain(Path path) throws IOException {
    try {
      return new FileInputStream(path.toFile());
    } catch (FileNotFoundException e) {
      // FileInputStream says every failure this way; tell them apart as Files would.
      if (!Files.exists(path)) {
        throw new NoSuchFileException(path.toString());
      }
      throw new AccessDeniedException(path.toString());
    }
  }

  /**
   * Ends a wait that timed out: the thread blocked opening a named pipe stays blocked until a
   * writer comes, so be that writer for a moment (it writes nothing), then close what it opened.
   */
  private static void release(Path path, FutureTask<InputStream> opening) {
    try {
      if (((Integer) Files.getAttribute(path, "unix:mode") & 0170000) == 0010000) { // S_IFIFO
        new FileOutputStream(path.toFile()).close();
      }
      opening.get(1, TimeUnit.SECONDS).close();
    } catch (Exception e) {
      // Best effort: a daemon thread left waiting does not keep the process alive.
    }
  }
}
