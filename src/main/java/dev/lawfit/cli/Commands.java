package dev.lawfit.cli;

import dev.lawfit.data.InputException;
import dev.lawfit.data.LogFiles;
import dev.lawfit.report.OutputWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** What every command does the same way at its end. */
final class Commands {
  private Commands() {}

  /**
   * Whether the result is a page printed on stdout for a person (which then shows its warnings
   * itself).
   */
  static boolean tableOnStdout(OutputOptions output) {
    return output.readsWarnings();
  }

  /** Prints warnings on stderr, one {@code lawfit: warning: } line each, unless --quiet. */
  static void warn(CommandSpec spec, List<String> warnings, String prefix) {
    LawfitCommand root = spec.root().commandLine().getCommand();
    if (!root.quiet()) {
      for (String w : warnings) {
        spec.commandLine().getErr().println("lawfit: warning: " + prefix + w);
      }
    }
  }

  /**
   * The options that name a file lawfit writes: never an input, never each other. Every other
   * Path-valued argument is read.
   */
  static final List<String> OUTPUTS = List.of("--out", "--points");

  /** Writes a finished result to --out or stdout; an unwritable --out is a user error (exit 2). */
  static void write(String text, OutputOptions output, CommandSpec spec) {
    write(w -> w.write(text), output.out(), spec);
  }

  /** Streams a result to --out {@code out} (whole or not at all) or, when it is null, to stdout. */
  static void write(OutputWriter.Body body, Path out, CommandSpec spec) {
    write(body, "--out", out, spec);
  }

  /**
   * Streams a result to the file {@code out} of the option {@code option} (whole or not at all) or,
   * when it is null, to stdout; errors name that option.
   */
  static void write(OutputWriter.Body body, String option, Path out, CommandSpec spec) {
    checkTarget(option, out);
    PrintWriter stdout = spec.commandLine().getOut();
    try {
      OutputWriter.write(body, out, stdout);
    } catch (IOException e) {
      throw out == null ? Stdout.failed(stdout) : cannotWrite(option, out, e);
    }
  }

  /** Writes a binary result (a PNG picture) to the file {@code out}, whole or not at all. */
  static void writeBytes(OutputWriter.ByteBody body, Path out) {
    UserException.require(out != null, "binary output (a PNG picture) needs --out FILE");
    checkTarget("--out", out);
    try {
      OutputWriter.writeBytes(body, out);
    } catch (IOException e) {
      throw cannotWrite("--out", out, e);
    }
  }

  /**
   * Names the user's file and the reason; OutputWriter's messages never name its temporary file.
   */
  private static UserException cannotWrite(String option, Path out, IOException e) {
    return UserException.badInput(option + " " + out + ": cannot write: " + e.getMessage());
  }

  private static void checkTarget(String option, Path out) {
    if (out != null) {
      // Path.of("") is the current folder: it would be called a directory.
      UserException.require(!out.toString().isEmpty(), option + ": the file name is empty");
      Path dir = out.toAbsolutePath().getParent();
      if (dir == null || !Files.isDirectory(dir)) {
        throw UserException.badInput(option + " " + out + ": no such directory");
      }
      if (Files.isDirectory(out)) {
        throw UserException.badInput(option + " " + out + ": is a directory");
      }
    }
  }

