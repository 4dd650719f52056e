package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code lawfit inspect} run in-process: exit codes, what goes to stdout, stderr and --out. */
class InspectCommandTest {
  private static final String GOOD =
      "run,family,params,tokens,loss\n"
          + "a,tiny,1e6,1e8,3.5\na,tiny,1e6,2e8,3.25\nb,tiny,2e6,1e8,3.125\n";

  @TempDir Path dir;

  private record Result(int status, String out, String err) {
    List<String> errLines() {
      return err.lines().toList();
    }
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Cli.create(new PrintWriter(out), new PrintWriter(err)).execute(args);
    return new Result(status, out.toString(), err.toString());
  }

  @Test
  void goodLogExitsZeroAndPrintsTheTable() throws IOException {
    Path file = write("runs.csv", GOOD);
    Result r = run("inspect", file.toString());
    assertEquals(ExitCodes.OK, r.status(), r.err());
    assertEquals("", r.err());
    assertTrue(r.out().contains("file     " + file + "  (csv, 3 rows)"), r.out());
    assertTrue(r.out().contains("columns  run, family, params, tokens, loss"), r.out());
    String row = r.out().lines().filter(l -> l.startsWith("tiny")).findFirst().orElseThrow();
    assertEquals(
        List.of("tiny", "2", "3", "1e6", "2e6", "1e8", "2e8", "3.13", "3.5"),
        List.of(row.split("\\s+")));
  }

  @Test
  void jsonFormatIsAVersionedDocument() throws IOException {
    Path file = write("runs.csv", GOOD);
    Result r = run("inspect", file.toString(), "--format", "json");
    assertEquals(ExitCodes.OK, r.status(), r.err());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals("lawfit.inspect/2", doc.get("schema").asText());
    assertEquals(2, doc.get("total").get("runs").asInt());
    assertEquals(3, doc.get("total").get("checkpoints").asInt());
    assertEquals(file.toString(), doc.get("files").get(0).get("path").asText());
    assertEquals(3, doc.get("files").get(0).get("rows").asInt());
  }

  @Test
  void jsonRecordsWhichHeaderFeedsEachColumnDerivedTokensIncluded() throws IOException {
    // Headers chosen so that every canonical column comes from somewhere else: a --column mapping
    // (run), an alias
    // (num_params), the eval-over-train rule (eval/loss) and a derivation (tokens = step x
    // batch_size).
    Path file =
        write(
            "tracker.csv",
            "name,train/loss,eval/loss,num_params,step,batch_size\n"
                + "a,3.6,3.5,1e6,100,4096\na,3.3,3.25,1e6,200,4096\nb,3.2,3.125,2e6,100,8192\n");
    Result r = run("inspect", file.toString(), "--column", "run=name", "--format", "json");
    assertEquals(ExitCodes.OK, r.status(), r.err());
    JsonNode load = new ObjectMapper().readTree(r.out()).get("load");
    Map<String, String> expected =
        Map.of(
            "run",
            "name",
            "params",
            "num_params",
            "loss",
            "eval/loss",
            "step",
            "step",
            "batch_size",
            "batch_size",
            "tokens",
            "step x batch_size");
    assertEquals(
        expected,
        new ObjectMapper()
            .convertValue(load.get("columns"), new TypeReference<Map<String, String>>() {}));
    assertEquals("nats", load.get("loss_unit").asText());
    assertEquals(
        819200.0,
        new ObjectMapper().readTree(r.out()).get("total").get("tokens").get("max").asDouble());
  }

  @Test
  void outWritesJsonToTheFileAndNothingToStdout() throws IOException {
    Path file = write("runs.csv", GOOD);
    Path out = dir.resolve("summary.json");
    Result r = run("inspect", file.toString(), "--out", out.toString());
    assertEquals(ExitCodes.OK, r.status(), r.err());
    assertEquals("", r.out());
    assertEquals(
        "lawfit.inspect/2", new ObjectMapper().readTree(out.toFile()).get("schema").asText());
  }

  @Test
  void dropInvalidReportsHowManyRowsAndFromWhichRuns() throws IOException {
    Path file =
        write(
            "diverged.csv",
            "run,tokens,loss\na,1e8,3.5\na,2e8,nan\nb,1e8,3.4\nb,2e8,inf\nb,3e8,nan\n");
    Result r = run("inspect", file.toString(), "--drop-invalid");
    assertEquals(ExitCodes.OK, r.status(), r.err());
    assertTrue(r.out().contains("dropped 2 rows: loss is NaN (a: 1, b: 1)"), r.out());
    assertTrue(r.out().contains("dropped 1 row: loss is infinite (b: 1)"), r.out());
  }

