package dev.lawfit.report;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;

/**
 * Writes a finished result whole: to stdout (a failed write is an {@link IOException}), or to a
 * file through a temporary file and a rename (see {@link #writeBytes}).
 */
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
   * Streams {@code body} to {@code out} (atomically, as {@link #write(String, Path, PrintWriter)})
   * or to stdout.
   */
  public static void write(Body body, Path out, PrintWriter stdout) throws IOException {
    if (out == null) {
      body.writeTo(stdout);
      // PrintWriter keeps its errors to itself: a full disk or a closed pipe shows only here.
      if (stdout.checkError()) {
        throw new IOException("the write failed");
      }
      return;
    }
    writeBytes(
        stream -> {
          // A body may close its writer (Jackson's generators do): the file is closed once, by
          // writeBytes.
          Writer w =
              new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16) {
                @Override
                public void close() throws IOException {
                  flush();
                }
              };
          body.writeTo(w);
          w.flush();
        },
        out);
  }

  /**
   * Streams a binary {@code body} to {@code out}. A regular file (or a new one) is written whole or
   * not at all, through a temporary file renamed over it, and keeps its permissions. A symbolic
   * link (or a chain of them) stays a link: the file it ends at is written so, and a dangling
   * link's target is created. A device or a FIFO is written through directly and never replaced.
   * Messages of the exceptions thrown never name the temporary file.
   */
  public static void writeBytes(ByteBody body, Path out) throws IOException {
    BasicFileAttributes attributes = attributes(out);
    if (attributes != null && attributes.isDirectory()) {
      throw new IOException("is a directory");
    }
    if (attributes != null && attributes.isOther()) {
      // The kernel follows the links (/dev/stdout is one to /proc/self/fd/1); no CREATE: a device
      // that vanished meanwhile must not come back as a regular file.
      try (OutputStream stream =
          new BufferedOutputStream(Files.newOutputStream(out, StandardOpenOption.WRITE), 1 << 16)) {
        body.writeTo(stream);
      } catch (FileSystemException e) {
        throw plain(e, null);
      }
      return;
    }
    Path target = attributes != null ? out.toRealPath() : linkTarget(out);
    if (attributes != null && !Files.isWritable(target)) {
      // The rename would replace a file its owner made read-only: refuse, as writing it would.
      throw new IOException("permission denied");
    }
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException("no such directory " + dir);
    }
    Path temp;
    try {
      temp = TemporaryFiles.create(target);
    } catch (FileSystemException e) {
      throw new IOException(
          "cannot create a file in " + dir + ": " + plain(e, null).getMessage(), e);
    }
    try {
      try (OutputStream stream =
          new BufferedOutputStream(
              Files.newOutputStream(temp, StandardOpenOption.WRITE), 1 << 16)) {
        body.writeTo(stream);
      }
      permissions(temp, target);
      try {
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (FileSystemException e) {
      throw plain(e, temp);
    } finally {
      TemporaryFiles.release(temp);
    }
  }

  /** What {@code out} is, through its links; null when nothing is there (or a link dangles). */
  private static BasicFileAttributes attributes(Path out) throws IOException {
    try {
      return Files.readAttributes(out, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    } catch (FileSystemException e) {
      throw plain(e, null);
    }
  }

  /**
   * Where a write to {@code out}, which does not exist, creates its file: the end of its chain of
   * links.
   */
  private static Path linkTarget(Path out) throws IOException {
    Path p = out.toAbsolutePath();
    for (int hops = 0; Files.isSymbolicLink(p); hops++) {
      if (hops == MAX_LINKS) {
        throw new IOException("too many levels of symbolic links");
      }
      p = p.resolveSibling(Files.readSymbolicLink(p));
    }
    return p;
  }

  /** As many links as Linux follows in one path (its ELOOP limit). */
  private static final int MAX_LINKS = 40;

  /**
   * The result gets the permissions, owner and group of the file it replaces (owner and group as
   * far as this user may give them away), or the usual rw-r--r-- of a new file (the temporary file
   * was private).
   */
  private static void permissions(Path temp, Path target) throws IOException {
    PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
    if (view == null) {
      return;
    }
    if (!Files.exists(target)) {
      view.setPermissions(PosixFilePermissions.fromString("rw-r--r--"));
      return;
    }
    PosixFileAttributes old = Files.readAttributes(target, PosixFileAttributes.class);
    view.setPermissions(old.permissions());
    try {
      PosixFileAttributes now = view.readAttributes();
      if (!now.owner().equals(old.owner())) {
        view.setOwner(old.owner());
      }
      if (!now.group().equals(old.group())) {
        view.setGroup(old.group());
      }
    } catch (IOException e) {
      // Only root may give a file away; the mode, which matters more, is already kept.
    }
  }

  /**
   * The reason of a file-system failure, without the file it happened to (the temporary file means
   * nothing to the user); another file it names is kept.
   */
  private static IOException plain(FileSystemException e, Path temp) {
    String reason = e.getReason();
    if (reason == null) {
      reason =
          e instanceof AccessDeniedException
              ? "permission denied"
              : e instanceof NoSuchFileException
                  ? "no such file or directory"
                  : e instanceof FileAlreadyExistsException
                      ? "file exists"
                      : e instanceof NotDirectoryException
                          ? "not a directory"
                          : e instanceof FileSystemLoopException
                              ? "too many levels of symbolic links"
                              : "input/output error";
    }
    String other =
        e.getOtherFile() != null && !Path.of(e.getOtherFile()).equals(temp)
            ? e.getOtherFile()
            : null;
    return new IOException(
        reason.toLowerCase(Locale.ROOT) + (other != null ? " (" + other + ")" : ""), e);
  }
}
