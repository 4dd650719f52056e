package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The command line {@link Main} builds holds only the subcommand the arguments run: every command
 * must still be reachable by name and print the same help, exit codes and errors as the whole tree.
 */
class LazyCommandLineTest {

  /** Every command path of the whole tree, e.g. {@code [plot, loss]}, the root as {@code []}. */
  static Stream<List<String>> commandPaths() {
    List<List<String>> paths = new ArrayList<>();
    walk(Cli.create(quiet(), quiet()), new ArrayList<>(), paths);
    return paths.stream();
  }

  private static void walk(CommandLine cmd, List<String> path, List<List<String>> paths) {
    paths.add(List.copyOf(path));
    for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
      path.add(sub.getKey());
      walk(sub.getValue(), path, paths);
      path.remove(path.size() - 1);
    }
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void everyCommandIsReachableAndPrintsTheSameHelp(List<String> path) {
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    Run lazy = Run.lazy(args);
    assertEquals(Run.whole(args), lazy, "lawfit " + String.join(" ", args));
    assertEquals(0, lazy.exitCode);
    String name = String.join(" ", Stream.concat(Stream.of("lawfit"), path.stream()).toList());
    assertTrue(lazy.out.startsWith("Usage: " + name + " "), lazy.out);
  }

  /**
   * Root help, usage errors, version flags and the unusual (argument files, "--") behave as before.
   */
  static Stream<Arguments> rootCommandLines() {
    return Stream.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"-h"},
            new String[] {"--version"},
            new String[] {"-V"},
            new String[] {"-vqV"},
            new String[] {"--verbose", "--version"},
            new String[] {"--help", "fit"},
            new String[] {"-V", "inspect"},
            new String[] {"inpsect"},
            new String[] {"--nope"},
            new String[] {"-v"},
            new String[] {"--", "inspect"},
            new String[] {"fit"},
            new String[] {"plot"},
            new String[] {"plot", "los"},
            new String[] {"simulate"},
            new String[] {"-q", "predict", "--bogus"},
            new String[] {"@/nonexistent/args"},
            new String[] {"--stacktrace", "check"})
        .map(a -> Arguments.of((Object) a));
  }

  @ParameterizedTest
  @MethodSource("rootCommandLines")
  void rootCommandLinesBehaveAsTheWholeTree(String[] args) {
    assertEquals(
        Run.whole(List.of(args)), Run.lazy(List.of(args)), "lawfit " + String.join(" ", args));
  }

  @Test
  void theCompletionScriptStillCoversEveryCommand() {
    Run lazy = Run.lazy(List.of("generate-completion"));
    assertEquals(Run.whole(List.of("generate-completion")), lazy);
    assertTrue(lazy.out.contains("critical-batch") && lazy.out.contains("simulate"), lazy.out);
  }

  @Test
  void onlyTheCommandRunIsBuilt() {
    assertEquals(Set.of(), Cli.create(quiet(), quiet(), "--version").getSubcommands().keySet());
    assertEquals(
        Set.of("fit"),
        Cli.create(quiet(), quiet(), "-v", "fit", "runs.csv").getSubcommands().keySet());
    assertEquals(
        Set.of("plot"),
        Cli.create(quiet(), quiet(), "plot", "loss", "--help").getSubcommands().keySet());
    List<String> all = List.copyOf(Cli.create(quiet(), quiet()).getSubcommands().keySet());
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help", "fit"},
            new String[] {"-Vh"},
            new String[] {"generate-completion"},
            new String[] {"fti"},
            new String[] {"@args.txt", "fit"})) {
      assertEquals(
          all,
          List.copyOf(Cli.create(quiet(), quiet(), args).getSubcommands().keySet()),
          String.join(" ", args));
    }
  }

  private static PrintWriter quiet() {
    return new PrintWriter(Writer.nullWriter());
  }

  private record Run(int exitCode, String out, String err) {
    static Run whole(List<String> args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Cli.create(new PrintWriter(out, true), new PrintWriter(err, true))
              .execute(args.toArray(String[]::new));
      return new Run(code, out.toString(), err.toString());
    }

    static Run lazy(List<String> args) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      // As Main runs it, --version without a command model included.
      int code =
          Cli.run(
              new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
      return new Run(code, out.toString(), err.toString());
    }
  }
}