  /** Bad logs: exit 2, one line on stderr naming file:line, nothing on stdout. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "nan.csv      | run,tokens,loss\\na,1e8,3.5\\na,2e8,NaN\\n     | :3:3: loss is NaN",
        "inf.csv      | run,tokens,loss\\na,1e8,inf\\n                 | :2:3: loss is infinite",
        "text.csv     | run,tokens,loss\\na,1e8,3.5\\na,2e8,abc\\n     | :3:3: loss is not a number: 'abc'",
        "zero.csv     | run,params,tokens,loss\\na,0,1e8,3.5\\n        | :2:2: params is zero",
        "ragged.csv   | run,tokens,loss\\na,1e8,3.5\\na,2e8\\n         | :3:3: this row has 2 values",
        "dup.csv      | run,tokens,loss\\na,1e8,3.5\\na,1e8,3.4\\n     | :3: run 'a' has a second row at tokens",
        "header.csv   | run,tokens,loss\\n                             | :1: no data rows after the header",
        "noloss.csv   | run,tokens\\na,1e8\\n                          | :1: no 'loss' column",
        "broken.jsonl | {\"run\":\"a\",\"tokens\":1,\"loss\":2}\\n{\"run\"\\n | :3:1: the file ends inside a JSON object",
        "multi.csv    | run,tokens,loss\\na,1e8,\"3\\n5\"\\n              | :2:3: loss is not a number: '3\\n5'"
      })
  void badInputExitsTwoWithOneLineNamingFileAndLine(String name, String text, String expected)
      throws IOException {
    Path file = write(name, text.replace("\\n", "\n"));
    Result r = run("inspect", file.toString());
    assertBadInput(r, "lawfit: " + file + expected);
  }

  @Test
  void missingFileExitsTwo() {
    Path file = dir.resolve("absent.csv");
    assertBadInput(run("inspect", file.toString()), "lawfit: " + file + ": no such file");
  }

  @Test
  void notGzipExitsTwo() throws IOException {
    Path file = write("plain.csv.gz", GOOD);
    assertBadInput(run("inspect", file.toString()), "lawfit: " + file + ": not gzip data");
  }

  @Test
  void badInputLeavesNoOutFile() throws IOException {
    Path file = write("nan.csv", "run,tokens,loss\na,1e8,NaN\n");
    Path out = dir.resolve("summary.json");
    Result r = run("inspect", file.toString(), "--out", out.toString());
    assertBadInput(r, "lawfit: " + file + ":2:3: loss is NaN");
    assertFalse(Files.exists(out));
    assertEquals(List.of(Path.of("nan.csv")), listDir(), "no temporary file left behind");
  }

  @Test
  void badInputLeavesAnExistingOutFileUnchanged() throws IOException {
    Path file = write("nan.csv", "run,tokens,loss\na,1e8,NaN\n");
    Path out = write("summary.json", "{\"previous\": true}\n");
    Result r = run("inspect", file.toString(), "--out", out.toString(), "--format", "json");
    assertBadInput(r, "lawfit: " + file + ":2:3: loss is NaN");
    assertEquals("{\"previous\": true}\n", Files.readString(out));
  }

  @Test
  void columnNamingAnAbsentHeaderExitsTwo() throws IOException {
    Path file = write("runs.csv", GOOD);
    Result r = run("inspect", file.toString(), "--column", "step=iteration");
    assertBadInput(r, "lawfit: --column step=iteration: no input file has a column 'iteration'");
  }

  @Test
  void columnWithAnUnknownCanonicalNameExitsTwo() throws IOException {
    Path file = write("runs.csv", GOOD);
    Result r = run("inspect", file.toString(), "--column", "perplexity=ppl");
    assertBadInput(r, "lawfit: --column perplexity=ppl: 'perplexity' is not a canonical column");
  }

  @Test
  void unknownFamilyExitsTwo() throws IOException {
    Path file = write("runs.csv", GOOD);
    Result r = run("inspect", file.toString(), "--family", "nosuch");
    assertBadInput(r, "lawfit: --family nosuch: no such family; families are tiny");
  }

  @Test
  void unknownGroupByListsTheUsableColumns() throws IOException {
    Path file = write("runs.csv", "run,tokens,loss\na,1e8,3.5\n");
    Result r = run("inspect", file.toString(), "--group-by", "width");
    assertBadInput(r, "lawfit: --group-by width: no such column; use family, run");
    assertEquals("lawfit: --group-by width: no such column; use family, run", r.err().strip());
  }

  @Test
  void oneRowFileIsCountedInTheSingular() throws IOException {
    Path file = write("one.csv", "run,tokens,loss\na,1e8,3.5\n");
    Result r = run("inspect", file.toString());
    assertTrue(r.out().contains("(csv, 1 row)"), r.out());
  }

  @Test
  void unknownOptionExitsTwo() throws IOException {
    Path file = write("runs.csv", GOOD);
    Result r = run("inspect", file.toString(), "--no-such-option");
    assertEquals(ExitCodes.BAD_INPUT, r.status());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("lawfit: Unknown option: '--no-such-option'"), r.err());
  }

  @Test
  void inspectWithoutFilesExitsTwo() {
    Result r = run("inspect");
    assertEquals(ExitCodes.BAD_INPUT, r.status());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("lawfit: Missing required parameter"), r.err());
  }

  @Test
  void helpExitsZeroWithUsageOnStdout() {
    Result r = run("inspect", "--help");
    assertEquals(ExitCodes.OK, r.status());
    assertEquals("", r.err());
    assertTrue(r.out().startsWith("Usage: lawfit inspect"), r.out());
    assertTrue(r.out().contains("--drop-invalid"), r.out());
  }

  @Test
  void noCommandExitsTwoWithUsageOnStderr() {
    Result r = run();
    assertEquals(ExitCodes.BAD_INPUT, r.status());
    assertEquals("", r.out());
    assertEquals("lawfit: missing command", r.errLines().get(0));
    assertTrue(r.err().contains("inspect"), r.err());
  }

  private static void assertBadInput(Result r, String expectedStart) {
    assertEquals(ExitCodes.BAD_INPUT, r.status(), r.err());
    assertEquals("", r.out());
    assertEquals(1, r.errLines().size(), r.err());
    assertTrue(r.err().endsWith("\n") || r.err().endsWith(System.lineSeparator()), r.err());
    assertTrue(
        r.err().startsWith(expectedStart),
        "expected '" + expectedStart + "' at the start of: " + r.err());
  }

  private List<Path> listDir() throws IOException {
    List<Path> names = new ArrayList<>();
    try (var files = Files.list(dir)) {
      files.map(Path::getFileName).sorted().forEach(names::add);
    }
    return names;
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }
}
