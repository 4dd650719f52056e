package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input stops the load with one {@link InputException} that names the file, the
 * line and (where there is one) the column, in words a user can act on.
 */
class LogLoaderBadInputTest {
  private static final String HEADER = "run,params,tokens,loss\n";

  @TempDir Path dir;

  // --- files that cannot be read as a log at all

  @Test
  void missingFileIsNamed() {
    Path file = dir.resolve("nowhere.csv");
    InputException e = fails(file);
    assertLocation(e, file, 0, 0);
    assertEquals(file + ": no such file", e.getMessage());
  }

  @Test
  void directoryIsNotMistakenForAnUnknownFormat() throws IOException {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    InputException e = fails(logs);
    assertLocation(e, logs, 0, 0);
    assertTrue(e.getMessage().endsWith("is a directory, not a log file"), e.getMessage());
  }

  @Test
  void emptyFileSaysItIsEmpty() throws IOException {
    Path file = write("empty.csv", "");
    InputException e = fails(file);
    assertLocation(e, file, 0, 0);
    assertTrue(e.getMessage().contains("the file is empty"), e.getMessage());
  }

  @Test
  void fileOfBlankLinesIsEmpty() throws IOException {
    Path file = write("blank.csv", "\n\n\n");
    assertTrue(fails(file).getMessage().contains("the file is empty"));
  }

  @Test
  void headerWithoutRowsNamesTheHeaderLine() throws IOException {
    Path file = write("header.csv", HEADER);
    InputException e = fails(file);
    assertLocation(e, file, 1, 0);
    assertTrue(e.getMessage().endsWith("no data rows after the header"), e.getMessage());
  }

  @Test
  void headerFollowedByBlankLinesNamesTheHeaderLine() throws IOException {
    Path file = write("blanks.csv", HEADER + "\n\n\n");
    assertLocation(fails(file), file, 1, 0);
  }

  @Test
  void emptyJsonFileSaysItIsEmpty() throws IOException {
    Path file = write("empty.jsonl", "");
    assertLocation(fails(file), file, 0, 0);
    assertTrue(fails(file).getMessage().endsWith("the file is empty"));
  }

  @Test
  void unknownExtensionAsksForAFormat() throws IOException {
    Path file = write("runs.txt", HEADER + "a,1e6,1e8,3.5\n");
    InputException e = fails(file);
    assertLocation(e, file, 0, 0);
    assertTrue(e.getMessage().contains("unknown format"), e.getMessage());
    assertTrue(e.getMessage().contains("--input-format"), e.getMessage());
  }

  @Test
  void binaryGarbageIsRejectedAsBinary() throws IOException {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    garbage[100] = 0;
    Path file = dir.resolve("garbage.csv");
    Files.write(file, garbage);
    InputException e = fails(file);
    assertLocation(e, file, 0, 0);
    assertTrue(e.getMessage().contains("binary data, not a text log"), e.getMessage());
  }

