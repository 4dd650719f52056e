package dev.lawfit.cli;

import dev.lawfit.data.InputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Builds the configured {@code lawfit} command line; tests call it in-process with their own writers. */
public final class Cli {
  private Cli() {}

  public static CommandLine create(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new LawfitCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // Every number option is finite: NaN and infinities are usage errors, never values.
    cli.registerConverter(Double.class, new FiniteDouble());
    cli.registerConverter(Double.TYPE, new FiniteDouble());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    cli.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL);
    CommandLine completion = cli.getSubcommands().get("generate-completion");
    completion.getCommandSpec().usageMessage().hidden(true);
    return cli;
  }

  /** Usage mistakes: one line naming the problem and where help is, exit 2. */
  private static final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
      CommandLine cmd = e.getCommandLine();
      PrintWriter err = cmd.getErr();
      String message = e.getMessage().replace("\r", "\\r").replace("\n", "\\n");
      err.println("lawfit: " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
  }

  /** Failures while a command runs, mapped to exit codes; a stack trace only with --stacktrace. */
  private static final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      LawfitCommand root = cmd.getCommandSpec().root().commandLine().getCommand();
      int status;
      if (e instanceof InputException) {
        err.println("lawfit: " + e.getMessage());
        status = ExitCodes.BAD_INPUT;
      } else if (e instanceof UserException u) {
        err.println("lawfit: " + u.getMessage());
        status = u.exitCode();
      } else {
        err.println("lawfit: internal error: " + e + " (a bug: please report it with the command and --stacktrace)");
        status = ExitCodes.INTERNAL;
      }
      if (root.stacktrace()) {
        e.printStackTrace(err);
      }
      err.flush();
      return status;
    }
  }
}
