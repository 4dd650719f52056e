package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runaway and hostile inputs: each limit stops a load with one line naming the file, the limit and
 * the option that raises it; pipes, symbolic links, gzip members and byte order marks are read as
 * what they are.
 */
class LogLoaderLimitsTest {
  private static final String LOG =
      "run,params,tokens,loss\na,1e6,1e8,3.5\na,1e6,2e8,3.4\nb,2e6,1e8,3.3\nb,2e6,2e8,3.2\n";

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static Dataset load(LoadOptions options, Path... files) throws InputException {
    return new LogLoader(options).load(List.of(files));
  }

  private static InputException fails(LoadOptions options, Path... files) {
    return assertThrows(InputException.class, () -> load(options, files));
  }

  private static LoadOptions limit(String name, String value) {
    return LoadOptions.defaults().withLimits(Limits.DEFAULTS.with(name, value));
  }

  // --- limits

  @Test
  void rowsBeyondTheLimitNameTheLineTheLimitAndTheOption() throws Exception {
    Path file = write("runs.csv", LOG);
    assertEquals(4, load(limit("rows", "4"), file).checkpointCount());
    InputException e = fails(limit("rows", "3"), file);
    assertEquals(
        file
            + ":5: more than 3 rows (the rows limit is 3; raise it with --limit rows=N if this really is a log)",
        e.getMessage());
    Path json = write("runs.jsonl", "{\"run\":\"a\",\"tokens\":1,\"loss\":3}\n".repeat(3));
    assertTrue(fails(limit("rows", "2"), json).getMessage().startsWith(json + ":3:"));
  }

  @Test
  void columnsBeyondTheLimitFailAtTheHeader() throws Exception {
    Path file = write("runs.csv", LOG);
    assertEquals(4, load(limit("columns", "4"), file).checkpointCount());
    InputException e = fails(limit("columns", "3"), file);
    assertEquals(1, e.line());
    assertEquals(4, e.column());
    assertTrue(e.getMessage().contains("--limit columns=N"), e.getMessage());
    Path json =
        write(
            "runs.jsonl",
            "{\"run\":\"a\",\"tokens\":1,\"loss\":3}\n{\"run\":\"a\",\"tokens\":2,\"loss\":3,\"x\":1}\n");
    InputException j = fails(limit("columns", "3"), json);
    assertEquals(2, j.line(), j.getMessage());
  }

  @Test
  void valueLengthLimitAppliesToEveryFormat() throws Exception {
    String longName = "x".repeat(101);
    Path csv = write("runs.csv", "run,params,tokens,loss\n" + longName + ",1e6,1e8,3.5\n");
    assertTrue(
        fails(limit("value-length", "100"), csv).getMessage().contains("--limit value-length=N"));
    assertEquals(1, load(limit("value-length", "101"), csv).runs().size());
    Path json = write("runs.jsonl", "{\"run\":\"" + longName + "\",\"tokens\":1,\"loss\":3}\n");
    assertTrue(fails(limit("value-length", "100"), json).getMessage().contains("value-length"));
  }

  @Test
  void gzipThatDecompressesBeyondTheLimitStopsThere() throws Exception {
    // 64 MiB of newlines compress to about 64 KiB: a small stand-in for a gzip bomb.
    Path gz = dir.resolve("bomb.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 1 << 16)) {
      out.write(LOG.getBytes(StandardCharsets.UTF_8));
      byte[] newlines = new byte[1 << 20];
      java.util.Arrays.fill(newlines, (byte) '\n');
      for (int i = 0; i < 64; i++) {
        out.write(newlines);
      }
    }
    InputException e = fails(limit("decompressed-bytes", "1M"), gz);
    assertEquals(
        gz
            + ": decompresses to more than 1048576 bytes (the decompressed-bytes limit is 1048576; "
            + "raise it with --limit decompressed-bytes=N if this really is a log)",
        e.getMessage());
    assertEquals(4, load(LoadOptions.defaults(), gz).checkpointCount());
  }

