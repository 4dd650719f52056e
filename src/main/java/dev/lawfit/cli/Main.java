package dev.lawfit.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code lawfit} executable: the only place that calls {@link System#exit}. */
public final class Main {
  private Main() {}

  /**
   * The types whose built-in converters picocli need not register: it registers those of java.time
   * and java.sql by reflection for every command line it builds, loading 82 classes, and no lawfit
   * option has such a type ({@code CliFrameTest} checks every option). Instructions of an inspect
   * of the 240 Chinchilla points 899M -> 885M (-1.5%), of their fit -0.7% (callgrind with -Xbatch,
   * the launcher's archive of each build).
   */
  static final String UNUSED_CONVERTERS = "java\\.time\\..*,java\\.sql\\..*";

  public static void main(String[] args) {
    if (System.getProperty("picocli.converters.excludes") == null) {
      System.setProperty("picocli.converters.excludes", UNUSED_CONVERTERS);
    }
    // Not System.out: a PrintStream that would hide a full disk or a closed pipe.
    PrintWriter out = Stdout.open(new FileOutputStream(FileDescriptor.out));
    PrintWriter err =
        new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    int status;
    try {
      status = Cli.run(out, err, args);
      // What did not pass through Commands.write (help, --version) is checked here.
      if (out.checkError() && status == ExitCodes.OK) {
        UserException failed = Stdout.failed(out);
        if (!failed.isSilent()) {
          err.println("lawfit: " + failed.getMessage());
        }
        status = failed.exitCode();
      }
    } catch (OutOfMemoryError e) {
      status = Cli.outOfMemory(e, err);
    } catch (RuntimeException | Error e) {
      // Past picocli's handlers (a stack overflow, a broken class path): still one line, and not
      // status 1, which check keeps for a regression.
      err.println("lawfit: internal error: " + e + " (a bug: please report it with the command)");
      status = ExitCodes.INTERNAL;
    }
    err.flush();
    System.exit(status);
  }
}
