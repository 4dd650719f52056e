package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TerminalProgress p = TerminalProgress.on(new PrintStream(bytes, true, StandardCharsets.UTF_8), "bootstrap", "resamples")) {
      p.add(6);
      p.add(4);
      for (int i = 0; i < 10; i++) {
        p.step();
      }
    }
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(shown.contains("bootstrap") && shown.contains("10/10"), shown);
  }

  /** Tests run without a console: a bootstrap fit and a grouped fit print nothing on stderr, with or without -q. */
  @Test
  void printsNothingWhenNotInteractiveNorUnderQuiet() {
    String runs = FitFixtures.runs().toString();
    for (String[] args : new String[][] {
        {"fit", runs, "--law", "chinchilla", "--family", "a", "--bootstrap", "20", "--format", "json"},
        {"fit", runs, "--law", "chinchilla", "--family", "a", "--bootstrap", "20", "--format", "json", "-q"},
        {"fit", runs, "--law", "chinchilla", "--group-by", "family", "--format", "json", "-q"}}) {
      CliRunner r = CliRunner.run(args);
      assertEquals(0, r.exitCode(), r.toString());
      assertEquals("", r.err(), String.join(" ", args));
    }
  }
}
