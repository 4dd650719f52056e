package dev.lawfit.bench;

import dev.lawfit.cli.Cli;
import dev.lawfit.data.InputException;
import dev.lawfit.data.LoadOptions;
import dev.lawfit.data.LogFiles;
import dev.lawfit.data.LogLoader;
import dev.lawfit.data.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded mutation fuzz of every loader: a valid input of each format (CSV, TSV, JSON Lines, JSON,
 * each also gzip-compressed, and the two tables {@code critical-batch} reads through {@code
 * loadTable}) mutated by byte flips, truncations, inserted quotes, separators, line breaks, NUL
 * bytes, huge numbers and byte order marks, duplicated or dropped lines and duplicated spans, then
 * run through the command line in-process. Every outcome must be exit 0, or exit 2 with one line
 * that starts {@code lawfit: } and shows no Java or Jackson internals; anything else (exit 1, 3, 4,
 * a stack trace, a second line) is counted as a finding and the first few are printed with their
 * input.
 *
 * <p>Not a test (surefire only runs *Test); {@code LoaderFuzzTest} runs a small seeded set. From
 * the project root:
 *
 * <pre>
 * scripts/harness LoaderFuzz [cases-per-format] [seed] [loader|cli] [KIND]
 * </pre>
 *
 * Defaults: 1,000 cases per format, seed 1, straight through the loader, every kind.
 */
public final class LoaderFuzz {
  private static final String CSV =
      "run,family,params,tokens,loss,step,lr,note\n"
          + "a,f,1e6,1e8,3.5,10,0.001,x\na,f,1e6,2e8,3.4,20,0.001,x\nb,f,2e6,1e8,3.3,10,0.001,\"y, z\"\nb,f,2e6,2e8,3.2,20,0.001,y\n";
  private static final String STEPS =
      "model,batch_size,steps_to_target,target_loss\n"
          + "m,32,1000,3.0\nm,64,600,3.0\nm,128,400,3.0\nm,256,320,3.0\n";
  private static final String NOISE =
      "step,grad_sq_small,grad_sq_big,batch_small,batch_big\n"
          + "1,4.0,2.5,32,256\n2,3.9,2.4,32,256\n3,3.8,2.3,32,256\n4,3.7,2.2,32,256\n";

  /** The inputs to mutate, by name: a file extension, and what to run on the file. */
  public enum Kind {
    CSV_("csv", false),
    TSV("tsv", false),
    JSONL("jsonl", false),
    JSON("json", false),
    CSV_GZ("csv", true),
    TSV_GZ("tsv", true),
    JSONL_GZ("jsonl", true),
    JSON_GZ("json", true),
    STEPS_TABLE("csv", false),
    NOISE_TABLE("csv", false);

    final String extension;
    final boolean gzip;

    Kind(String extension, boolean gzip) {
      this.extension = extension;
      this.gzip = gzip;
    }

    String seed() {
      return switch (this) {
        case CSV_, CSV_GZ -> CSV;
        case TSV, TSV_GZ -> CSV.replace("\"y, z\"", "y z").replace(',', '\t');
        case JSONL, JSONL_GZ, JSON, JSON_GZ -> json(this == JSON || this == JSON_GZ);
        case STEPS_TABLE -> STEPS;
        case NOISE_TABLE -> NOISE;
      };
    }

    String[] command(Path file) {
      return switch (this) {
        case STEPS_TABLE ->
            new String[] {
              "-q", "critical-batch", "--from", "steps", "--bootstrap", "20", file.toString()
            };
        case NOISE_TABLE ->
            new String[] {"-q", "critical-batch", "--from", "gradient-noise", file.toString()};
        default -> new String[] {"-q", "inspect", file.toString()};
      };
    }
  }

