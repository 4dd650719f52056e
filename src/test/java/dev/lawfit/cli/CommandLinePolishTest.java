package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandLinePolishTest {
  @TempDir Path dir;

  private static CommandLine cli() {
    return Cli.create(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
  }

  /** Every command and subcommand, by its qualified name ("lawfit plot loss"). */
  private static Map<String, CommandLine> commands() {
    Map<String, CommandLine> all = new LinkedHashMap<>();
    Deque<CommandLine> todo = new ArrayDeque<>(List.of(cli()));
    while (!todo.isEmpty()) {
      CommandLine c = todo.pop();
      all.put(c.getCommandSpec().qualifiedName(), c);
      todo.addAll(c.getSubcommands().values());
    }
    return all;
  }

  /**
   * The examples of a help text: lines after "Examples:" that start with "lawfit", continuation
   * lines joined.
   */
  static List<String> examples(String help) {
    List<String> out = new ArrayList<>();
    String after = help.substring(help.indexOf("Examples:"));
    StringBuilder current = null;
    for (String line : after.split("\n")) {
      if (current != null) {
        current.append(' ').append(line.strip());
      } else if (line.strip().startsWith("lawfit ")) {
        current = new StringBuilder(line.strip());
      }
      if (current != null && current.toString().endsWith(" \\")) {
        current.setLength(current.length() - 2);
      } else if (current != null) {
        out.add(current.toString());
        current = null;
      }
    }
    return out;
  }

  /**
   * Words as a shell splits them (quotes kept together), up to a redirection or a pipe, without
   * "lawfit".
   */
  static List<String> arguments(String example) {
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(example);
    while (m.find()) {
      String word = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      if (m.group(3) != null && word.matches("[<>|].*|\\d?>>?.*")) {
        break;
      }
      words.add(word);
    }
    assertEquals("lawfit", words.get(0), example);
    return words.subList(1, words.size());
  }

  @Test
  void everyCommandsHelpHasExamplesThatParse() {
    Map<String, CommandLine> all = commands();
    assertTrue(
        all.containsKey("lawfit plot loss") && all.containsKey("lawfit generate-completion"),
        all.keySet().toString());
    for (Map.Entry<String, CommandLine> e : all.entrySet()) {
      String help = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertTrue(help.contains("\nExamples:\n"), e.getKey() + " has no Examples: footer\n" + help);
      List<String> examples = examples(help);
      assertFalse(examples.isEmpty(), e.getKey() + " shows no example\n" + help);
      boolean own = false;
      for (String example : examples) {
        // A chained example (a && b) shows each of its lawfit commands: all must parse, and one
        // example at least runs this command.
        List<String> ran = new ArrayList<>();
        for (String part : example.split(" && ")) {
          List<CommandLine> chain =
              cli().parseArgs(arguments(part.strip()).toArray(String[]::new)).asCommandLineList();
          ran.add(chain.get(chain.size() - 1).getCommandSpec().qualifiedName());
        }
        // A command with subcommands (lawfit, plot) shows examples of them.
        boolean group = !e.getValue().getSubcommands().isEmpty();
        own |=
            ran.stream()
                .anyMatch(r -> r.equals(e.getKey()) || group && r.startsWith(e.getKey() + " "));
      }
      assertTrue(own, "no example of " + e.getKey() + " runs it: " + examples);
    }
  }

  @Test
  void usageLinesStayShortAndReadable() {
    for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
      String help = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
      assertFalse(
          help.matches("(?s).*\\[,\\w+\\.\\.\\.]]\\.\\.\\..*"),
          e.getKey() + " repeats a split option\n" + help);
      String usage = help.substring(0, help.indexOf('\n'));
      assertTrue(usage.startsWith("Usage: " + e.getKey() + " [OPTIONS]"), usage);
    }
  }

  @Test
  void wrappedExamplesIndentAndContinue() {
    CommandLine root = cli();
    root.getCommandSpec().usageMessage().width(60);
    String help = root.getUsageMessage(CommandLine.Help.Ansi.OFF);
    String after = help.substring(help.indexOf("Examples:"));
    assertTrue(after.contains(" \\\n      "), after);
    for (String line : after.split("\n")) {
      assertTrue(line.length() <= 60, line);
    }
  }

  @Test
  void enumValuesPrintAndParseAsTyped() {
    String inspect = CliRunner.run("inspect", "--help").out().replaceAll("\\s+", " ");
    assertTrue(inspect.contains("csv, tsv, jsonl, json"), inspect);
    assertTrue(inspect.contains("error, first, last, mean"), inspect);
    assertTrue(inspect.contains("table, json, csv, markdown"), inspect);
    assertTrue(CliRunner.run("critical-batch", "--help").out().contains("gradient-noise"));
    for (String value : new String[] {"csv", "CSV", "jsonl"}) {
      cli().parseArgs("inspect", "x", "--input-format", value);
    }
    CliRunner bad = CliRunner.run("inspect", "x", "--input-format", "parquet");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("'parquet' is not one of csv, tsv, jsonl, json"), bad.err());
  }

  @Test
  void completionScriptIsValidBashAndCompletesTheRealFormats()
      throws IOException, InterruptedException {
    CliRunner r = CliRunner.run("generate-completion");
    assertEquals(0, r.exitCode());
    Path script = dir.resolve("lawfit-completion.bash");
    Files.writeString(script, r.out());
    Process bash;
    try {
      bash = new ProcessBuilder("bash", "-n", script.toString()).redirectErrorStream(true).start();
    } catch (IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no bash: " + e.getMessage());
      return;
    }
    String said = new String(bash.getInputStream().readAllBytes());
    assertEquals(0, bash.waitFor(), said);
    // Each command's function names its candidate lists after the parameter labels: two alike would
    // clash.
    for (String function : r.out().split("\nfunction ")) {
      List<String> lists = new ArrayList<>();
      Matcher m = Pattern.compile("local (\\w+_option_args)=").matcher(function);
      while (m.find()) {
        assertFalse(lists.contains(m.group(1)), m.group(1) + " declared twice");
        lists.add(m.group(1));
      }
    }
    Matcher formats =
        Pattern.compile("local (\\w+)=\\(([^)]*)\\) # --input-format values").matcher(r.out());
    int found = 0;
    while (formats.find()) {
      assertEquals("\"csv\" \"tsv\" \"jsonl\" \"json\"", formats.group(2));
      found++;
    }
    assertTrue(found > 0, "no --input-format candidates in the script");
    assertTrue(r.out().contains("(\"table\" \"json\" \"csv\" \"markdown\") # --format values"));
  }

  @Test
  void aMistypedOptionGetsOneLineWithASuggestion() {
    CliRunner r = CliRunner.run("fit", "runs.csv", "--law", "chinchilla", "--bootstrp", "10");
    assertEquals(2, r.exitCode());
    // picocli ranks the near names itself (--bounds is as near as --bootstrap): one line that
    // offers the intended one.
    assertTrue(r.err().startsWith("lawfit: Unknown option: '--bootstrp'; did you mean "), r.err());
    assertTrue(
        r.err().contains("--bootstrap") && r.err().endsWith("(see 'lawfit fit --help')\n"),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    CliRunner c = CliRunner.run("fitt");
    assertTrue(
        c.err().startsWith("lawfit: ")
            && c.err().contains("did you mean fit")
            && c.err().lines().count() == 1,
        c.err());
  }

  @Test
  void swappedLettersStillFindTheCommandOrOption() {
    // Two swapped letters share no bigram with the word they spoil: picocli alone offered
    // "optimal or critical-batch or generate-completion" for fti.
    CliRunner fti = CliRunner.run("fti");
    assertEquals(2, fti.exitCode());
    assertEquals(
        "lawfit: Unknown command: 'fti'; did you mean fit? (see 'lawfit --help')\n", fti.err());
    // An unknown option that leaves a required one missing is the mistake named.
    CliRunner lwa = CliRunner.run("fit", "runs.csv", "--lwa", "chinchilla");
    assertEquals(2, lwa.exitCode());
    assertEquals(
        "lawfit: Unknown option: '--lwa'; did you mean --law? (see 'lawfit fit --help')\n",
        lwa.err());
    assertEquals(
        "lawfit: Unknown command: 'lsos'; did you mean loss? (see 'lawfit plot --help')\n",
        CliRunner.run("plot", "lsos", "fit.json").err());
    // A missing option that is a choice names the choices.
    assertEquals(
        "lawfit: Missing required option: '--law=LAW'; LAW is one of chinchilla, kaplan, power,"
            + " power-params, power-tokens, power-compute (see 'lawfit fit --help')\n",
        CliRunner.run("fit", "runs.csv").err());
    // A misspelt law is offered the nearest one.
    CliRunner law = CliRunner.run("fit", "runs.csv", "--law", "chinchila");
    assertEquals(2, law.exitCode());
    assertTrue(
        law.err().startsWith("lawfit: --law chinchila: unknown law 'chinchila'; valid: "),
        law.err());
    assertTrue(law.err().endsWith("; did you mean chinchilla?\n"), law.err());
    // A word where a command takes options only.
    CliRunner extra = CliRunner.run("simulate", "sweep", "extra");
    assertEquals(2, extra.exitCode());
    assertEquals(
        "lawfit: Unexpected argument: 'extra'; lawfit simulate sweep takes options only"
            + " (see 'lawfit simulate sweep --help')\n",
        extra.err());
    CliRunner nothingNear = CliRunner.run("fit", "runs.csv", "--law", "chinchilla", "--zzzzzz");
    assertEquals(
        "lawfit: Unknown option: '--zzzzzz' (see 'lawfit fit --help')\n", nothingNear.err());
  }

  @Test
  void editDistanceCountsASwapAsOneEdit() {
    assertEquals(0, Suggestions.distance("fit", "fit"));
    assertEquals(1, Suggestions.distance("fti", "fit"));
    assertEquals(3, Suggestions.distance("", "abc"));
    // Levenshtein's textbook pair: no swap helps.
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
    // The restricted (optimal string alignment) form edits no substring twice: 3, where the
    // unrestricted Damerau-Levenshtein distance is 2 (ca -> ac -> abc).
    assertEquals(3, Suggestions.distance("ca", "abc"));
    assertEquals(
        java.util.List.of("--group-by"),
        Suggestions.nearest("--gruop-by", java.util.List.of("--law", "--group-by", "--where")));
  }

  @Test
  void aLogWhereAFitIsExpectedSaysSo() {
    String runs = FitFixtures.runs().toString();
    String expected =
        "lawfit: "
            + runs
            + ": looks like a run log, not a fit document: make one with lawfit fit "
            + runs
            + " --out fit.json\n";
    CliRunner predict = CliRunner.run("predict", runs, "-N", "1e9", "-D", "2e10");
    assertEquals(2, predict.exitCode());
    assertEquals(expected, predict.err());
    assertEquals(expected, CliRunner.run("optimal", runs, "-C", "1e21").err());
    assertEquals(expected, CliRunner.run("check", runs, FitFixtures.plainFit().toString()).err());
  }
}
