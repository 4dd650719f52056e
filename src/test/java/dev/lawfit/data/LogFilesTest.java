package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFilesTest {
  @TempDir Path dir;

  @Test
  void aFolderStandsForItsLogFilesRecursivelyInPathOrder() throws Exception {
    Files.createDirectories(dir.resolve("b/deeper"));
    Files.writeString(dir.resolve("b/deeper/z.csv"), "x");
    Files.writeString(dir.resolve("b/a.jsonl.gz"), "x");
    Files.writeString(dir.resolve("c.tsv"), "x");
    Files.writeString(dir.resolve("notes.txt"), "not a log");
    Files.writeString(dir.resolve("a.json"), "x");
    // A baseline fit kept next to the logs is a lawfit document, not a log.
    Files.writeString(
        dir.resolve("b/baseline.json"),
        "{\n  \"schema\" : \"lawfit.fits/1\",\n  \"groups\" : [ ]\n}\n");
    Path single = dir.resolve("c.tsv");
    assertEquals(
        List.of(
            dir.resolve("a.json"),
            dir.resolve("b/a.jsonl.gz"),
            dir.resolve("b/deeper/z.csv"),
            dir.resolve("c.tsv"),
            single),
        LogFiles.expand(List.of(dir, single)));
  }

  @Test
  void aFolderWithoutLogsIsAnError() throws Exception {
    Files.writeString(dir.resolve("readme.md"), "x");
    InputException e = assertThrows(InputException.class, () -> LogFiles.expand(List.of(dir)));
    assertEquals(dir.toString(), e.file());
    assertTrue(e.getMessage().contains("no log files"), e.getMessage());
  }

  @Test
  void fitReadsEveryLogBelowAFolderAsOneDataset() throws Exception {
    Files.createDirectories(dir.resolve("logs/more"));
    CliRunner a =
        CliRunner.run(
            "simulate",
            "--family",
            "a",
            "--sizes",
            "2e7,1e8,5e8",
            "--checkpoints",
            "10",
            "--out",
            dir.resolve("logs/a.csv").toString());
    CliRunner b =
        CliRunner.run(
            "simulate",
            "--family",
            "b",
            "--sizes",
            "2e7,1e8,5e8",
            "--checkpoints",
            "10",
            "--seed",
            "2",
            "--out",
            dir.resolve("logs/more/b.csv").toString());
    assertEquals(0, a.exitCode() + b.exitCode());
    CliRunner r = CliRunner.run("inspect", dir.resolve("logs").toString(), "--format", "json");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("\"runs\" : 6"), r.out());
    assertTrue(r.out().contains("logs/a.csv") && r.out().contains("logs/more/b.csv"), r.out());
  }
}
