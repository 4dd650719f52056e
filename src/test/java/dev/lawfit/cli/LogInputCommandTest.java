package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader's options and messages as a user meets them: --limit, standard input, warnings on
 * stderr.
 */
class LogInputCommandTest {
  private static final String LOG =
      "run,params,tokens,loss\na,1e6,1e8,3.5\na,1e6,2e8,3.4\nb,2e6,1e8,3.3\nb,2e6,2e8,3.2\n";

  @TempDir Path dir;

  @Test
  void limitOptionIsCheckedBeforeAnyFileIsRead() {
    CliRunner r =
        CliRunner.run("inspect", dir.resolve("absent.csv").toString(), "--limit", "rows=lots");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(
        "lawfit: --limit rows=lots: rows must be a whole number (optionally with k, M, G or T), got 'lots'\n",
        r.err());
    CliRunner unknown =
        CliRunner.run("inspect", dir.resolve("absent.csv").toString(), "--limit", "lines=5");
    assertEquals(2, unknown.exitCode(), unknown.toString());
    assertTrue(
        unknown
            .err()
            .startsWith(
                "lawfit: --limit lines=5: unknown limit 'lines'; limits are value-length, columns"),
        unknown.err());
  }

  @Test
  void exceededLimitIsExitTwoNamingFileLimitAndOption() throws Exception {
    Path file = Files.writeString(dir.resolve("runs.csv"), LOG);
    CliRunner r = CliRunner.run("inspect", file.toString(), "--limit", "rows=3");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(
        "lawfit: "
            + file
            + ":5: more than 3 rows (the rows limit is 3; raise it with --limit rows=N if this really is "
            + "a log)\n",
        r.err());
    assertEquals(0, CliRunner.run("inspect", file.toString(), "--limit", "rows=4").exitCode());
  }

  @Test
  void isolatedRunSizeIsAWarningOnStderrUnlessQuiet() throws Exception {
    Path file = Files.writeString(dir.resolve("runs.csv"), LOG + "c,5e10,1e8,3.0\n");
    CliRunner r = CliRunner.run("inspect", file.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(
        "lawfit: warning: run 'c' has params 50000000000, more than 3 decades from every other run's (the nearest "
            + "is 2000000): check the value, or leave the run out with --exclude-run\n",
        r.err());
    CliRunner quiet = CliRunner.run("-q", "inspect", file.toString());
    assertEquals(0, quiet.exitCode(), quiet.toString());
    assertEquals("", quiet.err());
  }

  @Test
  void dashReadsStandardInputAsCsv() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lawfit.cli.Main",
                "inspect",
                "-",
                "--format",
                "json")
            .redirectErrorStream(false)
            .start();
    try (var in = p.getOutputStream()) {
      in.write(LOG.getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lawfit did not finish");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), err);
    var doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out);
    assertEquals("-", doc.at("/files/0/path").asText(), out);
    assertEquals(
        List.of("csv", "4"),
        List.of(doc.at("/files/0/format").asText(), doc.at("/files/0/rows").asText()),
        out);
  }
}
