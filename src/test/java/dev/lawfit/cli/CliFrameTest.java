package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliFrameTest {
  @TempDir Path dir;

  @Test
  void versionNamesTheProjectVersionFromMaven() {
    CliRunner r = CliRunner.run("--version");
    assertEquals(0, r.exitCode());
    assertTrue(
        r.out()
            .startsWith(
                "lawfit "
                    + VersionProvider.version()
                    + " (commit "
                    + VersionProvider.commit()
                    + ")\n"),
        r.out());
    // Built by Maven in a git work tree: the commit is hexadecimal; from a tarball it is "unknown".
    assertTrue(
        VersionProvider.commit().matches("[0-9a-f]{7,40}|unknown"), VersionProvider.commit());
    assertTrue(
        VersionProvider.version().matches("\\d+\\.\\d+\\.\\d+.*"), VersionProvider.version());
  }

  @Test
  void helpListsCommandsAndTheCompletionGenerator() {
    CliRunner r = CliRunner.run("--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("inspect"));
    assertTrue(r.out().contains("simulate"));
    assertTrue(r.out().contains("generate-completion"));
  }

  @Test
  void completionScriptIsStillAvailable() {
    CliRunner r = CliRunner.run("generate-completion");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("lawfit"));
  }

  @Test
  void everyCommandHasCleanHelpWithAnExample() {
    for (String command :
        new String[] {
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
          "simulate sweep"
        }) {
      String[] args = (command + " --help").split(" ");
      CliRunner r = CliRunner.run(args);
      assertEquals(0, r.exitCode(), command);
      assertTrue(r.out().contains("Example"), command + " help has an example");
      assertEquals("", r.err(), command + " help wrote to stderr");
    }
  }

  /**
   * picocli formats help text with String.format: a bare '%' prints a warning on stderr and the raw
   * text. The annotations' own strings (before picocli reads them) must be valid format strings.
   */
  /** The whole command tree, every subcommand's model built, root first. */
  private static java.util.List<picocli.CommandLine> everyCommand() {
    var all = new java.util.ArrayList<picocli.CommandLine>();
    java.util.Deque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
    todo.add(
        Cli.create(
            new java.io.PrintWriter(java.io.Writer.nullWriter()),
            new java.io.PrintWriter(java.io.Writer.nullWriter())));
    while (!todo.isEmpty()) {
      picocli.CommandLine cmd = todo.pop();
      todo.addAll(cmd.getSubcommands().values());
      all.add(cmd);
    }
    return all;
  }

  @Test
  void noOptionNeedsAConverterMainLeavesOut() {
    // Main has picocli skip the built-in converters of java.time and java.sql; an option of such a
    // type would find none.
    java.util.List<java.util.regex.Pattern> excluded =
        java.util.Arrays.stream(Main.UNUSED_CONVERTERS.split(","))
            .map(java.util.regex.Pattern::compile)
            .toList();
    int args = 0;
    for (picocli.CommandLine cmd : everyCommand()) {
      for (picocli.CommandLine.Model.ArgSpec arg : cmd.getCommandSpec().args()) {
        java.util.List<Class<?>> types = new java.util.ArrayList<>(java.util.List.of(arg.type()));
        types.addAll(java.util.List.of(arg.auxiliaryTypes()));
        for (Class<?> type : types) {
          assertTrue(
              excluded.stream().noneMatch(p -> p.matcher(type.getName()).matches()),
              cmd.getCommandSpec().qualifiedName() + " " + arg + ": " + type.getName());
        }
        args++;
      }
    }
    assertTrue(args > 100, "walked every option: " + args);
    // The patterns do match what they are meant to.
    assertTrue(excluded.stream().anyMatch(p -> p.matcher("java.time.Duration").matches()));
  }

  @Test
  void everyOptionThatWritesAFileIsAnOutputTheSafetyCheckKnows() {
    // Commands.refuseInputAsOutput reads every Path-valued argument but Commands.OUTPUTS as an
    // input to protect; an option that writes a file and is missing from that list is neither
    // protected from naming an input nor kept from replacing the other outputs.
    java.util.Set<String> writers = new java.util.TreeSet<>();
    for (picocli.CommandLine cmd : everyCommand()) {
      for (picocli.CommandLine.Model.OptionSpec o : cmd.getCommandSpec().options()) {
        String text = String.join(" ", o.description()).toLowerCase(java.util.Locale.ROOT);
        if (text.matches("(also )?write .*")) {
          writers.add(o.longestName());
        }
      }
    }
    assertEquals(new java.util.TreeSet<>(Commands.OUTPUTS), writers);
  }

  @Test
  void everyHelpTextIsAValidFormatString() {
    java.util.Set<Class<?>> classes = new java.util.LinkedHashSet<>();
    for (picocli.CommandLine cmd : everyCommand()) {
      classes.add(cmd.getCommandSpec().userObject().getClass());
      cmd.getCommandSpec().mixins().values().forEach(m -> classes.add(m.userObject().getClass()));
    }
    int texts = 0;
    for (Class<?> type : classes) {
      java.util.List<String> all = new java.util.ArrayList<>();
      picocli.CommandLine.Command command = type.getAnnotation(picocli.CommandLine.Command.class);
      if (command != null) {
        all.addAll(java.util.List.of(command.description()));
        all.addAll(java.util.List.of(command.footer()));
      }
      java.util.List<java.lang.reflect.AccessibleObject> members =
          new java.util.ArrayList<>(java.util.List.of(type.getDeclaredFields()));
      members.addAll(java.util.List.of(type.getDeclaredMethods()));
      for (var member : members) {
        picocli.CommandLine.Option option = member.getAnnotation(picocli.CommandLine.Option.class);
        if (option != null) {
          all.addAll(java.util.List.of(option.description()));
        }
        picocli.CommandLine.Parameters parameters =
            member.getAnnotation(picocli.CommandLine.Parameters.class);
        if (parameters != null) {
          all.addAll(java.util.List.of(parameters.description()));
        }
      }
      for (String text : all) {
        String plain = text.replaceAll("\\$\\{[^}]+}", "x");
        try {
          String.format(plain);
        } catch (java.util.IllegalFormatException e) {
          throw new AssertionError(
              type.getSimpleName() + ": not a valid format string: " + text, e);
        }
        texts++;
      }
    }
    assertTrue(texts > 100, "walked the help of every command: " + texts);
  }

  @Test
  void globalOptionsAreAcceptedAfterTheCommand() throws Exception {
    Path log = dir.resolve("r.csv");
    Files.writeString(log, "run,tokens,loss\na,1e9,3.0\na,2e9,2.9\n");
    assertEquals(0, CliRunner.run("inspect", log.toString(), "-q").exitCode());
    assertEquals(0, CliRunner.run("inspect", log.toString(), "-vv").exitCode());
    assertEquals(0, CliRunner.run("-v", "inspect", log.toString()).exitCode());
  }

  @Test
  void stacktraceIsPrintedOnlyWhenAsked() {
    String missing = dir.resolve("missing.csv").toString();
    CliRunner plain = CliRunner.run("inspect", missing);
    CliRunner traced = CliRunner.run("inspect", missing, "--stacktrace");
    assertEquals(2, plain.exitCode());
    assertEquals(1, plain.err().lines().count(), plain.err());
    assertEquals(2, traced.exitCode());
    assertTrue(traced.err().contains("\tat dev.lawfit."), traced.err());
  }

  @Test
  void unknownOptionAndMissingCommandAreUsageErrors() {
    assertEquals(2, CliRunner.run("inspect", "--no-such-option", "x.csv").exitCode());
    assertEquals(2, CliRunner.run("no-such-command").exitCode());
    CliRunner none = CliRunner.run();
    assertEquals(2, none.exitCode());
    assertEquals("", none.out());
  }
}
