package dev.lawfit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.lawfit.data.InfoLog;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root command: global options. Its subcommands are added by {@link Cli}, which builds only the
 * model of the one a command line runs.
 */
@Command(
    name = "lawfit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Fits neural scaling laws to language-model training-run logs.",
    synopsisSubcommandLabel = "COMMAND",
    footerHeading = "%nExit status:%n",
    footer = {
      "    0  success",
      "    1  a check found a regression",
      "    2  bad input or usage",
      "    3  the fit did not converge",
      "    4  internal error (a bug)",
      "    5  out of memory (give the JVM more heap: JAVA_OPTS=-Xmx8g)",
      "  141  the reader of stdout closed it early (nothing printed; SIGPIPE's status)",
      "%nExamples:",
      "  lawfit fit data/example-runs.csv --law chinchilla --group-by family",
      "  lawfit inspect data/example-runs.csv --format markdown >> \"$GITHUB_STEP_SUMMARY\""
    })
public final class LawfitCommand implements java.util.concurrent.Callable<Integer> {
  private boolean stacktrace;
  private int verbosity;
  private boolean quiet;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      // An explicit order for the help of the commands that list options unsorted: reflection gives
      // these methods in an order that changes with unrelated code (HotSpot sorts them by the
      // address of their names).
      order = 1,
      description = "More log output on stderr; -vv for debug detail.")
  void verbose(boolean[] flags) {
    verbosity = flags.length;
    configureLogging();
  }

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      order = 2,
      description = "Only errors on stderr: no warnings, no progress.")
  void quiet(boolean value) {
    quiet = value;
    configureLogging();
  }

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      order = 3,
      description = "Print the stack trace of an error (for bug reports).")
  void stacktrace(boolean value) {
    stacktrace = value;
  }

  boolean stacktrace() {
    return stacktrace;
  }

  /** Whether warnings on stderr are silenced. */
  boolean quiet() {
    return quiet;
  }

  private void configureLogging() {
    Level level =
        quiet
            ? Level.ERROR
            : switch (verbosity) {
              case 0 -> Level.WARN;
              case 1 -> Level.INFO;
              default -> Level.DEBUG;
            };
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
    // Without -v no info message is made, and Logback is not even started (InfoLog).
    InfoLog.enable(Level.INFO.isGreaterOrEqual(level));
  }

  /** Without a command there is nothing to do: say what the commands are, as a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("lawfit: missing command");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }
}
