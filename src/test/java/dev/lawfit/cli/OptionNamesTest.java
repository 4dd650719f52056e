package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One name per idea (issue 11): evaluate's scored fraction is --score-window, the sweeps' parabola
 * half width --window-half-width, simulate sweep's divergence factor --diverge-lr-factor (hparams'
 * --diverged-above is a loss); the old names still work, unlisted; every --bootstrap states its
 * default in --help.
 */
class OptionNamesTest {
  @TempDir static Path dir;

  @Test
  void oldNamesAreHiddenAliasesThatGiveTheSameBytes() throws Exception {
    Path runs = FitFixtures.runs();
    String[] evaluate = {
      "evaluate",
      runs.toString(),
      "--law",
      "chinchilla",
      "--drop-early-tokens",
      "0",
      "--train-models",
      "2",
      "--train-fraction",
      "1",
      "--format",
      "json",
      "-q"
    };
    assertSame(evaluate, "--score-window", "--window", "0.5", "\"window\" : 0.5");

    Path sweep = dir.resolve("sweep.csv");
    Path old = dir.resolve("sweep-old.csv");
    assertEquals(
        0,
        CliRunner.run(
                "simulate",
                "sweep",
                "--checkpoints",
                "4",
                "--seed",
                "3",
                "--diverge-lr-factor",
                "4",
                "--out",
                sweep.toString())
            .exitCode());
    assertEquals(
        0,
        CliRunner.run(
                "simulate",
                "sweep",
                "--checkpoints",
                "4",
                "--seed",
                "3",
                "--diverge-above",
                "4",
                "--out",
                old.toString())
            .exitCode());
    assertEquals(Files.readString(sweep), Files.readString(old));
    Path defaultFactor = dir.resolve("sweep-8.csv");
    assertEquals(
        0,
        CliRunner.run(
                "simulate",
                "sweep",
                "--checkpoints",
                "4",
                "--seed",
                "3",
                "--out",
                defaultFactor.toString())
            .exitCode());
    assertFalse(
        Files.readString(sweep).equals(Files.readString(defaultFactor)), "the factor is used");

    for (String command : new String[] {"hparams", "critical-batch"}) {
      String[] args = {command, sweep.toString(), "--bootstrap", "0", "--format", "json", "-q"};
      assertSame(args, "--window-half-width", "--window", "3", "\"window_half_width\" : 3");
    }
  }

  /**
   * The command with {@code name VALUE} and with {@code alias VALUE}: exit 0, equal output, holding
   * {@code expect}.
   */
  private static void assertSame(
      String[] args, String name, String alias, String value, String expect) {
    CliRunner now = CliRunner.run(with(args, name, value));
    CliRunner before = CliRunner.run(with(args, alias, value));
    assertEquals(0, now.exitCode(), now.toString());
    assertEquals(now.out(), before.out(), alias + " is " + name);
    assertTrue(now.out().contains(expect), now.out());
    String help = CliRunner.run(args[0], "--help").out();
    assertTrue(help.contains(name), help);
    assertFalse(help.matches("(?s).*" + alias + "[ =].*"), alias + " is not listed: " + help);
  }

  private static String[] with(String[] args, String name, String value) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(name);
    all.add(value);
    return all.toArray(String[]::new);
  }

  @Test
  void everyBootstrapStatesItsDefaultInHelp() {
    CommandLine root =
        Cli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    List<String> checked = new ArrayList<>();
    visit(root, checked);
    assertTrue(
        checked.containsAll(
            List.of("lawfit fit", "lawfit isoflop", "lawfit hparams", "lawfit critical-batch")),
        checked.toString());
  }

  private static void visit(CommandLine command, List<String> checked) {
    OptionSpec bootstrap = command.getCommandSpec().findOption("--bootstrap");
    if (bootstrap != null) {
      String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
      int at = help.indexOf("--bootstrap=");
      assertTrue(at >= 0, help);
      String line = help.substring(at, Math.min(help.length(), at + 400));
      // An option whose default depends on another (isoflop's: 0, or 1,000 draws for --method
      // akima) states each.
      String stated =
          bootstrap.defaultValue() == null ? "default " : "default: " + bootstrap.defaultValue();
      assertTrue(
          line.contains(stated),
          command.getCommandSpec().qualifiedName()
              + " --bootstrap says no '"
              + stated
              + "': "
              + line);
      checked.add(command.getCommandSpec().qualifiedName());
    }
    command.getSubcommands().values().forEach(c -> visit(c, checked));
  }
}