  @Test
  void invalidUtf8NamesTheLineAndCharacter() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes((HEADER + "a,1e6,1e8,3.5\n").getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes("b\u00e9".getBytes(StandardCharsets.UTF_8)); // two characters, both valid
    bytes.write(0xff);
    bytes.writeBytes(",1e6,1e8,3.5\n".getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("latin.csv");
    Files.write(file, bytes.toByteArray());
    InputException e = fails(file);
    assertLocation(e, file, 3, 0);
    assertTrue(
        e.getMessage().contains("not UTF-8 text: byte 0xFF at character 3 of this line"),
        e.getMessage());
  }

  @Test
  void gzipNameOnPlainTextSaysItIsNotGzip() throws IOException {
    Path file = write("runs.csv.gz", HEADER + "a,1e6,1e8,3.5\n");
    InputException e = fails(file);
    assertLocation(e, file, 0, 0);
    assertTrue(
        e.getMessage().endsWith("not gzip data, though the name ends in .gz"), e.getMessage());
  }

  @Test
  void truncatedGzipSaysItIsTruncated() throws IOException {
    byte[] whole = gzip(HEADER + "a,1e6,1e8,3.5\n".repeat(200));
    Path file = dir.resolve("cut.csv.gz");
    Files.write(file, Arrays.copyOf(whole, whole.length / 2));
    InputException e = fails(file);
    assertLocation(e, file, 0, 0);
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void problemInsideGzipNamesTheCompressedFileAndLine() throws IOException {
    Path file = dir.resolve("runs.csv.gz");
    Files.write(file, gzip(HEADER + "a,1e6,1e8,3.5\na,1e6,2e8,oops\n"));
    InputException e = fails(file);
    assertLocation(e, file, 3, 4);
    assertTrue(e.getMessage().endsWith("loss is not a number: 'oops'"), e.getMessage());
  }

  @Test
  void fiftyMegabyteLineIsRejectedQuicklyWithItsLine() throws IOException {
    Path file = dir.resolve("oneline.csv");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(HEADER.getBytes(StandardCharsets.UTF_8));
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'x');
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
    }
    InputException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> fails(file));
    assertLocation(e, file, 2, 0);
    assertTrue(
        e.getMessage()
            .contains("a value longer than " + (int) Limits.DEFAULTS.valueLength() + " characters"),
        e.getMessage());
  }

  @Test
  void fiftyMegabyteLineOfShortValuesIsRejectedWithoutHoldingThem() throws IOException {
    Path file = dir.resolve("commas.csv");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write(HEADER.getBytes(StandardCharsets.UTF_8));
      byte[] chunk = "1,".repeat(1 << 19).getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 50; i++) {
        out.write(chunk);
      }
    }
    InputException e = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> fails(file));
    assertLocation(e, file, 2, 5);
    assertTrue(
        e.getMessage()
            .endsWith("this row has " + (50 * (1 << 19) + 1) + " values but the header has 4"),
        e.getMessage());
  }

  @Test
  void headerWithTooManyColumnsIsNotALog() throws IOException {
    Path file = write("wide.csv", "c,".repeat((int) Limits.DEFAULTS.columns() + 10) + "\n");
    InputException e = fails(file);
    assertLocation(e, file, 1, (int) Limits.DEFAULTS.columns() + 1);
    assertTrue(
        e.getMessage().contains("more than " + (int) Limits.DEFAULTS.columns() + " columns"),
        e.getMessage());
  }

  @Test
  void jsonWithTooManyDistinctKeysIsNotALog() throws IOException {
    StringBuilder text = new StringBuilder("{\"run\":\"a\",\"tokens\":1,\"loss\":2");
    for (int i = 0; i < (int) Limits.DEFAULTS.columns(); i++) {
      text.append(",\"k").append(i).append("\":1");
    }
    Path file = write("keys.jsonl", text.append("}\n").toString());
    InputException e = fails(file);
    assertEquals(1, e.line());
    assertTrue(
        e.getMessage().contains("more than " + (int) Limits.DEFAULTS.columns() + " columns"),
        e.getMessage());
  }

  @Test
  void overlongJsonStringNamesItsLine() throws IOException {
    Path file =
        write(
            "long.jsonl",
            "{\"run\":\"a\",\"tokens\":1,\"loss\":2}\n{\"run\":\""
                + "x".repeat((int) Limits.DEFAULTS.valueLength() + 1)
                + "\"}\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 0);
    assertTrue(e.getMessage().contains("a value longer than"), e.getMessage());
  }

  // --- tables of the wrong shape

  @Test
  void missingLossColumnListsTheColumnsAndTheFix() throws IOException {
    Path file = write("noloss.csv", "run,params,tokens\na,1e6,1e8\n");
    InputException e = fails(file);
    assertLocation(e, file, 1, 0);
    assertEquals(
        file
            + ":1: no 'loss' column; columns are run, params, tokens; name it with --column loss=YOURS",
        e.getMessage());
  }

  @Test
  void missingTokensColumnMentionsDerivingThemFromFlops() throws IOException {
    Path file = write("notokens.csv", "run,params,loss\na,1e6,3.5\n");
    InputException e = fails(file);
    assertLocation(e, file, 1, 0);
    assertTrue(e.getMessage().contains("no 'tokens' column"), e.getMessage());
    assertTrue(e.getMessage().contains("derived from 'flops' and 'params'"), e.getMessage());
  }

  @Test
  void shortRaggedRowNamesTheFirstMissingColumn() throws IOException {
    Path file = write("ragged.csv", HEADER + "a,1e6,1e8,3.5\na,1e6,2e8\n");
    InputException e = fails(file);
    assertLocation(e, file, 3, 4);
    assertTrue(
        e.getMessage().endsWith("this row has 3 values but the header has 4"), e.getMessage());
  }

  @Test
  void longRaggedRowNamesTheFirstExtraColumn() throws IOException {
    Path file = write("ragged.tsv", "run\tparams\ttokens\tloss\na\t1e6\t1e8\t3.5\t7\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 5);
    assertTrue(
        e.getMessage().endsWith("this row has 5 values but the header has 4"), e.getMessage());
  }

  @Test
  void duplicatedHeaderNameIsNamed() throws IOException {
    Path file = write("twice.csv", "run,tokens,loss,loss\na,1e8,3,3\n");
    InputException e = fails(file);
    assertLocation(e, file, 1, 4);
    assertTrue(e.getMessage().endsWith("the header names column 'loss' twice"), e.getMessage());
  }

  @Test
  void unclosedQuoteIsNamedWhereItOpensNotWhereTheFileEnds() throws IOException {
    // Quoted values before it, one with a doubled quote and a line break inside, parse; the stray
    // quote on line 5 opens a value that swallows the rest of the file.
    Path file =
        write(
            "quote.csv",
            HEADER
                + "\"a \"\"x\"\"\n\",1e6,1e8,3.6\n\"b\",1e6,2e8,3.5\nc,1e6,3e8,\"3.4\n"
                + "c,1e6,4e8,3.3\nc,1e6,5e8,3.2\n");
    InputException e = fails(file);
    assertLocation(e, file, 5, 11);
    assertTrue(
        e.getMessage()
            .endsWith(
                "the quote that opens this value is never closed (the rest of the file, to line 7, "
                    + "would be one value): close it or remove it"),
        e.getMessage());
    Path gz = dir.resolve("quote.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(Files.readAllBytes(file));
    }
    assertLocation(fails(gz), gz, 5, 11);
  }

  @Test
  void quoteThatSwallowsMoreThanTheLongestValueIsNamedWhereItOpens() throws IOException {
    // The parser stops at the value-length limit, long before the end of the file.
    StringBuilder csv = new StringBuilder(HEADER).append("a,1e6,1e8,3.5\na,1e6,2e8,\"3.4\n");
    for (int i = 0; csv.length() < 3 * (int) Limits.DEFAULTS.valueLength(); i++) {
      csv.append("a,1e6,").append(3e8 + i).append(",3.3\n");
    }
    Path file = write("stray.csv", csv.toString());
    InputException e = fails(file);
    assertLocation(e, file, 3, 11);
    assertTrue(
        e.getMessage().contains("the quote that opens this value is never closed"), e.getMessage());
    Path plain =
        write(
            "long.csv", HEADER + "x".repeat((int) Limits.DEFAULTS.valueLength() + 10) + ",1,1,1\n");
    String message = fails(plain).getMessage();
    assertTrue(
        message.contains(
            "is this really a log with one row per line? (the value-length limit is 1048576; "
                + "raise it with --limit value-length=N"),
        "no quote: the limit's message: " + message);
  }

  @Test
  void malformedJsonLineNamesLineAndColumn() throws IOException {
    Path file =
        write(
            "bad.jsonl",
            "{\"run\":\"a\",\"tokens\":1e8,\"loss\":3}\n{\"run\":\"a\" \"tokens\":2e8,\"loss\":3}\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 12);
    assertTrue(e.getMessage().contains("malformed input: Unexpected character"), e.getMessage());
  }

  @Test
  void jsonLinesWithANonObjectLineSaysWhatItFound() throws IOException {
    Path file = write("mixed.jsonl", "{\"run\":\"a\",\"tokens\":1e8,\"loss\":3}\n[1, 2]\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 1);
    assertTrue(
        e.getMessage().endsWith("expected a JSON object, one per checkpoint, found an array"),
        e.getMessage());
  }

  @Test
  void unclosedJsonArraySaysSoWithoutJacksonInternals() throws IOException {
    Path file =
        write(
            "open.json",
            "[{\"run\":\"a\",\"tokens\":1e8,\"loss\":3},\n{\"run\":\"a\",\"tokens\":2e8,\"loss\":3}\n");
    InputException e = fails(file);
    assertEquals(file.toString(), e.file());
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("a JSON array that is not closed"), e.getMessage());
    assertFalse(e.getMessage().contains("Source"), e.getMessage());
  }

  @Test
  void jsonObjectCutOffSaysSo() throws IOException {
    Path file =
        write("cut.jsonl", "{\"run\":\"a\",\"tokens\":1e8,\"loss\":3}\n{\"run\":\"a\",\"tokens\":");
    InputException e = fails(file);
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("a JSON object that is not closed"), e.getMessage());
  }

  @Test
  void jsonDocumentThatIsNotAnArrayIsRejected() throws IOException {
    Path file = write("object.json", "{\"run\":\"a\",\"tokens\":1e8,\"loss\":3}\n");
    InputException e = fails(file);
    assertLocation(e, file, 1, 1);
    assertTrue(
        e.getMessage().endsWith("expected a JSON array of objects, one per checkpoint"),
        e.getMessage());
  }

  @Test
  void jsonArrayValueNamesTheField() throws IOException {
    // Nested objects are read by dotted path (LogExportsCorpusTest); an array is not a value.
    String text = "[{\"run\":\"a\",\"tokens\":1e8,\"metrics\":{\"loss\":[3]}}]\n";
    Path file = write("nested.json", text);
    InputException e = fails(file);
    assertLocation(e, file, 1, text.indexOf("[3]") + 1);
    assertTrue(
        e.getMessage()
            .contains(
                "field 'metrics.loss' holds an array; lawfit reads objects of numbers and text"),
        e.getMessage());
  }

  // --- values that are not usable

  @Test
  void nonNumberNamesLineColumnAndValue() throws IOException {
    Path file = write("text.csv", HEADER + "a,1e6,1e8,3.5\na,1e6,2e8,abc\n");
    InputException e = fails(file);
    assertLocation(e, file, 3, 4);
    assertTrue(e.getMessage().endsWith("loss is not a number: 'abc'"), e.getMessage());
  }

  @Test
  void nonNumberInJsonNamesTheCharacterColumn() throws IOException {
    String line = "{\"run\":\"a\",\"tokens\":\"many\",\"loss\":3}";
    Path file = write("text.jsonl", line + "\n");
    InputException e = fails(file);
    assertLocation(e, file, 1, line.indexOf("\"many\"") + 1);
    assertTrue(e.getMessage().endsWith("tokens is not a number: 'many'"), e.getMessage());
  }

  @Test
  void nanLossIsAnErrorThatPointsToDropInvalid() throws IOException {
    Path file = write("nan.csv", HEADER + "a,1e6,1e8,3.5\na,1e6,2e8,NaN\n");
    InputException e = fails(file);
    assertLocation(e, file, 3, 4);
    assertTrue(
        e.getMessage().endsWith("loss is NaN; pass --drop-invalid to drop such rows"),
        e.getMessage());
  }

  @Test
  void pythonJsonNanLossIsAnUnusableValueNotMalformedJson() throws IOException {
    String line = "{\"run\":\"a\",\"tokens\":1e8,\"loss\":NaN}";
    Path file = write("diverged.jsonl", line + "\n");
    InputException e = fails(file);
    assertLocation(e, file, 1, line.indexOf("NaN") + 1);
    assertTrue(
        e.getMessage().endsWith("loss is NaN; pass --drop-invalid to drop such rows"),
        e.getMessage());
  }

  @Test
  void infiniteLossIsAnError() throws IOException {
    Path file = write("inf.csv", HEADER + "a,1e6,1e8,inf\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 4);
    assertTrue(
        e.getMessage().endsWith("loss is infinite; pass --drop-invalid to drop such rows"),
        e.getMessage());
  }

  @Test
  void severalUnusableRowsAreCountedInTheFirstOnesMessage() throws IOException {
    Path file = write("nans.csv", HEADER + "a,1e6,1e8,nan\na,1e6,2e8,nan\na,1e6,3e8,nan\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 4);
    assertTrue(e.getMessage().contains("loss is NaN (and 2 more rows like it)"), e.getMessage());
  }

  @Test
  void zeroParamsIsAnError() throws IOException {
    Path file = write("zero.csv", HEADER + "a,0,1e8,3.5\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 2);
    assertTrue(e.getMessage().contains("params is zero"), e.getMessage());
  }

  @Test
  void negativeTokensIsAnError() throws IOException {
    Path file = write("neg.csv", HEADER + "a,1e6,-1e8,3.5\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 3);
    assertTrue(e.getMessage().contains("tokens is negative (-100000000)"), e.getMessage());
  }

  @Test
  void zeroLossIsAnError() throws IOException {
    Path file = write("zeroloss.csv", HEADER + "a,1e6,1e8,0\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 4);
    assertTrue(e.getMessage().contains("loss is zero"), e.getMessage());
  }

  @Test
  void negativeLossIsAnError() throws IOException {
    Path file = write("negloss.csv", HEADER + "a,1e6,1e8,-0.5\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 4);
    assertTrue(e.getMessage().contains("loss is negative (-0.5)"), e.getMessage());
  }

  @Test
  void emptyRequiredCellIsMissing() throws IOException {
    Path file = write("hole.csv", HEADER + "a,1e6,1e8,\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 4);
    assertTrue(e.getMessage().contains("loss is missing"), e.getMessage());
  }

  @Test
  void emptyRunCellIsMissing() throws IOException {
    Path file = write("norun.csv", HEADER + ",1e6,1e8,3.5\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 1);
    assertTrue(e.getMessage().contains("run is missing"), e.getMessage());
  }

  @Test
  void nonIntegerSeedIsAnError() throws IOException {
    Path file = write("seed.csv", "run,tokens,loss,seed\na,1e8,3.5,1.5\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 4);
    assertTrue(e.getMessage().endsWith("seed is not an integer: '1.5'"), e.getMessage());
  }

  @Test
  void infiniteSeedIsNotAnInteger() throws IOException {
    Path file = write("seed.csv", "run,tokens,loss,seed\na,1e8,3.5,inf\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 4);
    assertTrue(e.getMessage().endsWith("seed is not an integer: 'inf'"), e.getMessage());
  }

  @Test
  void lineBreakInsideAValueKeepsTheMessageOnOneLine() throws IOException {
    Path file = write("multiline.csv", HEADER + "a,1e6,1e8,\"3\n5\"\n");
    InputException e = fails(file);
    assertLocation(e, file, 2, 4);
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().endsWith("loss is not a number: '3\\n5'"), e.getMessage());
  }

  // --- rows that do not fit together

  @Test
  void duplicatedRunAndTokensNamesBothLines() throws IOException {
    Path file = write("dup.csv", HEADER + "a,1e6,1e8,3.5\nb,1e6,1e8,3.4\na,1e6,1e8,3.6\n");
    InputException e = fails(file);
    assertLocation(e, file, 4, 0);
    assertEquals(
        file
            + ":4: run 'a' has a second row at tokens 100000000 (the first is at "
            + file
            + ":2); choose with --on-duplicate first|last|mean|keep",
        e.getMessage());
  }

  @Test
  void duplicateAcrossFilesNamesTheSecondFile() throws IOException {
    Path first = write("one.csv", HEADER + "a,1e6,1e8,3.5\n");
    Path second = write("two.csv", HEADER + "a,1e6,2e8,3.3\na,1e6,1e8,3.6\n");
    InputException e =
        assertThrows(
            InputException.class,
            () -> new LogLoader(LoadOptions.defaults()).load(List.of(first, second)));
    assertLocation(e, second, 3, 0);
    assertTrue(e.getMessage().contains("the first is at " + first + ":2"), e.getMessage());
  }

  @Test
  void paramsChangingWithinARunNamesBothLines() throws IOException {
    Path file = write("grow.csv", HEADER + "a,1e6,1e8,3.5\na,2e6,2e8,3.2\n");
    InputException e = fails(file);
    assertLocation(e, file, 3, 0);
    assertTrue(
        e.getMessage().contains("run 'a' has params 2000000 here but 1000000 at " + file + ":2"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--run-key"), e.getMessage());
  }

  @Test
  void dropInvalidThatDropsEveryRowIsAnError() throws IOException {
    Path file = write("diverged.csv", HEADER + "a,1e6,1e8,nan\na,1e6,2e8,inf\n");
    InputException e =
        assertThrows(
            InputException.class,
            () -> new LogLoader(LoadOptions.defaults().withDropInvalid(true)).load(List.of(file)));
    assertLocation(e, file, 2, 4);
    assertTrue(
        e.getMessage()
            .endsWith("no usable rows: --drop-invalid dropped all 2 rows (this one: loss is NaN)"),
        e.getMessage());
  }

  // --- options that name what is not there

  @Test
  void columnMappingToAnAbsentHeaderIsAnError() throws IOException {
    Path file = write("runs.csv", HEADER + "a,1e6,1e8,3.5\n");
    InputException e =
        assertThrows(
            InputException.class,
            () ->
                new LogLoader(
                        LoadOptions.defaults().withColumns(Map.of(Column.STEP, "iteration_count")))
                    .load(List.of(file)));
    assertNull(e.file());
    assertEquals(
        "--column step=iteration_count: no input file has a column 'iteration_count'",
        e.getMessage());
  }

  @Test
  void columnMappingForAMissingRequiredColumnSaysTheMappingMissed() throws IOException {
    Path file = write("runs.csv", "run,tokens,val\na,1e8,3.5\n");
    InputException e =
        assertThrows(
            InputException.class,
            () ->
                new LogLoader(LoadOptions.defaults().withColumns(Map.of(Column.LOSS, "value")))
                    .load(List.of(file)));
    assertLocation(e, file, 1, 0);
    assertTrue(
        e.getMessage().contains("(--column loss=value names no column here)"), e.getMessage());
  }

  @Test
  void runKeyNamingAnUnknownColumnListsTheColumns() throws IOException {
    Path file = write("runs.csv", "arch,params,tokens,loss\ngpt,1e6,1e8,3.5\n");
    InputException e =
        assertThrows(
            InputException.class,
            () ->
                new LogLoader(LoadOptions.defaults().withRunKey(List.of("width")))
                    .load(List.of(file)));
    assertNull(e.file());
    assertEquals(
        "--run-key names no column 'width'; columns are params, tokens, loss, arch",
        e.getMessage());
  }

  @Test
  void noFilesIsAnError() {
    InputException e =
        assertThrows(
            InputException.class, () -> new LogLoader(LoadOptions.defaults()).load(List.of()));
    assertEquals("no log files given", e.getMessage());
  }

  // --- helpers

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static InputException fails(Path file) {
    return assertThrows(
        InputException.class, () -> new LogLoader(LoadOptions.defaults()).load(List.of(file)));
  }

  private static void assertLocation(InputException e, Path file, long line, int column) {
    String where = e.getMessage();
    assertEquals(file.toString(), e.file(), where);
    assertEquals(line, e.line(), where);
    assertEquals(column, e.column(), where);
    String prefix = file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": ";
    assertTrue(
        e.getMessage().startsWith(prefix), "expected '" + prefix + "' at the start of: " + where);
  }
}