  private static String json(boolean array) {
    String[] lines = CSV.split("\n");
    String[] names = lines[0].split(",");
    List<String> objects = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] v = lines[i].replace("\"y, z\"", "y z").split(",");
      StringBuilder o = new StringBuilder("{");
      for (int c = 0; c < names.length; c++) {
        boolean text = c < 2 || c == 7;
        o.append(c == 0 ? "" : ", ")
            .append('"')
            .append(names[c])
            .append("\": ")
            .append(text ? "\"" + v[c] + "\"" : v[c]);
      }
      objects.add(o.append('}').toString());
    }
    return array
        ? "[\n" + String.join(",\n", objects) + "\n]\n"
        : String.join("\n", objects) + "\n";
  }

  private static final byte[][] INSERTS =
      bytes(
          "\"",
          ",",
          "\t",
          "\n",
          "\r",
          "\r\n",
          "\0",
          "{",
          "}",
          "[",
          "]",
          ":",
          "\\",
          "1e308",
          "1e309",
          "-1e400",
          "NaN",
          "Infinity",
          "-inf",
          "99999999999999999999999999",
          "0x1p3",
          "1.5d",
          "null",
          "true",
          "\u00e9",
          "\ufeff",
          "\"\"",
          ",,,,",
          "\n\n\n",
          "run",
          "loss",
          "tokens",
          "1e-400",
          "0",
          "-1");

  private static byte[][] bytes(String... texts) {
    List<byte[]> out = new ArrayList<>();
    for (String t : texts) {
      out.add(t.getBytes(StandardCharsets.UTF_8));
    }
    out.add(new byte[] {(byte) 0xe9}); // Latin-1 é: not UTF-8
    out.add(new byte[] {(byte) 0xff, (byte) 0xfe}); // UTF-16LE byte order mark
    out.add(new byte[] {(byte) 0xfe, (byte) 0xff}); // UTF-16BE
    out.add(new byte[] {0, 0, (byte) 0xfe, (byte) 0xff}); // UTF-32BE
    out.add(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}); // UTF-8
    out.add(new byte[] {(byte) 0xc3}); // a cut multi-byte character
    return out.toArray(new byte[0][]);
  }

  /**
   * One mutated input: 1 to 3 mutations of the seed's text, and for .gz possibly of the compressed
   * bytes.
   */
  static byte[] mutate(Kind kind, Random random) throws IOException {
    byte[] data = kind.seed().getBytes(StandardCharsets.UTF_8);
    int mutations = 1 + random.nextInt(3);
    boolean compressedToo = kind.gzip && random.nextInt(4) == 0;
    for (int m = 0; m < mutations; m++) {
      data = mutateOnce(data, random);
    }
    if (kind.gzip) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (OutputStream gz = new GZIPOutputStream(out)) {
        gz.write(data);
      }
      data = out.toByteArray();
      if (compressedToo) {
        data = mutateOnce(data, random);
      }
    }
    return data;
  }

  private static byte[] mutateOnce(byte[] data, Random random) {
    int n = data.length;
    int at = n == 0 ? 0 : random.nextInt(n + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(8)) {
      case 0 -> { // flip a byte
        byte[] copy = data.clone();
        if (n > 0) {
          copy[Math.min(at, n - 1)] = (byte) random.nextInt(256);
        }
        return copy;
      }
      case 1 -> { // truncate
        return java.util.Arrays.copyOf(data, at);
      }
      case 2, 3, 4 -> { // insert a token
        byte[] token = INSERTS[random.nextInt(INSERTS.length)];
        out.write(data, 0, at);
        out.writeBytes(token);
        out.write(data, at, n - at);
      }
      case 5 -> { // duplicate a span (a column, a line, part of a record)
        int len = n == 0 ? 0 : random.nextInt(Math.min(40, n - Math.min(at, n - 1)) + 1);
        int from = Math.min(at, Math.max(0, n - len));
        out.write(data, 0, from + len);
        out.write(data, from, len);
        out.write(data, from + len, n - from - len);
      }
      case 6 -> { // delete a span
        int len = n - at == 0 ? 0 : random.nextInt(Math.min(30, n - at) + 1);
        out.write(data, 0, at);
        out.write(data, at + len, n - at - len);
      }
      default -> { // a huge or repeated value
        out.write(data, 0, at);
        String big =
            random.nextBoolean()
                ? "9".repeat(1 + random.nextInt(400))
                : "1e" + (random.nextInt(700) - 350);
        out.writeBytes(big.getBytes(StandardCharsets.UTF_8));
        out.write(data, at, n - at);
      }
    }
    return out.toByteArray();
  }

  /** Outcome counts of one kind, and the first findings. */
  public record Tally(Kind kind, long loaded, long rejected, long other, List<String> findings) {}

  /**
   * Runs {@code cases} mutations of each kind, from {@code seed}, in {@code dir}: through the
   * command line in-process ({@code cli}), or straight through the loader with the command line's
   * mapping of its errors (an {@link InputException} is exit 2 and its message the line on stderr;
   * anything else thrown is exit 4), which is several times faster.
   */
  public static List<Tally> run(List<Kind> kinds, int cases, long seed, Path dir, boolean cli)
      throws IOException {
    List<Tally> tallies = new ArrayList<>();
    for (Kind kind : kinds) {
      Random random = new Random(seed * 31 + kind.ordinal());
      long loaded = 0;
      long rejected = 0;
      long other = 0;
      List<String> findings = new ArrayList<>();
      Path file = dir.resolve("fuzz." + kind.extension + (kind.gzip ? ".gz" : ""));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      // One command line for all cases: picocli resets every option before it parses the next.
      var commandLine = Cli.create(new PrintWriter(out, true), new PrintWriter(err, true));
      for (int i = 0; i < cases; i++) {
        byte[] input = mutate(kind, random);
        Files.write(file, input);
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int code;
        try {
          if (!cli) {
            code = load(kind, file, err);
          } else if (kind == Kind.STEPS_TABLE || kind == Kind.NOISE_TABLE) {
            // critical-batch keeps the table it read: a fresh command line per case.
            code =
                Cli.create(new PrintWriter(out, true), new PrintWriter(err, true))
                    .execute(kind.command(file));
          } else {
            code = commandLine.execute(kind.command(file));
          }
        } catch (RuntimeException | Error e) {
          code = -1;
          err.write(e.toString());
        }
        String problem = judge(code, err.toString());
        if (problem == null) {
          if (code == 0) {
            loaded++;
          } else {
            rejected++;
          }
        } else {
          other++;
          if (findings.size() < 5) {
            findings.add(
                kind
                    + " case "
                    + i
                    + ": "
                    + problem
                    + "\n  input: "
                    + new String(input, StandardCharsets.ISO_8859_1)
                        .replace("\n", "\\n")
                        .replace("\0", "\\0")
                    + "\n  stderr: "
                    + err.toString().replace("\n", "\n          "));
          }
        }
      }
      tallies.add(new Tally(kind, loaded, rejected, other, findings));
    }
    return tallies;
  }

  /** Loads as the commands do, with their exit status for what is thrown. */
  private static final LogLoader LOADER = new LogLoader(LoadOptions.defaults());

  private static int load(Kind kind, Path file, StringWriter err) {
    LogLoader loader = LOADER;
    try {
      if (kind == Kind.STEPS_TABLE || kind == Kind.NOISE_TABLE) {
        Table t = loader.loadTable(List.of(file));
        for (String column : t.columns()) {
          t.text(column);
          if (!column.equalsIgnoreCase("model")) {
            t.numbers(column, false);
          }
        }
      } else {
        loader.load(LogFiles.expand(List.of(file)));
      }
      return 0;
    } catch (InputException e) {
      err.write("lawfit: " + e.getMessage() + "\n");
      return 2;
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      err.write(e + "\n");
      return 4;
    }
  }

  private static final List<String> INTERNALS =
      List.of(
          "Exception",
          "java.",
          "com.fasterxml",
          "jackson",
          "JsonReadFeature",
          "StreamReadFeature",
          "Input length",
          "Illegal seek",
          "because \"",
          "Cannot invoke",
          "null\n");

  /** Null when the outcome keeps the contract, else what is wrong with it. */
  static String judge(int code, String err) {
    if (code == 0) {
      return null;
    }
    if (code != 2) {
      return "exit " + code;
    }
    String trimmed = err.endsWith("\n") ? err.substring(0, err.length() - 1) : err;
    if (trimmed.isEmpty() || trimmed.contains("\n")) {
      return "not one line on stderr";
    }
    if (!trimmed.startsWith("lawfit: ")) {
      return "no 'lawfit: ' prefix";
    }
    for (String internal : INTERNALS) {
      if (trimmed.contains(internal)) {
        return "internals in the message (" + internal.strip() + ")";
      }
    }
    return null;
  }

  public static void main(String[] args) throws IOException {
    int cases = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    boolean cli = args.length > 2 && args[2].equals("cli");
    List<Kind> kinds =
        args.length > 3
            ? List.of(Kind.valueOf(args[3].toUpperCase(Locale.ROOT)))
            : List.of(Kind.values());
    Path shm = Path.of("/dev/shm");
    Path dir =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "lawfit-fuzz")
            : Files.createTempDirectory("lawfit-fuzz");
    long started = System.nanoTime();
    Map<String, long[]> totals = new LinkedHashMap<>();
    long other = 0;
    // One kind at a time, so that each kind's figures are out as soon as it is done.
    for (Kind kind : kinds) {
      Tally t = run(List.of(kind), cases, seed, dir, cli).get(0);
      System.out.printf(
          Locale.ROOT,
          "%-12s %8d cases: %8d loaded, %8d exit 2, %4d other%n",
          t.kind(),
          cases,
          t.loaded(),
          t.rejected(),
          t.other());
      t.findings().forEach(System.out::println);
      other += t.other();
      totals.put(t.kind().name(), new long[] {t.loaded(), t.rejected(), t.other()});
      System.out.flush();
    }
    System.out.printf(
        Locale.ROOT,
        "seed %d, %d cases per format, through the %s, %.0f s; other outcomes: %d%n",
        seed,
        cases,
        cli ? "command line" : "loader",
        (System.nanoTime() - started) / 1e9,
        other);
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
    System.exit(other == 0 ? 0 : 1);
  }
}
