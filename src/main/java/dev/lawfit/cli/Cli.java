package dev.lawfit.cli;

import dev.lawfit.data.InputException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Builds the configured {@code lawfit} command line; tests call it in-process with their own
 * writers.
 */
public final class Cli {
  private Cli() {}

  /** The subcommands, in the order the help lists them. */
  private static final List<String> COMMANDS =
      List.of(
          "inspect",
          "fit",
          "predict",
          "optimal",
          "isoflop",
          "hparams",
          "critical-batch",
          "evaluate",
          "check",
          "simulate",
          "plot",
          "generate-completion");

  /** The whole command tree, every subcommand's model built: for tests that walk it. */
  public static CommandLine create(PrintWriter out, PrintWriter err) {
    return build(out, err, COMMANDS);
  }

  /**
   * The command tree that {@code args} need: only the subcommand they run (picocli reads each
   * command's annotations by reflection, the larger part of start-up), none for {@code --version};
   * every subcommand when the root's help, a usage error or anything unusual may list them.
   */
  public static CommandLine create(PrintWriter out, PrintWriter err, String... args) {
    return build(out, err, needed(args));
  }

  /**
   * Runs {@code args} as {@link Main} does: {@code --version} or {@code -V} alone prints the
   * version lines without building any command model (picocli's reflection would be most of its
   * cost), the rest goes through {@link #create(PrintWriter, PrintWriter, String...)}.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // What picocli prints for them: the provider's lines, then a flush.
      for (String line : new VersionProvider().getVersion()) {
        out.println(line);
      }
      out.flush();
      return ExitCodes.OK;
    }
    return create(out, err, args).execute(args);
  }

  /** The subcommands {@code args} can reach; all of them whenever that is not plain to see. */
  static List<String> needed(String... args) {
    boolean version = false;
    for (String arg : args) {
      if (command(arg) != null) {
        // The completion script covers the whole tree.
        return arg.equals("generate-completion") ? COMMANDS : List.of(arg);
      }
      if (arg.equals("--version")) {
        version = true;
      } else if (!arg.equals("--verbose")
          && !arg.equals("--quiet")
          && !arg.equals("--stacktrace")) {
        // A cluster of the root's short flags (-v, -vv, -qV); anything else (-h, @file, a typo)
        // needs them all.
        if (arg.length() < 2 || arg.charAt(0) != '-') {
          return COMMANDS;
        }
        for (int i = 1; i < arg.length(); i++) {
          char c = arg.charAt(i);
          if (c == 'V') {
            version = true;
          } else if (c != 'v' && c != 'q') {
            return COMMANDS;
          }
        }
      }
    }
    return version ? List.of() : COMMANDS;
  }

  /** The class of a subcommand by name (null for none): a switch, so only that class is loaded. */
  private static Class<?> command(String name) {
    return switch (name) {
      case "inspect" -> InspectCommand.class;
      case "fit" -> FitCommand.class;
      case "predict" -> PredictCommand.class;
      case "optimal" -> OptimalCommand.class;
      case "isoflop" -> IsoflopCommand.class;
      case "hparams" -> HparamsCommand.class;
      case "critical-batch" -> CriticalBatchCommand.class;
      case "evaluate" -> EvaluateCommand.class;
      case "check" -> CheckCommand.class;
      case "simulate" -> SimulateCommand.class;
      case "plot" -> PlotCommand.class;
      case "generate-completion" -> picocli.AutoComplete.GenerateCompletion.class;
      default -> null;
    };
  }

