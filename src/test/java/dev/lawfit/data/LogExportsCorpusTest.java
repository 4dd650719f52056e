package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a corpus of messy exports in the formats people have (tracker history and chart
 * exports, TensorBoard scalar CSVs with a run table, nested JSON Lines, {@code ;} CSV, bits,
 * perplexity, {@code 1.3B} sizes, step-based tokens, train and eval columns in both orders, comment
 * lines). Each is written here with known content: it loads to the values written (checked number
 * by number against values computed here from the same numbers) or lawfit exits 2 with one line
 * that names the fix.
 */
class LogExportsCorpusTest {
  private static final double LN2 = Math.log(2);

  @TempDir Path dir;

  private Path file(String name, String... lines) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, String.join("\n", lines) + "\n");
    return f;
  }

  private static Dataset load(LoadOptions options, Path... files) throws InputException {
    return new LogLoader(options).load(List.of(files));
  }

  private static Run run(Dataset d, String id) {
    return d.runs().stream()
        .filter(r -> r.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "no run " + id + " in " + d.runs().stream().map(Run::id).toList()));
  }

  private static void assertCurve(Run run, double[] tokens, double[] loss) {
    assertArrayEquals(
        tokens, run.checkpoints().tokens(), 1e-9 * tokens[tokens.length - 1], run.id() + " tokens");
    assertArrayEquals(loss, run.checkpoints().loss(), 1e-12, run.id() + " loss");
  }

  /**
   * lawfit inspect on these arguments: exit 2 and exactly one line on stderr that holds {@code
   * fix}.
   */
  private static void failsNaming(String fix, String... args) {
    CliRunner r = CliRunner.run(args);
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(1, r.err().lines().count(), r.toString());
    assertTrue(r.err().contains(fix), "expected '" + fix + "' in: " + r.err());
    assertTrue(!r.err().contains("Exception") && !r.err().contains("jackson"), r.err());
  }

  // 1, 2: a tracker's history export: one row per logged step, eval loss only every few steps.
  @Test
  void trackerHistoryWithSparseRows() throws Exception {
    Path history =
        file(
            "history.csv",
            "_step,_runtime,train/loss,eval/loss",
            "100,12.5,4.1,",
            "200,25.0,3.9,3.95",
            "300,37.5,3.7,",
            "400,50.0,3.6,3.62");
    failsNaming("pass --drop-invalid", "inspect", history.toString(), "--tokens-per-step", "4096");
    Dataset d = load(LoadOptions.defaults().withDropInvalid(true).withSteps(4096.0, null), history);
    assertCurve(
        d.runs().get(0), new double[] {200 * 4096.0, 400 * 4096.0}, new double[] {3.95, 3.62});
    assertEquals("step x 4096 (--tokens-per-step)", d.sources().get("tokens"));
    assertEquals("eval/loss", d.sources().get("loss"));
    assertEquals("_step", d.sources().get("step"));
    assertEquals(2, d.dropped().get(0).count());
  }

  private Path runTable() throws Exception {
    return file(
        "runs.csv",
        "run,params,batch_size,lr,family",
        "small,125M,0.5M,6e-4,gpt",
        "big,1.3B,1M,2e-4,gpt");
  }

  // 3, 4: a tracker's chart export, melted by column prefix, sizes and batch sizes from a run
  // table.
  @Test
  void trackerChartExportWithARunTable() throws Exception {
    Path wide =
        file(
            "chart.csv",
            "Step,small - eval/loss,small - eval/loss__MIN,small - eval/loss__MAX,big - eval/loss,big - eval/loss__MIN,big - eval/loss__MAX",
            "1000,3.5,3.4,3.6,3.1,3.0,3.2",
            "2000,3.2,3.1,3.3,,,",
            "3000,3.0,2.9,3.1,2.6,2.5,2.7");
    Dataset d = load(LoadOptions.defaults().withRuns(runTable()), wide);
    assertEquals(List.of("small", "big"), d.runs().stream().map(Run::id).toList());
    assertCurve(
        run(d, "small"),
        new double[] {1000 * 0.5e6, 2000 * 0.5e6, 3000 * 0.5e6},
        new double[] {3.5, 3.2, 3.0});
    assertCurve(run(d, "big"), new double[] {1000 * 1e6, 3000 * 1e6}, new double[] {3.1, 2.6});
    assertEquals(1.3e9, run(d, "big").params());
    assertEquals(2e-4, run(d, "big").lr());
    assertEquals("gpt", run(d, "big").family());
    assertEquals("step x batch_size", d.sources().get("tokens"));
    assertTrue(d.sources().get("params").endsWith("runs.csv: params"), d.sources().toString());
    assertTrue(d.sources().get("run").startsWith("(run name"), d.sources().toString());
    // Without the run table there is no batch size, so no tokens: the message says how to have
    // them.
    failsNaming("--tokens-per-step N", "inspect", wide.toString());
  }

  // 5, 6: TensorBoard scalar exports, one run per file, named by the file; a run the table lacks.
  @Test
  void tensorBoardScalarsWithARunTable() throws Exception {
    Path small =
        file("small.csv", "Wall time,Step,Value", "1700000000.5,100,4.25", "1700000100.5,200,3.75");
    Path big =
        file("big.csv", "Wall time,Step,Value", "1700000000.5,100,3.5", "1700000100.5,300,3.0");
    Dataset d = load(LoadOptions.defaults().withRuns(runTable()), small, big);
    assertCurve(
        run(d, "small"), new double[] {100 * 0.5e6, 200 * 0.5e6}, new double[] {4.25, 3.75});
    assertCurve(run(d, "big"), new double[] {100 * 1e6, 300 * 1e6}, new double[] {3.5, 3.0});
    assertEquals(1.25e8, run(d, "small").params());
    assertEquals("(TensorBoard Value)", d.sources().get("loss"));
    Path other = file("other.csv", "Wall time,Step,Value", "1700000000.5,100,4.0");
    failsNaming(
        "run 'other' has no row in the run table",
        "inspect",
        small.toString(),
        other.toString(),
        "--runs",
        runTable().toString());
  }

  // 7, 8: nested JSON Lines: a known leaf name is found, another is reached by its dotted path.
  @Test
  void nestedJsonLines() throws Exception {
    Path jsonl =
        file(
            "nested.jsonl",
            "{\"run\": \"a\", \"tokens\": 1e9, \"config\": {\"model\": {\"n_params\": 7e7, \"size\": 7e7}}, \"metrics\": {\"eval_loss\": 3.5}}",
            "{\"run\": \"a\", \"tokens\": 2e9, \"config\": {\"model\": {\"n_params\": 7e7, \"size\": 7e7}}, \"metrics\": {\"eval_loss\": 3.25}}");
    Dataset d = load(LoadOptions.defaults(), jsonl);
    assertCurve(run(d, "a"), new double[] {1e9, 2e9}, new double[] {3.5, 3.25});
    assertEquals(7e7, run(d, "a").params());
    assertEquals("config.model.n_params", d.sources().get("params"));
    assertEquals("metrics.eval_loss", d.sources().get("loss"));
    Dataset mapped =
        load(LoadOptions.defaults().withColumns(Map.of(Column.PARAMS, "config.model.size")), jsonl);
    assertEquals("config.model.size", mapped.sources().get("params"));
    assertEquals(7e7, run(mapped, "a").params());
  }

  // 9, 10, 11: separators other than a comma, found from the header or given.
  @Test
  void semicolonPipeAndTabSeparatedCsv() throws Exception {
    for (String sep : List.of(";", "|", "\t")) {
      Path f =
          file(
              "sep.csv",
              String.join(sep, "run", "params", "tokens", "loss"),
              String.join(sep, "r", "1e8", "1e9", "3.5"),
              String.join(sep, "r", "1e8", "2e9", "3.25"));
      assertCurve(
          run(load(LoadOptions.defaults(), f), "r"),
          new double[] {1e9, 2e9},
          new double[] {3.5, 3.25});
    }
    // A run name with commas in a ';' file: the header decides, not the rows.
    Path names = file("names.csv", "run;params;tokens;loss", "a,b;1e8;1e9;3.5");
    assertEquals("a,b", load(LoadOptions.defaults(), names).runs().get(0).id());
    Path given = file("given.csv", "run;params;tokens;loss", "a;1e8;1e9;3.5");
    assertEquals(
        3.5,
        load(LoadOptions.defaults().withDelimiter(';'), given).runs().get(0).checkpoints().loss(0));
  }

  // 12, 13: bits, converted; a bits-named column without --loss-unit is a warning.
  @Test
  void lossInBits() throws Exception {
    Path f = file("bits.csv", "run,params,tokens,eval_loss_bits", "r,1e8,1e9,5.0", "r,1e8,2e9,4.5");
    LoadOptions mapped = LoadOptions.defaults().withColumns(Map.of(Column.LOSS, "eval_loss_bits"));
    Dataset d = load(mapped.withLossUnit(LossUnit.BITS), f);
    assertCurve(run(d, "r"), new double[] {1e9, 2e9}, new double[] {5.0 * LN2, 4.5 * LN2});
    assertTrue(d.warnings().isEmpty(), d.warnings().toString());
    Dataset unconverted = load(mapped, f);
    assertEquals(
        List.of(
            f
                + ": the loss column 'eval_loss_bits' looks like bits: pass --loss-unit bits to convert it to nats (x ln 2)"),
        unconverted.warnings());
  }

  // 14, 15, 16: perplexity: a warning by value, the conversion, and a perplexity below 1 refused.
  @Test
  void lossAsPerplexity() throws Exception {
    Path f = file("ppl.csv", "run,params,tokens,loss", "r,1e8,1e9,30", "r,1e8,2e9,20");
    Dataset warned = load(LoadOptions.defaults(), f);
    assertEquals(1, warned.warnings().size());
    assertTrue(
        warned.warnings().get(0).contains("looks like perplexity")
            && warned.warnings().get(0).contains("--loss-unit ppl"),
        warned.warnings().toString());
    Dataset d = load(LoadOptions.defaults().withLossUnit(LossUnit.PPL), f);
    assertCurve(run(d, "r"), new double[] {1e9, 2e9}, new double[] {Math.log(30), Math.log(20)});
    assertTrue(d.warnings().isEmpty(), d.warnings().toString());
    Path below = file("below.csv", "run,params,tokens,loss", "r,1e8,1e9,0.5");
    failsNaming("loss is a perplexity below 1", "inspect", below.toString(), "--loss-unit", "ppl");
  }

  // 17, 18: sizes and token counts with magnitude suffixes; one that is not.
  @Test
  void sizeSuffixes() throws Exception {
    Path f =
        file(
            "sizes.csv",
            "run,params,tokens,loss",
            "a,125M,2.5B,3.5",
            "a,125M,300b,3.25",
            "b,1.3B,2T,2.5",
            "c,70m,1.5k,6.0");
    Dataset d = load(LoadOptions.defaults(), f);
    assertEquals(1.25e8, run(d, "a").params());
    assertEquals(1.3e9, run(d, "b").params());
    assertEquals(7e7, run(d, "c").params());
    assertCurve(run(d, "a"), new double[] {2.5e9, 3e11}, new double[] {3.5, 3.25});
    assertCurve(run(d, "b"), new double[] {2e12}, new double[] {2.5});
    assertCurve(run(d, "c"), new double[] {1500}, new double[] {6.0});
    Path bad = file("bad.csv", "run,params,tokens,loss", "a,1.3X,1e9,3.5");
    failsNaming("bad.csv:2:2: params is not a number: '1.3X'", "inspect", bad.toString());
  }

  // 19, 20: tokens from steps: batch size in tokens, or in sequences with --seq-len.
  @Test
  void tokensFromSteps() throws Exception {
    Path f =
        file(
            "steps.csv",
            "run,params,step,batch_size,loss",
            "r,1e8,100,512,4.0",
            "r,1e8,200,512,3.5");
    Dataset tokensPerBatch = load(LoadOptions.defaults(), f);
    assertCurve(
        run(tokensPerBatch, "r"), new double[] {100 * 512.0, 200 * 512.0}, new double[] {4.0, 3.5});
    assertTrue(
        tokensPerBatch.warnings().stream().anyMatch(w -> w.contains("pass --seq-len L")),
        tokensPerBatch.warnings().toString());
    Dataset sequences = load(LoadOptions.defaults().withSteps(null, 2048.0), f);
    assertCurve(
        run(sequences, "r"),
        new double[] {100 * 512.0 * 2048, 200 * 512.0 * 2048},
        new double[] {4.0, 3.5});
    assertEquals(512.0 * 2048, run(sequences, "r").batchSize());
    assertEquals("step x batch_size x 2048 (--seq-len)", sequences.sources().get("tokens"));
    assertTrue(
        sequences
            .notes()
            .contains("tokens derived as step x batch_size x 2048 (--seq-len) for 2 rows"),
        sequences.notes().toString());
  }

  // 21, 22: train and eval columns in both orders; two eval columns ask which.
  @Test
  void trainAndEvalColumnsInBothOrders() throws Exception {
    for (String header :
        List.of(
            "run,params,tokens,train_loss,eval_loss", "run,params,tokens,eval_loss,train_loss")) {
      boolean trainFirst = header.indexOf("train") < header.indexOf("eval");
      Path f = file("both.csv", header, trainFirst ? "r,1e8,1e9,2.5,3.5" : "r,1e8,1e9,3.5,2.5");
      Dataset d = load(LoadOptions.defaults(), f);
      assertEquals(3.5, d.runs().get(0).checkpoints().loss(0), header);
      assertEquals("eval_loss", d.sources().get("loss"));
    }
    Path tie = file("tie.csv", "run,params,tokens,eval/loss,val_loss", "r,1e8,1e9,3.5,3.4");
    failsNaming("choose one with --column loss=NAME", "inspect", tie.toString());
  }

  // 23: comment lines before the header and between rows; line numbers stay the file's.
  @Test
  void commentLines() throws Exception {
    Path f =
        file(
            "commented.csv",
            "# exported by a tracker, 2026-12-01",
            "run,params,tokens,loss",
            "r,1e8,1e9,3.5",
            "# resumed here",
            "r,1e8,2e9,3.25",
            "r,1e8,3e9,-1");
    failsNaming("commented.csv:6:", "inspect", f.toString());
    Path ok =
        file(
            "ok.csv",
            "# exported by a tracker",
            "run,params,tokens,loss",
            "r,1e8,1e9,3.5",
            "# resumed",
            "r,1e8,2e9,3.25");
    assertCurve(
        run(load(LoadOptions.defaults(), ok), "r"),
        new double[] {1e9, 2e9},
        new double[] {3.5, 3.25});
  }

  // 24: a run table with a column it cannot use.
  @Test
  void runTableWithAnUnknownColumn() throws Exception {
    Path runs = file("runs2.csv", "run,params,optimizer", "small,1e8,adam");
    Path tb = file("small.csv", "Wall time,Step,Value", "1700000000.5,100,4.25");
    failsNaming(
        "'optimizer' is none of them: remove the column",
        "inspect",
        tb.toString(),
        "--runs",
        runs.toString(),
        "--tokens-per-step",
        "1000");
  }

  // Every document records where each column came from, defaults included.
  @Test
  void documentsRecordTheSourceOfEveryColumn() throws Exception {
    List<String> rows =
        new ArrayList<>(List.of("run,num_params,step,batch_size,train/loss,eval/loss"));
    double[] sizes = {1e7, 3e7, 1e8, 3e8};
    for (double n : sizes) {
      for (int s = 1; s <= 6; s++) {
        double t = s * 1e8;
        double loss = 1.7 + 400 / Math.pow(n, 0.34) + 410 / Math.pow(t, 0.28);
        rows.add("m" + (long) n + "," + n + "," + s + "," + "1e8," + (loss + 0.1) + "," + loss);
      }
    }
    Path f = file("sweep.csv", rows.toArray(String[]::new));
    CliRunner r =
        CliRunner.run("fit", f.toString(), "--law", "chinchilla", "--format", "json", "-q");
    assertEquals(0, r.exitCode(), r.toString());
    var load = dev.lawfit.report.Json.mapper().readTree(r.out()).path("input").path("load");
    assertEquals(
        "{\"run\":\"run\",\"params\":\"num_params\",\"tokens\":\"step x batch_size\",\"loss\":\"eval/loss\","
            + "\"step\":\"step\",\"batch_size\":\"batch_size\"}",
        load.path("columns").toString());
    assertEquals("nats", load.path("loss_unit").asText());
    CliRunner inspect = CliRunner.run("inspect", f.toString());
    assertTrue(
        inspect
            .out()
            .contains(
                "read     run <- run, params <- num_params, tokens <- step x batch_size, loss <- eval/loss"),
        inspect.toString());
  }

  // A column of numbers is stored as numbers until a text value arrives; then the rows before it
  // keep their values.
  @Test
  void aNumericColumnThatTurnsTextStillTellsRunsApart() throws Exception {
    Path f =
        file(
            "mixed.csv",
            "params,tokens,loss,note",
            "1e8,1e9,3.5,1.50",
            "1e8,2e9,3.25,1.50",
            "1e8,1e9,3.4,2",
            "1e8,2e9,3.2,2",
            "1e8,1e9,3.3,abc");
    Dataset d = load(LoadOptions.defaults(), f);
    assertEquals(List.of("1.5", "2", "abc"), d.runs().stream().map(Run::id).toList());
    assertEquals(Map.of("note", "1.5"), run(d, "1.5").tags());
    assertCurve(run(d, "2"), new double[] {1e9, 2e9}, new double[] {3.4, 3.2});
    assertEquals(List.of("note"), d.tagColumns());
  }
}
