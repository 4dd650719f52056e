package dev.lawfit.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code lawfit} executable: the only place that calls {@link System#exit}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int status = Cli.create(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(status);
  }
}