  private static CommandLine build(PrintWriter out, PrintWriter err, List<String> subcommands) {
    if (subcommands.size() == 1) {
      readAnnotationsAhead(command(subcommands.get(0)));
    }
    CommandLine cli = new CommandLine(new LawfitCommand());
    // Added before the settings below, which reach only the subcommands present.
    for (String name : subcommands) {
      cli.addSubcommand(name, command(name));
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // Every number option is finite: NaN and infinities are usage errors, never values.
    cli.registerConverter(Double.class, new FiniteDouble());
    cli.registerConverter(Double.TYPE, new FiniteDouble());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    cli.setExitCodeExceptionMapper(e -> ExitCodes.INTERNAL);
    cli.setExecutionStrategy(Cli::execute);
    // Help as wide as the terminal (80 columns when it cannot tell), set before the tree is walked.
    cli.setUsageHelpAutoWidth(true);
    CommandLine completion = cli.getSubcommands().get("generate-completion");
    if (completion != null) {
      completion
          .getCommandSpec()
          .usageMessage()
          .description("Print a bash/zsh completion script for lawfit.")
          .footerHeading("%nExamples:%n")
          .footer(
              "  source <(lawfit generate-completion)",
              "  lawfit generate-completion > /etc/bash_completion.d/lawfit");
    }
    polish(cli);
    return cli;
  }

  /**
   * Has a daemon thread read the annotations of {@code type}, its mixins and argument groups while
   * this thread sets picocli up and builds the root's model: the JDK parses an element's
   * annotations once (the first time, with a proxy class generated for each annotation type) and
   * caches them, so the subcommand's model then finds them parsed. {@code scripts/harness
   * ModelBuild InspectCommand cold|annotations} puts that parsing at 76 ms of the 206 ms the root's
   * and inspect's models take cold (medians of 8 fresh JVMs with the launcher's archive); against
   * the same build without it (20 alternating runs each, 2-core machine), the median wall time of
   * an inspect of the 240 Chinchilla points fell from 0.505 to 0.485 s and of their fit from 0.80
   * to 0.77 s, at the same CPU time. Nothing depends on it: a failure there is left to this thread,
   * which meets it again and reports it.
   */
  private static void readAnnotationsAhead(Class<?> type) {
    Thread reader =
        new Thread(
            () -> {
              try {
                readAnnotations(type, new java.util.HashSet<>());
              } catch (RuntimeException | Error e) {
                // The model's own build reads the same annotations and reports what fails.
              }
            },
            "lawfit-annotations");
    reader.setDaemon(true);
    reader.start();
  }

  /** Reads the annotations of a command class as picocli will: its fields, methods, mixins. */
  private static void readAnnotations(Class<?> type, java.util.Set<Class<?>> seen) {
    for (Class<?> c = type; c != null && c != Object.class && seen.add(c); c = c.getSuperclass()) {
      c.getAnnotations();
      for (java.lang.reflect.Field f : c.getDeclaredFields()) {
        f.getAnnotations();
        if (f.isAnnotationPresent(CommandLine.Mixin.class)
            || f.isAnnotationPresent(CommandLine.ArgGroup.class)) {
          readAnnotations(f.getType(), seen);
        }
      }
      for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
        m.getAnnotations();
      }
    }
  }

  /**
   * What every command's help shares: a short synopsis ({@code [OPTIONS]}, the options are listed
   * below it), enum values as users type them, and examples whose wrapped lines indent.
   */
  private static void polish(CommandLine cmd) {
    cmd.getCommandSpec().usageMessage().abbreviateSynopsis(true);
    cmd.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, Cli::footer);
    for (picocli.CommandLine.Model.OptionSpec o : cmd.getCommandSpec().options()) {
      Class<?> type = o.auxiliaryTypes().length > 0 ? o.auxiliaryTypes()[0] : o.type();
      if (type.isEnum()) {
        registerEnum(cmd, type);
      }
    }
    cmd.getSubcommands().values().forEach(Cli::polish);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void registerEnum(CommandLine cmd, Class<?> type) {
    cmd.registerConverter((Class) type, value -> EnumValues.parse((Class) type, value));
  }