  @Test
  void limitNamesAndValuesAreChecked() throws Exception {
    assertEquals(8L << 30, Limits.DEFAULTS.with("decompressed-bytes", "8G").decompressedBytes());
    assertEquals(2000, Limits.DEFAULTS.with("rows", "2_000").rows());
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.with("lines", "5"));
    assertTrue(
        unknown
            .getMessage()
            .contains("value-length, columns, rows, decompressed-bytes, pipe-wait"));
    assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.with("rows", "0"));
    assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.with("rows", "1e9x"));
    assertThrows(IllegalArgumentException.class, () -> Limits.DEFAULTS.with("value-length", "4G"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Limits.DEFAULTS.with("decompressed-bytes", "99999999999T"));
  }

  // --- gzip

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  @Test
  void gzipWithTrailingGarbageIsRejected() throws Exception {
    for (String garbage : List.of("x", "garbage after the stream\n", "\0\0\0\0")) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.write(gzip(LOG));
      bytes.write(garbage.getBytes(StandardCharsets.UTF_8));
      Path gz = Files.write(dir.resolve("trailing.csv.gz"), bytes.toByteArray());
      assertEquals(
          gz
              + ": trailing data after the gzip stream: the file is damaged or has something appended",
          fails(LoadOptions.defaults(), gz).getMessage());
    }
  }

  @Test
  void multiMemberGzipIsOneText() throws Exception {
    int cut = LOG.indexOf("b,");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(gzip(LOG.substring(0, cut)));
    bytes.write(gzip(LOG.substring(cut)));
    Path gz = Files.write(dir.resolve("members.csv.gz"), bytes.toByteArray());
    Dataset d = load(LoadOptions.defaults(), gz);
    assertEquals(List.of("a", "b"), d.runs().stream().map(Run::id).toList());
    assertEquals(4, d.checkpointCount());
  }

  @Test
  void badUtf8InsideGzipIsLocatedInOnePass() throws Exception {
    byte[] text = (LOG + "c,1e6,1e8,3.\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text);
    }
    Path gz = Files.write(dir.resolve("latin1.csv.gz"), bytes.toByteArray());
    assertEquals(
        gz + ":6: not UTF-8 text: byte 0xE9 at character 13 of this line; save the file as UTF-8",
        fails(LoadOptions.defaults(), gz).getMessage());
  }

  // --- encodings

  @Test
  void utf16And32WithAByteOrderMarkAreText() throws Exception {
    for (String charset : List.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Charset cs = Charset.forName(charset);
      bytes.write("\ufeff".getBytes(cs));
      bytes.write(LOG.getBytes(cs));
      Path file = Files.write(dir.resolve(charset + ".csv"), bytes.toByteArray());
      Dataset d = load(LoadOptions.defaults(), file);
      assertEquals(4, d.checkpointCount(), charset);
      assertEquals(2e6, d.runs().get(1).params(), charset);
    }
    Path noMark = Files.write(dir.resolve("nomark.csv"), LOG.getBytes(StandardCharsets.UTF_16LE));
    assertTrue(fails(LoadOptions.defaults(), noMark).getMessage().contains("binary data"));
  }

  // --- pipes and links

  private Path fifo(String name) throws IOException, InterruptedException {
    Path fifo = dir.resolve(name);
    Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(p.waitFor() == 0, "mkfifo is not available here");
    return fifo;
  }

  @Test
  void namedPipeWithoutAWriterFailsAfterTheWait() throws Exception {
    Path fifo = fifo("runs.csv");
    InputException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> fails(limit("pipe-wait", "1"), fifo));
    assertEquals(
        fifo
            + ": no program opened this pipe for writing within 1 s; wait longer with --limit pipe-wait=SECONDS",
        e.getMessage());
  }

  @Test
  void namedPipeIsReadOnceAWriterComes() throws Exception {
    Path fifo = fifo("runs.csv");
    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () -> {
              try {
                Files.writeString(fifo, LOG);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    Dataset d =
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> load(LoadOptions.defaults(), fifo));
    writer.get();
    assertEquals(4, d.checkpointCount());
  }

  @Test
  void danglingLinkInAFolderIsNamed() throws Exception {
    Path logs = Files.createDirectory(dir.resolve("logs"));
    Files.writeString(logs.resolve("a.csv"), LOG);
    Path link = Files.createSymbolicLink(logs.resolve("b.csv"), logs.resolve("gone.csv"));
    InputException e = assertThrows(InputException.class, () -> LogFiles.expand(List.of(logs)));
    assertEquals(
        link
            + ": a symbolic link to a missing file, in the folder "
            + logs
            + ": remove it or make it point to the log",
        e.getMessage());
    Files.createSymbolicLink(dir.resolve("alone.csv"), dir.resolve("nothing.csv"));
    assertEquals(
        dir.resolve("alone.csv") + ": a symbolic link to a missing file",
        fails(LoadOptions.defaults(), dir.resolve("alone.csv")).getMessage());
  }

  // --- values that load but cannot be right

  @Test
  void tokensFallingWhileStepRisesNamesBothLines() throws Exception {
    Path file =
        write(
            "swapped.csv",
            "run,params,tokens,loss,step\na,1e6,1e8,3.5,100\na,1e6,3e8,3.4,200\na,1e6,2e8,3.3,300\n");
    InputException e = fails(LoadOptions.defaults(), file);
    assertEquals(
        file
            + ":4: run 'a' has tokens 200000000 at step 300 here but more tokens (300000000) at the earlier step 200 at "
            + file
            + ":3: tokens decrease while step increases; check the column mapping (--column tokens=..., --column step=...)",
        e.getMessage());
  }

  @Test
  void computeThatOverflowsIsAnUnusableValue() throws Exception {
    Path file = write("huge.csv", LOG + "c,1e308,1e8,3.0\n");
    InputException e = fails(LoadOptions.defaults(), file);
    assertEquals(
        file
            + ":6:2: params is too large: compute C = 6 N T overflows (1e308 params x 100000000 tokens); "
            + "pass --drop-invalid to drop such rows",
        e.getMessage());
    Dataset kept = load(LoadOptions.defaults().withDropInvalid(true), file);
    assertEquals(List.of("a", "b"), kept.runs().stream().map(Run::id).toList());
    assertEquals(1, kept.dropped().get(0).count());
  }

  @Test
  void runSizeFarFromEveryOtherIsAWarning() throws Exception {
    Path file = write("far.csv", LOG + "c,3e10,1e8,3.0\n");
    Dataset d = load(LoadOptions.defaults(), file);
    assertEquals(
        List.of(
            "run 'c' has params 30000000000, more than 3 decades from every other run's (the nearest is 2000000): "
                + "check the value, or leave the run out with --exclude-run"),
        d.warnings());
    Path near = write("near.csv", LOG + "c,1e9,1e8,3.0\n"); // 2.7 decades from 2e6
    assertEquals(List.of(), load(LoadOptions.defaults(), near).warnings());
  }

  // --- memory follows the data

  @Test
  void jsonLinesThatAddAKeyEveryRowStayWithinTheHeap() throws Exception {
    // 30,000 rows, each with a key of its own: dense rows would hold 30,000 x 30,000 values (3.6 GB
    // of references), more than surefire's 512 MB heap; sparse rows hold 4 values each.
    int n = 30_000;
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append("{\"run\":\"a\",\"tokens\":")
          .append(1_000_000 + i)
          .append(",\"loss\":3.0,\"k")
          .append(i)
          .append("\":1.5}\n");
    }
    Path file = write("keys.jsonl", text.toString());
    Dataset d = load(limit("columns", "40000"), file);
    assertEquals(n, d.checkpointCount());
    assertEquals(n, d.ignoredColumns().size());
    Table t = new LogLoader(limit("columns", "40000")).loadTable(List.of(file));
    assertEquals("1.5", t.text("k" + (n - 1))[n - 1]);
    assertEquals(n, t.rows());
    assertEquals("1.5", t.text("k7")[7]);
    assertEquals(null, t.text("k7")[8]);
  }
}
