package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalProgressTest {
  @Test
  void showsOnlyOnAnInteractiveTerminalWithoutQuietOrCi() {
    assertTrue(TerminalProgress.shows(true, Map.of(), false));
    assertFalse(TerminalProgress.shows(false, Map.of(), false), "not a terminal");
    assertFalse(TerminalProgress.shows(true, Map.of(), true), "-q");
    assertFalse(TerminalProgress.shows(true, Map.of("CI", "true"), false), "CI set");
    assertFalse(TerminalProgress.shows(true, Map.of("CI", ""), false), "CI set, even empty");
  }

  @Test
  void aShownBarCountsEveryStepOnItsStream() {
    StringWriter text = new StringWriter();
    try (TerminalProgress p =
        TerminalProgress.on(new PrintWriter(text), "bootstrap", "resamples")) {
      p.add(6);
      p.add(4);
      for (int i = 0; i < 10; i++) {
        p.step();
      }
    }
    String shown = text.toString();
    assertTrue(shown.contains("bootstrap") && shown.contains("10/10"), shown);
  }

  /**
   * Tests run without a console: a bootstrap fit and a grouped fit print nothing on stderr, with or
   * without -q.
   */
  @Test
  void printsNothingWhenNotInteractiveNorUnderQuiet() {
    String runs = FitFixtures.runs().toString();
    for (String[] args :
        new String[][] {
          {
            "fit",
            runs,
            "--law",
            "chinchilla",
            "--family",
            "a",
            "--bootstrap",
            "20",
            "--format",
            "json"
          },
          {
            "fit",
            runs,
            "--law",
            "chinchilla",
            "--family",
            "a",
            "--bootstrap",
            "20",
            "--format",
            "json",
            "-q"
          },
          {"fit", runs, "--law", "chinchilla", "--group-by", "family", "--format", "json", "-q"}
        }) {
      CliRunner r = CliRunner.run(args);
      assertEquals(0, r.exitCode(), r.toString());
      assertEquals("", r.err(), String.join(" ", args));
    }
  }

  /**
   * Runs lawfit in-process as if stderr were a terminal (unless CI is set in this JVM's
   * environment).
   */
  private static CliRunner onATerminal(String... args) {
    BooleanSupplier was = TerminalProgress.interactive;
    TerminalProgress.interactive = () -> true;
    try {
      return CliRunner.run(args);
    } finally {
      TerminalProgress.interactive = was;
    }
  }

  /**
   * On a terminal the hparams and critical-batch bootstraps show a bar on the command's own error
   * writer that counts every resample of every law, and the document is the same bytes as without
   * it.
   */
  @Test
  void hparamsAndCriticalBatchShowTheirBootstrapOnTheCommandsErrorWriter(@TempDir Path dir)
      throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getenv("CI") == null, "progress never shows under CI");
    String sweep = dir.resolve("sweep.csv").toString();
    assertEquals(
        0,
        CliRunner.run("simulate", "sweep", "--checkpoints", "8", "--seed", "3", "--out", sweep)
            .exitCode());
    for (String command : new String[] {"hparams", "critical-batch"}) {
      String[] args = {command, sweep, "--bootstrap", "60", "--seed", "4", "--format", "json"};
      CliRunner plain = CliRunner.run(args);
      CliRunner shown = onATerminal(args);
      assertEquals(0, shown.exitCode(), shown.toString());
      // Only the analysis's warnings (on stderr since issue 11): no terminal, no bar.
      assertTrue(
          plain.err().lines().allMatch(l -> l.startsWith("lawfit: warning: ")),
          "no terminal, no bar: " + plain.err());
      assertEquals(plain.out(), shown.out(), command + ": the bar changes nothing in the document");
      JsonNode doc = new ObjectMapper().readTree(shown.out());
      long laws =
          command.equals("hparams") ? countLaws(doc.get("laws")) : doc.get("law").isNull() ? 0 : 1;
      assertTrue(laws > 0, shown.out());
      long total = laws * 60;
      assertTrue(
          shown.err().contains("bootstrap") && shown.err().contains(total + "/" + total),
          command + ": " + shown.err());
      String[] quiet = java.util.Arrays.copyOf(args, args.length + 1);
      quiet[args.length] = "-q";
      assertEquals("", onATerminal(quiet).err(), command + " -q: no bar");
    }
  }

  private static long countLaws(JsonNode laws) {
    long n = 0;
    for (JsonNode law : laws) {
      n += law.isNull() ? 0 : 1;
    }
    return n;
  }
}