  /**
   * The footer with each line wrapped to the help's width, continuation lines indented under their
   * first word.
   */
  private static String footer(picocli.CommandLine.Help help) {
    int width = help.commandSpec().usageMessage().width();
    StringBuilder out = new StringBuilder();
    for (String line : help.commandSpec().usageMessage().footer()) {
      String text = String.format(line);
      int indent = text.length() - text.stripLeading().length();
      String pad = " ".repeat(indent + 4);
      String prefix = text.substring(0, indent);
      // A command line wraps as a shell would continue it, so the example still pastes whole.
      String wrap = text.stripLeading().startsWith("lawfit ") ? " \\" : "";
      int col = 0;
      boolean first = true;
      for (String word : text.strip().split(" ")) {
        if (first) {
          out.append(prefix).append(word);
          col = indent + word.length();
          first = false;
        } else if (col + 1 + word.length() > width - wrap.length()) {
          out.append(wrap).append('\n').append(pad).append(word);
          col = pad.length() + word.length();
        } else {
          out.append(' ').append(word);
          col += 1 + word.length();
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Runs the command asked for, after refusing an --out that is one of its inputs; an
   * OutOfMemoryError, which picocli lets through, ends in one line and its own status.
   */
  private static int execute(ParseResult parsed) {
    Integer help = CommandLine.executeHelpRequest(parsed);
    if (help != null) {
      return help;
    }
    List<CommandLine> chain = parsed.asCommandLineList();
    CommandLine command = chain.get(chain.size() - 1);
    try {
      Commands.refuseInputAsOutput(command.getCommandSpec());
    } catch (UserException e) {
      throw new ExecutionException(command, e.getMessage(), e);
    }
    try {
      return new CommandLine.RunLast().execute(parsed);
    } catch (OutOfMemoryError e) {
      return outOfMemory(e, command.getErr());
    }
  }

  /**
   * Says the heap ran out (one line, no stack trace) and returns {@link ExitCodes#OUT_OF_MEMORY}.
   */
  static int outOfMemory(OutOfMemoryError e, PrintWriter err) {
    err.println(
        "lawfit: out of memory ("
            + e.getMessage()
            + "): give the JVM more heap with JAVA_OPTS=-Xmx8g"
            + " (scripts/lawfit passes it on); see the limits in README");
    err.flush();
    return ExitCodes.OUT_OF_MEMORY;
  }

  /** Usage mistakes: one line naming the problem and where help is, exit 2. */
  private static final class UsageErrorHandler implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
      CommandLine cmd = e.getCommandLine();
      PrintWriter err = cmd.getErr();
      ParameterException reported = e;
      if (e instanceof CommandLine.MissingParameterException) {
        // `--lwa chinchilla` leaves --law missing; the unknown option is the mistake to name.
        List<String> unknown =
            cmd.getUnmatchedArguments().stream().filter(a -> a.startsWith("-")).toList();
        if (!unknown.isEmpty()) {
          reported = new CommandLine.UnmatchedArgumentException(cmd, unknown);
        }
      }
      String message = oneLine(reported.getMessage());
      if (reported instanceof CommandLine.MissingParameterException m) {
        // What a missing option takes, when it is a choice: `lawfit fit runs.csv` learns the laws.
        for (CommandLine.Model.ArgSpec a : m.getMissing()) {
          if (a instanceof CommandLine.Model.OptionSpec o && o.completionCandidates() != null) {
            List<String> values = new java.util.ArrayList<>();
            o.completionCandidates().forEach(values::add);
            message += "; " + o.paramLabel() + " is one of " + String.join(", ", values);
          }
        }
      }
      if (reported instanceof CommandLine.UnmatchedArgumentException u) {
        List<String> unmatched = u.getUnmatched();
        if (cmd.getCommandSpec().positionalParameters().isEmpty()
            && !unmatched.isEmpty()
            && !unmatched.get(0).startsWith("-")) {
          // A word where only a command, or only an option, can stand: picocli says "Unmatched
          // argument at index 2".
          message =
              cmd.getSubcommands().isEmpty()
                  ? "Unexpected argument: '"
                      + oneLine(unmatched.get(0))
                      + "'; "
                      + cmd.getCommandSpec().qualifiedName()
                      + " takes options only"
                  : "Unknown command: '" + oneLine(unmatched.get(0)) + "'";
        }
        message += Suggestions.didYouMean(Suggestions.of(u));
      }
      err.println(
          "lawfit: " + message + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return ExitCodes.BAD_INPUT;
    }
  }

  /**
   * {@code text} on one line: carriage returns and newlines written as {@code \\r} and {@code \\n}.
   */
  private static String oneLine(String text) {
    return text.replace("\r", "\\r").replace("\n", "\\n");
  }

  /** Failures while a command runs, mapped to exit codes; a stack trace only with --stacktrace. */
  private static final class ErrorHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
      PrintWriter err = cmd.getErr();
      LawfitCommand root = cmd.getCommandSpec().root().commandLine().getCommand();
      int status;
      OutOfMemoryError oom = outOfMemoryCause(e);
      if (oom != null) {
        return outOfMemory(oom, err);
      }
      if (e instanceof InputException) {
        err.println("lawfit: " + e.getMessage());
        status = ExitCodes.BAD_INPUT;
      } else if (e instanceof UserException u) {
        if (!u.isSilent()) {
          err.println("lawfit: " + u.getMessage());
        }
        status = u.exitCode();
      } else {
        err.println(
            "lawfit: internal error: "
                + e
                + " (a bug: please report it with the command and --stacktrace)");
        status = ExitCodes.INTERNAL;
      }
      if (root.stacktrace()) {
        e.printStackTrace(err);
      }
      err.flush();
      return status;
    }

    /** An OutOfMemoryError that a worker thread's failure wraps (a bootstrap's future does). */
    private static OutOfMemoryError outOfMemoryCause(Throwable e) {
      for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
        if (t instanceof OutOfMemoryError oom) {
          return oom;
        }
      }
      return null;
    }
  }
}
