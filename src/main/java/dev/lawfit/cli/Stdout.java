package dev.lawfit.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Standard output as a PrintWriter that remembers why a write failed: PrintWriter itself only keeps
 * a flag ({@link PrintWriter#checkError()}), and "no space left on device" is worth saying.
 */
final class Stdout {
  private Stdout() {}

  /** A PrintWriter over {@code raw} (UTF-8, flushed at each println) that remembers its failure. */
  static PrintWriter open(OutputStream raw) {
    return new Remembering(new FailureKeeper(raw));
  }

  /**
   * The user error for a result stdout did not take whole: exit 2, one line; a reader that closed
   * the pipe early is {@link ExitCodes#BROKEN_PIPE} without a message, as for any Unix tool.
   */
  static UserException failed(PrintWriter stdout) {
    IOException cause = stdout instanceof Remembering r ? r.keeper.failure : null;
    if (cause != null && "Broken pipe".equals(cause.getMessage())) {
      return UserException.silent(ExitCodes.BROKEN_PIPE);
    }
    String reason =
        cause != null && cause.getMessage() != null
            ? cause.getMessage().toLowerCase(Locale.ROOT)
            : "the write failed";
    return UserException.badInput("cannot write to standard output: " + reason);
  }

  private static final class Remembering extends PrintWriter {
    final FailureKeeper keeper;

    Remembering(FailureKeeper keeper) {
      super(new OutputStreamWriter(keeper, StandardCharsets.UTF_8), true);
      this.keeper = keeper;
    }
  }

  private static final class FailureKeeper extends FilterOutputStream {
    IOException failure;

    FailureKeeper(OutputStream raw) {
      super(raw);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }
}
