package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the loader makes of good logs, in every format and with every reading option. */
class LogLoaderTest {
  /** Two runs of one family, the rows of run a out of token order. */
  private static final String[][] TABLE = {
    {"run", "family", "params", "tokens", "loss", "step"},
    {"a", "tiny", "1e6", "2e8", "3.25", "200"},
    {"a", "tiny", "1e6", "1e8", "3.5", "100"},
    {"b", "tiny", "2e6", "1e8", "3.125", "100"},
    {"b", "tiny", "2e6", "2e8", "2.875", "200"},
  };

  @TempDir Path dir;

  // --- formats

  @Test
  void csvLoadsRunsWithTheirSettingsAndSortedCheckpoints() throws Exception {
    Dataset d = load(write("runs.csv", delimited(",")));
    assertEquals(List.of("a", "b"), d.runs().stream().map(Run::id).toList());
    Run a = d.runs().get(0);
    assertEquals("tiny", a.family());
    assertEquals(1e6, a.params());
    assertArrayEquals(new double[] {1e8, 2e8}, a.checkpoints().tokens());
    assertArrayEquals(new double[] {3.5, 3.25}, a.checkpoints().loss());
    assertArrayEquals(new double[] {100, 200}, a.checkpoints().steps());
    assertArrayEquals(new double[] {3.125, 2.875}, d.runs().get(1).checkpoints().loss());
    assertEquals(List.of("run", "family", "params", "tokens", "loss", "step"), d.columns());
    assertEquals(4, d.checkpointCount());
    assertEquals(1, d.files().size());
    assertEquals(4, d.files().get(0).rows());
    assertEquals(Format.CSV, d.files().get(0).format());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "runs.csv.gz",
        "runs.tsv",
        "runs.tsv.gz",
        "runs.jsonl",
        "runs.jsonl.gz",
        "runs.json",
        "runs.json.gz"
      })
  void everyFormatLoadsTheSameRunsAsCsv(String name) throws Exception {
    List<Run> expected = load(write("runs.csv", delimited(","))).runs();
    String text =
        switch (Format.fromFileName(name).orElseThrow()) {
          case CSV -> delimited(",");
          case TSV -> delimited("\t");
          case JSONL -> jsonLines();
          case JSON -> jsonArray();
        };
    Path file = name.endsWith(".gz") ? writeGzip(name, text) : write(name, text);
    Dataset d = load(file);
    assertEquals(expected, d.runs());
    assertEquals(name.endsWith(".gz"), d.files().get(0).gzip());
    assertEquals(4, d.files().get(0).rows());
  }

  @Test
  void jsonObjectsMayNameDifferentKeys() throws Exception {
    Dataset d =
        load(
            write(
                "sparse.jsonl",
                "{\"run\":\"a\",\"tokens\":1e8,\"loss\":3.5}\n{\"run\":\"a\",\"tokens\":2e8,\"loss\":3.25,\"step\":200}\n"));
    assertArrayEquals(new double[] {Double.NaN, 200}, d.runs().get(0).checkpoints().steps());
  }

  @Test
  void inputFormatOverridesTheExtension() throws Exception {
    Dataset d =
        load(LoadOptions.defaults().withFormat(Format.CSV), write("runs.log", delimited(",")));
    assertEquals(2, d.runs().size());
  }

  @Test
  void checksumIsTheSha256OfTheStoredBytes() throws Exception {
    Path file = write("tiny.csv", "run,tokens,loss\na,1,2\n");
    assertEquals(sha256(Files.readAllBytes(file)), load(file).files().get(0).sha256());
  }

  @Test
  void byteOrderMarkIsNotPartOfTheFirstColumnName() throws Exception {
    Path file = dir.resolve("excel.csv");
    Files.write(file, ("\uFEFF" + delimited(",")).getBytes(StandardCharsets.UTF_8));
    Dataset d = load(file);
    assertEquals(List.of("a", "b"), d.runs().stream().map(Run::id).toList());
    assertEquals(List.of(), d.tagColumns());
  }

  @Test
  void crlfLineEndsAndBlankLinesAreAccepted() throws Exception {
    Dataset d =
        load(write("windows.csv", "\r\nrun,tokens,loss\r\na,1e8,3.5\r\n\r\na,2e8,3.25\r\n"));
    assertArrayEquals(new double[] {3.5, 3.25}, d.runs().get(0).checkpoints().loss());
  }

  // --- column names

  @ParameterizedTest
  @CsvSource({
    "run_id,num_params,tokens_seen,train/loss",
    "run_name,n_params,num_tokens,eval_loss",
    "RUN,Params,Tokens,Val/Loss",
    "runid,model_size,train_tokens,validation_loss"
  })
  void aliasesNameCanonicalColumns(String run, String params, String tokens, String loss)
      throws Exception {
    Dataset d =
        load(
            write(
                "aliased.csv", String.join(",", run, params, tokens, loss) + "\nx,1e6,1e8,3.5\n"));
    assertEquals(List.of("run", "params", "tokens", "loss"), d.columns());
    Run x = d.runs().get(0);
    assertEquals("x", x.id());
    assertEquals(1e6, x.params());
    assertArrayEquals(new double[] {1e8}, x.checkpoints().tokens());
    assertArrayEquals(new double[] {3.5}, x.checkpoints().loss());
  }

  @Test
  void canonicalNameWinsOverAnAlias() throws Exception {
    Dataset d = load(write("both.csv", "run,train_loss,loss,tokens\nx,9,3.5,1e8\n"));
    assertArrayEquals(new double[] {3.5}, d.runs().get(0).checkpoints().loss());
  }

  @Test
  void columnMappingReadsUserHeaders() throws Exception {
    Path file = write("mine.csv", "name,size,seen,ppl_loss\nx,1e6,1e8,3.5\n");
    Dataset d =
        load(
            LoadOptions.defaults()
                .withColumns(
                    Map.of(
                        Column.RUN,
                        "name",
                        Column.PARAMS,
                        "size",
                        Column.TOKENS,
                        "seen",
                        Column.LOSS,
                        "ppl_loss")),
            file);
    assertEquals("x", d.runs().get(0).id());
    assertEquals(1e6, d.runs().get(0).params());
    assertArrayEquals(new double[] {3.5}, d.runs().get(0).checkpoints().loss());
  }

  @Test
  void columnMappingWinsOverTheCanonicalName() throws Exception {
    Path file = write("two-losses.csv", "run,tokens,loss,val_loss\nx,1e8,2.5,3.5\n");
    Dataset d = load(LoadOptions.defaults().withColumns(Map.of(Column.LOSS, "val_loss")), file);
    assertArrayEquals(new double[] {3.5}, d.runs().get(0).checkpoints().loss());
  }

  @Test
  void tokensAreDerivedFromFlopsAndParamsWithANote() throws Exception {
    Dataset d =
        load(write("compute.csv", "run,params,flops,loss\nx,1e6,6e14,3.5\nx,1e6,1.2e15,3.25\n"));
    Run x = d.runs().get(0);
    assertArrayEquals(new double[] {1e8, 2e8}, x.checkpoints().tokens(), 1e-6);
    assertArrayEquals(new double[] {6e14, 1.2e15}, x.checkpoints().loggedFlops());
    assertTrue(d.has(Column.TOKENS));
    assertEquals(List.of("tokens derived as flops / (6 params) for 2 rows"), d.notes());
  }

  // --- run identity

  @Test
  void runsWithoutARunColumnAreNamedByTheirTextAndSizeColumns() throws Exception {
    Dataset d =
        load(
            write(
                "sweep.csv",
                "arch,params,tokens,loss\ngpt,1e6,1e8,3.5\ngpt,1e6,2e8,3.25\nllama,1e6,1e8,3.4\nllama,2e6,1e8,3.1\n"));
    assertEquals(
        List.of("gpt", "llama/1000000", "llama/2000000"), d.runs().stream().map(Run::id).toList());
    assertEquals(Map.of("arch", "gpt"), d.runs().get(0).tags());
    assertEquals(List.of("arch"), d.tagColumns());
  }

  @Test
  void singleRunWithoutKeysIsNamedAfterTheFile() throws Exception {
    Dataset d = load(write("curve.csv", "tokens,loss\n1e8,3.5\n2e8,3.25\n"));
    assertEquals(List.of("curve"), d.runs().stream().map(Run::id).toList());
  }

  @Test
  void runKeyChoosesTheColumnsThatIdentifyARun() throws Exception {
    Path file =
        write(
            "notes.csv",
            "arch,note,params,tokens,loss\ngpt,x1,1e6,1e8,3.5\ngpt,x2,1e6,2e8,3.25\nllama,x3,2e6,1e8,3.4\n");
    assertEquals(3, load(file).runs().size(), "by default every text column is part of the key");
    Dataset d = load(LoadOptions.defaults().withRunKey(List.of("arch")), file);
    assertEquals(List.of("gpt", "llama"), d.runs().stream().map(Run::id).toList());
    assertEquals(
        Map.of("arch", "gpt"), d.runs().get(0).tags(), "note changes within the run: not a tag");
    assertArrayEquals(new double[] {3.5, 3.25}, d.runs().get(0).checkpoints().loss());
  }

  @Test
  void derivedRunsOfSeveralFilesArePrefixedByFileName() throws Exception {
    Path small = write("small.csv", "tokens,loss\n1e8,3.5\n");
    Path large = write("large.csv", "tokens,loss\n1e8,3.0\n");
    Dataset d = load(LoadOptions.defaults(), small, large);
    assertEquals(List.of("small", "large"), d.runs().stream().map(Run::id).toList());
  }

  // --- duplicates

  @ParameterizedTest
  @CsvSource({"FIRST, 3.5", "LAST, 3.0", "MEAN, 3.25"})
  void onDuplicateResolvesRowsAtTheSameTokens(OnDuplicate policy, double loss) throws Exception {
    Path file = write("dup.csv", "run,tokens,loss\na,1e8,3.5\na,2e8,2.5\na,1e8,3.0\n");
    Dataset d = load(LoadOptions.defaults().withOnDuplicate(policy), file);
    Checkpoints c = d.runs().get(0).checkpoints();
    assertArrayEquals(new double[] {1e8, 2e8}, c.tokens());
    assertArrayEquals(new double[] {loss, 2.5}, c.loss(), 1e-12);
    assertEquals(
        List.of(
            "1 duplicate rows resolved with --on-duplicate "
                + policy.name().toLowerCase(java.util.Locale.ROOT)),
        d.notes());
  }

  @Test
  void onDuplicateKeepKeepsEveryRowAsItsOwnCheckpointInInputOrder() throws Exception {
    Path file = write("dup.csv", "run,tokens,loss\na,1e8,3.5\na,2e8,2.5\na,1e8,3.0\n");
    Dataset d = load(LoadOptions.defaults().withOnDuplicate(OnDuplicate.KEEP), file);
    Checkpoints c = d.runs().get(0).checkpoints();
    assertArrayEquals(new double[] {1e8, 1e8, 2e8}, c.tokens());
    assertArrayEquals(new double[] {3.5, 3.0, 2.5}, c.loss(), 0);
    assertEquals(List.of(), d.notes());
  }

  @Test
  void duplicatesAreAnErrorByDefault() throws Exception {
    Path file = write("dup.csv", "run,tokens,loss\na,1e8,3.5\na,1e8,3.0\n");
    assertThrows(InputException.class, () -> load(file));
  }

  // --- unusable values

  @Test
  void dropInvalidDropsUnusableRowsAndCountsThemPerRun() throws Exception {
    Path file =
        write(
            "diverged.csv",
            HEADER_RTL
                + "a,1e8,3.5\na,2e8,nan\na,3e8,NaN\nb,1e8,3.4\nb,2e8,inf\nb,0,3.3\nc,1e8,-Infinity\nc,2e8,3.0\n");
    Dataset d = load(LoadOptions.defaults().withDropInvalid(true), file);
    assertEquals(List.of("a", "b", "c"), d.runs().stream().map(Run::id).toList());
    assertEquals(
        List.of(
            new DroppedRows("loss is NaN", 2, Map.of("a", 2L)),
            new DroppedRows("loss is infinite", 1, Map.of("b", 1L)),
            new DroppedRows("tokens is zero", 1, Map.of("b", 1L)),
            new DroppedRows("loss is negative infinite", 1, Map.of("c", 1L))),
        d.dropped());
    assertArrayEquals(new double[] {3.5}, d.runs().get(0).checkpoints().loss());
    assertArrayEquals(new double[] {3.0}, d.runs().get(2).checkpoints().loss());
    assertEquals(8, d.files().get(0).rows(), "rows counts what was read, before dropping");
  }

  @Test
  void dropInvalidCountsOneReasonAcrossRuns() throws Exception {
    Path file =
        write(
            "nans.jsonl",
            "{\"run\":\"a\",\"tokens\":1,\"loss\":NaN}\n{\"run\":\"a\",\"tokens\":2,\"loss\":3}\n"
                + "{\"run\":\"b\",\"tokens\":1,\"loss\":NaN}\n{\"run\":\"b\",\"tokens\":2,\"loss\":3}\n");
    Dataset d = load(LoadOptions.defaults().withDropInvalid(true), file);
    assertEquals(List.of(new DroppedRows("loss is NaN", 2, Map.of("a", 1L, "b", 1L))), d.dropped());
    assertEquals(List.of("a", "b"), List.copyOf(d.dropped().get(0).byRun().keySet()));
  }

  @Test
  void runWithEveryRowDroppedDisappears() throws Exception {
    Path file = write("gone.csv", HEADER_RTL + "a,1e8,nan\nb,1e8,3.4\n");
    Dataset d = load(LoadOptions.defaults().withDropInvalid(true), file);
    assertEquals(List.of("b"), d.runs().stream().map(Run::id).toList());
  }

  @Test
  void divergedLossKeepsNanAndInfiniteLossesAsTheyAre() throws Exception {
    Path file = write("sweep.csv", HEADER_RTL + "a,1e8,3.5\na,2e8,nan\na,3e8,inf\nb,1e8,3.4\n");
    Dataset d = load(LoadOptions.defaults().withDivergedLoss(true), file);
    assertArrayEquals(
        new double[] {3.5, Double.NaN, Double.POSITIVE_INFINITY},
        d.runs().get(0).checkpoints().loss());
    assertEquals(List.of(), d.dropped());
  }

  @Test
  void divergedLossStillRejectsOtherUnusableValues() throws Exception {
    LoadOptions diverged = LoadOptions.defaults().withDivergedLoss(true);
    for (String row : List.of("a,1e8,-inf", "a,1e8,0", "a,1e8,", "a,nan,3.5")) {
      Path file = write("bad.csv", HEADER_RTL + row + "\n");
      assertThrows(InputException.class, () -> load(diverged, file), row);
    }
  }

  // --- several files

  @Test
  void severalFilesLoadIntoOneDatasetInOrder() throws Exception {
    Path first = write("one.csv", HEADER_RTL + "a,1e8,3.5\n");
    Path second =
        writeGzip(
            "two.jsonl.gz",
            "{\"run\":\"b\",\"tokens\":1e8,\"loss\":3.4}\n{\"run\":\"a\",\"tokens\":2e8,\"loss\":3.2}\n");
    Dataset d = load(LoadOptions.defaults(), first, second);
    assertEquals(List.of("a", "b"), d.runs().stream().map(Run::id).toList());
    assertArrayEquals(new double[] {3.5, 3.2}, d.runs().get(0).checkpoints().loss());
    assertEquals(
        List.of(first.toString(), second.toString()),
        d.files().stream().map(SourceFile::path).toList());
    assertEquals(List.of(1L, 2L), d.files().stream().map(SourceFile::rows).toList());
  }

  // --- numbers

  @Test
  void numbersInScientificAndSignedFormsAreRead() throws Exception {
    Path file =
        write(
            "forms.csv",
            "run,params,tokens,loss,lr\na,1.5e9,1E+10,3.5,3e-4\na, 1.5e9 ,2.5E10,+3.25,0.0003\n");
    Run a = load(file).runs().get(0);
    assertEquals(1.5e9, a.params());
    assertEquals(3e-4, a.lr());
    assertArrayEquals(new double[] {1e10, 2.5e10}, a.checkpoints().tokens());
    assertArrayEquals(new double[] {3.5, 3.25}, a.checkpoints().loss());
  }

  @ParameterizedTest
  @CsvSource({"1.5e9, 1.5e9", "1E+10, 1e10", "42, 42", "-0.25, -0.25", "' 7 ', 7"})
  void numbersParseFiniteForms(String text, double expected) {
    assertEquals(expected, Numbers.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nan", "NaN", "NAN", "-nan"})
  void numbersParseNanSpellings(String text) {
    assertTrue(Double.isNaN(Numbers.parse(text)));
  }

  @ParameterizedTest
  @CsvSource({
    "inf, Infinity",
    "+Inf, Infinity",
    "Infinity, Infinity",
    "-Infinity, -Infinity",
    "-inf, -Infinity"
  })
  void numbersParseInfinitySpellings(String text, double expected) {
    assertEquals(expected, Numbers.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "abc", "1.5d", "2f", "1,000", "0x10", "infinite"})
  void numbersRejectWhatIsNotANumber(String text) {
    assertThrows(NumberFormatException.class, () -> Numbers.parse(text));
  }

  @Test
  void seedIsReadAsAnInteger() throws Exception {
    Run a = load(write("seeded.csv", "run,tokens,loss,seed\na,1e8,3.5,1234\n")).runs().get(0);
    assertEquals(1234L, a.seed());
    Run b = load(write("unseeded.csv", "run,tokens,loss\na,1e8,3.5\n")).runs().get(0);
    assertNull(b.seed());
  }

  // --- helpers

  private static final String HEADER_RTL = "run,tokens,loss\n";

  private static String delimited(String separator) {
    StringBuilder out = new StringBuilder();
    for (String[] row : TABLE) {
      out.append(String.join(separator, row)).append('\n');
    }
    return out.toString();
  }

  private static String jsonLines() {
    StringBuilder out = new StringBuilder();
    for (int r = 1; r < TABLE.length; r++) {
      out.append(jsonObject(TABLE[r])).append('\n');
    }
    return out.toString();
  }

  private static String jsonArray() {
    StringBuilder out = new StringBuilder("[\n");
    for (int r = 1; r < TABLE.length; r++) {
      out.append("  ").append(jsonObject(TABLE[r])).append(r + 1 < TABLE.length ? ",\n" : "\n");
    }
    return out.append("]\n").toString();
  }

  /** Text columns as strings, numbers as JSON numbers. */
  private static String jsonObject(String[] row) {
    StringBuilder out = new StringBuilder("{");
    for (int c = 0; c < row.length; c++) {
      boolean text = c < 2;
      out.append(c > 0 ? ", " : "")
          .append('"')
          .append(TABLE[0][c])
          .append("\": ")
          .append(text ? "\"" + row[c] + "\"" : row[c]);
    }
    return out.append('}').toString();
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private Path writeGzip(String name, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return Files.write(dir.resolve(name), bytes.toByteArray());
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static Dataset load(Path file) throws InputException {
    return load(LoadOptions.defaults(), file);
  }

  private static Dataset load(LoadOptions options, Path... files) throws InputException {
    return new LogLoader(options).load(List.of(files));
  }
}
