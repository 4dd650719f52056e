package dev.lawfit.report;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes a finished result whole: to stdout, or to a file through a temporary file and a rename. */
public final class OutputWriter {
  private OutputWriter() {}

  /** Produces a result's text into a writer. */
  @FunctionalInterface
  public interface Body {
    void writeTo(Writer out) throws IOException;
  }

  /** Produces a binary result (a PNG picture) into a stream. */
  @FunctionalInterface
  public interface ByteBody {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code text} to {@code out}, or to {@code stdout} when {@code out} is null. A file is
   * either fully written or left as it was.
   */
  public static void write(String text, Path out, PrintWriter stdout) throws IOException {
    write(w -> w.write(text), out, stdout);
  }

  /**
   * A temporary file is private (rw-------); the result gets the permissions of the file it
   * replaces, or the usual rw-r--r-- of a new file.
   */
  private static void permissions(Path temp, Path target) throws IOException {
    if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
      return;
    }
    Set<PosixFilePermission> mode = Files.exists(target) ? Files.getPosixFilePermissions(target)
        : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(temp, mode);
  }

  /** Streams {@code body} to {@code out} (atomically, as {@link #write(String, Path, PrintWriter)}) or to stdout. */
  public static void write(Body body, Path out, PrintWriter stdout) throws IOException {
    if (out == null) {
      body.writeTo(stdout);
      stdout.flush();
      return;
    }
    writeBytes(stream -> {
      // A body may close its writer (Jackson's generators do): the file is closed once, by writeBytes.
      Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16) {
        @Override
        public void close() throws IOException {
          flush();
        }
      };
      body.writeTo(w);
      w.flush();
    }, out);
  }

  /** Streams a binary {@code body} to the file {@code out}, whole or not at all. */
  public static void writeBytes(ByteBody body, Path out) throws IOException {
    Path target = out.toAbsolutePath();
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    try {
      try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        body.writeTo(stream);
      }
      permissions(temp, target);
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
