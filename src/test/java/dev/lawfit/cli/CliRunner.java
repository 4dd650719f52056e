package dev.lawfit.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs lawfit in-process, as a test would type it, and keeps what it printed; the command line is
 * built as {@link Main} builds it, with only the subcommand the arguments run.
 */
public record CliRunner(int exitCode, String out, String err) {

  public static CliRunner run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Cli.create(new PrintWriter(out, true), new PrintWriter(err, true), args).execute(args);
    return new CliRunner(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