  /**
   * Refuses (exit 2) an output ({@link #OUTPUTS}) that is the same file as one of the command's
   * inputs: any other Path-valued argument, mixins and parent commands included, a log inside a
   * folder named as input, and the String-valued arguments whose label starts with FILE ({@code
   * --fix-from FILE NAMES}). Compared by identity ({@link Files#isSameFile}), so symbolic links,
   * {@code ..} and hard links count; an output that does not exist yet is no input. Two outputs
   * that name one file are refused too, existing or not: the second would replace the first.
   */
  static void refuseInputAsOutput(CommandSpec spec) {
    List<OptionSpec> outputs = new ArrayList<>();
    for (String name : OUTPUTS) {
      OptionSpec o = spec.findOption(name);
      // Empty is reported where it is written; "-" (fit --points -) is stdout.
      if (o != null
          && o.getValue() instanceof Path p
          && !p.toString().isEmpty()
          && !OutFile.isStdout(p)) {
        outputs.add(o);
      }
    }
    for (int i = 0; i < outputs.size(); i++) {
      Path out = outputs.get(i).getValue();
      for (OptionSpec other : outputs.subList(i + 1, outputs.size())) {
        Path second = other.getValue();
        if (sameOutput(out, second)) {
          throw UserException.badInput(
              other.longestName()
                  + " "
                  + second
                  + " and "
                  + outputs.get(i).longestName()
                  + " "
                  + out
                  + " are the same file: the one written last would replace the other; choose two files");
        }
      }
      if (Files.exists(out)) {
        refuseInput(spec, outputs.get(i).longestName(), out);
      }
    }
  }

  /** Whether two outputs name one file: the same file if it exists, else the same absolute path. */
  private static boolean sameOutput(Path a, Path b) {
    try {
      if (Files.exists(a) && Files.exists(b)) {
        return Files.isSameFile(a, b);
      }
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    } catch (IOException | InvalidPathException e) {
      return false; // reported by the write that meets it
    }
  }

  private static void refuseInput(CommandSpec spec, String option, Path out) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      for (ArgSpec arg : s.args()) {
        if (arg instanceof OptionSpec o && OUTPUTS.contains(o.longestName())) {
          continue;
        }
        for (Path input : namedFiles(arg)) {
          Path same = sameFile(input, out);
          if (same != null) {
            String what = arg instanceof OptionSpec o ? o.longestName() : arg.paramLabel();
            String named =
                input.toString().equals("-")
                    ? what + " - (standard input)"
                    : same.equals(input)
                        ? what + " " + input
                        : same + ", a log in " + what + " " + input;
            throw UserException.badInput(
                option
                    + " "
                    + out
                    + " is the same file as "
                    + named
                    + ": lawfit never overwrites an input; choose another "
                    + option);
          }
        }
      }
    }
  }

  /** The files an argument names. */
  private static List<Path> namedFiles(ArgSpec arg) {
    Object value = arg.getValue();
    Collection<?> values =
        value instanceof Collection<?> c
            ? c
            : value instanceof Object[] a
                ? Arrays.asList(a)
                : value instanceof Map<?, ?> m
                    ? m.values()
                    : value == null ? List.of() : List.of(value);
    boolean fileLabel = arg.paramLabel() != null && arg.paramLabel().startsWith("FILE");
    List<Path> files = new ArrayList<>();
    for (Object v : values) {
      if (v instanceof Path p) {
        files.add(p);
      } else if (v instanceof String name && fileLabel && !name.isEmpty()) {
        files.add(Path.of(name));
      }
    }
    return files;
  }

  /**
   * {@code input} itself, or the log in the folder {@code input} that is {@code out}; null when
   * neither.
   */
  private static Path sameFile(Path input, Path out) {
    try {
      if (input.toString().equals("-") && !Files.exists(input)) {
        // Standard input redirected from the --out file.
        Path stdin = Path.of("/dev/stdin");
        return Files.exists(stdin) && Files.isSameFile(stdin, out) ? input : null;
      }
      if (!Files.exists(input)) {
        return null;
      }
      if (!Files.isDirectory(input)) {
        return Files.isSameFile(input, out) ? input : null;
      }
      if (!out.toRealPath().startsWith(input.toRealPath())) {
        return null;
      }
      for (Path log : LogFiles.expand(List.of(input))) {
        if (Files.isSameFile(log, out)) {
          return log;
        }
      }
      return null;
    } catch (IOException | InputException | InvalidPathException e) {
      // An input that cannot be read is reported by the command that reads it.
      return null;
    }
  }
}
