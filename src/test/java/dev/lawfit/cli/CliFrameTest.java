package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliFrameTest {
  @TempDir
  Path dir;

  @Test
  void versionNamesTheProjectVersionFromMaven() {
    CliRunner r = CliRunner.run("--version");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().startsWith("lawfit " + VersionProvider.version() + "\n"), r.out());
    assertTrue(VersionProvider.version().matches("\\d+\\.\\d+\\.\\d+.*"), VersionProvider.version());
  }

  @Test
  void helpListsCommandsButNotTheHiddenCompletionGenerator() {
    CliRunner r = CliRunner.run("--help");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("inspect"));
    assertTrue(r.out().contains("simulate"));
    assertFalse(r.out().contains("generate-completion"));
  }

  @Test
  void completionScriptIsStillAvailable() {
    CliRunner r = CliRunner.run("generate-completion");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().contains("lawfit"));
  }

  @Test
  void everyCommandHasHelpWithAnExample() {
    for (String command : new String[] {"inspect", "simulate"}) {
      CliRunner r = CliRunner.run(command, "--help");
      assertEquals(0, r.exitCode(), command);
      assertTrue(r.out().contains("Example"), command + " help has an example");
    }
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
