package dev.lawfit.cli;

import dev.lawfit.report.OutputWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** What every command does the same way at its end. */
final class Commands {
  private Commands() {}

  /** Whether the result is a table printed on stdout (which then shows its warnings itself). */
  static boolean tableOnStdout(OutputOptions output) {
    return output.out() == null && output.effectiveFormat() == OutputOptions.OutputFormat.table;
  }

  /** Prints warnings on stderr, one {@code lawfit: warning: } line each, unless --quiet. */
  static void warn(CommandSpec spec, java.util.List<String> warnings, String prefix) {
    LawfitCommand root = spec.root().commandLine().getCommand();
    if (!root.quiet()) {
      for (String w : warnings) {
        spec.commandLine().getErr().println("lawfit: warning: " + prefix + w);
      }
    }
  }

  /** Writes a finished result to --out or stdout; an unwritable --out is a user error (exit 2). */
  static void write(String text, OutputOptions output, CommandSpec spec) {
    write(w -> w.write(text), output.out(), spec);
  }

  /** Streams a result to {@code out} (whole or not at all) or, when it is null, to stdout. */
  static void write(OutputWriter.Body body, Path out, CommandSpec spec) {
    checkTarget(out);
    try {
      OutputWriter.write(body, out, spec.commandLine().getOut());
    } catch (IOException e) {
      throw UserException.badInput("--out " + out + ": cannot write: " + e.getMessage());
    }
  }

  /** Writes a binary result (a PNG picture) to the file {@code out}, whole or not at all. */
  static void writeBytes(OutputWriter.ByteBody body, Path out) {
    UserException.require(out != null, "binary output (a PNG picture) needs --out FILE");
    checkTarget(out);
    try {
      OutputWriter.writeBytes(body, out);
    } catch (IOException e) {
      throw UserException.badInput("--out " + out + ": cannot write: " + e.getMessage());
    }
  }

  private static void checkTarget(Path out) {
    if (out != null) {
      Path dir = out.toAbsolutePath().getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw UserException.badInput("--out " + out + ": no such directory");
      }
      if (Files.isDirectory(out)) {
        throw UserException.badInput("--out " + out + ": is a directory");
      }
    }
  }
}
