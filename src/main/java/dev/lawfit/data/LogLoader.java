package dev.lawfit.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads run logs (CSV, TSV, JSON Lines, JSON arrays; gzip by a {@code .gz} extension) into a {@link
 * Dataset}.
 *
 * <p>All files are read before anything is returned; any problem throws {@link InputException}
 * naming the file, line and column, and nothing is loaded. Each file is read once, front to back
 * (so standard input, {@code -}, and pipes work), within the {@link Limits} of the options.
 */
public final class LogLoader {

  /** The path that stands for standard input. */
  public static final String STDIN = "-";

  private final LoadOptions options;
  private final CsvFactory csv;
  private final JsonFactory json;

  public LogLoader(LoadOptions options) {
    this.options = options;
    int length = (int) options.limits().valueLength();
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxStringLength(length)
            .maxNameLength(length)
            .maxNumberLength(length)
            .build();
    // The loader closes the file itself: it drains the rest for the checksum after parsing.
    // The streaming factory alone: a CsvMapper would load Jackson's data binding (~300 classes) for
    // nothing.
    this.csv =
        CsvFactory.builder()
            .streamReadConstraints(constraints)
            .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();
    // Python's json module writes a diverged loss as NaN or Infinity: read them, then validate like
    // any value.
    this.json =
        JsonFactory.builder()
            .streamReadConstraints(constraints)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();
  }

  /** Loads every file into one dataset; runs keep the order of first appearance. */
  public Dataset load(List<Path> paths) throws InputException {
    if (paths.isEmpty()) {
      throw new InputException("no log files given");
    }
    RunTable runs =
        options.runs() == null
            ? null
            : RunTable.read(options.runs(), new LogLoader(options.withRuns(null)));
    LogTable table = new LogTable(options, runs);
    List<SourceFile> sources = new ArrayList<>();
    for (Path path : paths) {
      sources.add(read(path, table));
    }
    Dataset dataset = table.build(sources);
    if (InfoLog.enabled()) {
      InfoLog.info(LogLoader.class, "columns read: {}", describeSources(dataset));
    }
    return dataset;
  }

  /**
   * Which header feeds each canonical column, as {@code loss <- eval_loss, tokens <- step x
   * batch_size}.
   */
  public static String describeSources(Dataset dataset) {
    List<String> parts = new ArrayList<>();
    dataset.sources().forEach((canonical, from) -> parts.add(canonical + " <- " + from));
    return String.join(", ", parts);
  }

  /**
   * Reads files as a plain table of named columns, for inputs that are not run logs
   * (steps-to-target tables, gradient-noise logs); the same formats, checks and messages as {@link
   * #load}, except that no column is required.
   */
  public Table loadTable(List<Path> paths) throws InputException {
    if (paths.isEmpty()) {
      throw new InputException("no input files given");
    }
    Table table = new Table();
    List<SourceFile> sources = new ArrayList<>();
    for (Path path : paths) {
      sources.add(read(path, table));
    }
    return table.withSources(sources);
  }

  /** Where a reader's rows go: the run-log table or a plain table. */
  interface Target {
    RowSink forFile(String name);

    int rows();
  }

  private SourceFile read(Path path, Target table) throws InputException {
    String name = path.toString();
    boolean stdin = STDIN.equals(name);
    if (!stdin && Files.isDirectory(path)) {
      throw new InputException(name, 0, 0, "is a directory, not a log file");
    }
    // Standard input and pipes without an extension (/dev/fd/63 from a process substitution) read
    // as CSV.
    Format format =
        options.format() != null
            ? options.format()
            : stdin
                    || (Format.fromFileName(name).isEmpty()
                        && Files.exists(path)
                        && !Files.isRegularFile(path))
                ? Format.CSV
                : Format.fromFileName(name)
                    .orElseThrow(
                        () ->
                            new InputException(
                                name,
                                0,
                                0,
                                "unknown format: name the file .csv, .tsv, .jsonl or .json (optionally .gz), or pass --input-format"));
    boolean gzip = !stdin && Format.isGzip(name);
    Limits limits = options.limits();
    int before = table.rows();
    long started = System.nanoTime();
    CsvQuotes quotes = null;
    String sha256;
    try (InputStream raw = Inputs.open(path, name, limits);
        DigestingInput digest = new DigestingInput(raw);
        InputStream bytes = gzip ? new GzipInput(digest, limits.decompressedBytes()) : digest) {
      Reader text = new TextInput(bytes, name);
      char separator =
          options.delimiter() != null ? options.delimiter() : format == Format.TSV ? '\t' : ',';
      if (format == Format.CSV && options.delimiter() == null) {
        text = new java.io.BufferedReader(text, 1 << 16);
        separator = Delimiters.sniff(text, (int) Math.min(limits.valueLength(), 1 << 22));
      }
      if (format == Format.CSV || (format == Format.TSV && separator != '\t')) {
        text = quotes = new CsvQuotes(text, separator);
      }
      RowSink sink = new Limited(table.forFile(name), name, limits);
      if ((format == Format.CSV || format == Format.TSV) && table instanceof LogTable) {
        sink = Exports.adapt(sink, name);
      }
      try {
        switch (format) {
          case CSV, TSV -> {
            // The CSV reader streams: its rows are filed on a second thread while it parses on.
            PipedRows piped = new PipedRows(sink);
            try {
              new CsvLogReader(csv, separator, limits).read(text, name, piped);
            } finally {
              // The sink's error, from an earlier line, before the reader's.
              piped.drain();
            }
          }
          // The JSON readers parse the whole file before the first row: nothing to overlap.
          case JSONL -> new JsonLogReader(json, false, limits).read(text, name, sink);
          case JSON -> new JsonLogReader(json, true, limits).read(text, name, sink);
        }
      } catch (ValueTooLong e) {
        // In a CSV file this is nearly always a quote that swallowed the lines after it. TSV has no
        // quoting (CsvLogReader).
        InputException open =
            quotes == null ? null : quotes.unclosed(name, false, limits.valueLength());
        throw open != null ? open : e;
      } catch (JsonProcessingException e) {
        if (quotes != null
            && String.valueOf(e.getOriginalMessage()).startsWith("Missing closing quote")) {
          InputException open = quotes.unclosed(name, true, limits.valueLength());
          throw open != null ? open : describe(e, name, limits);
        }
        throw describe(e, name, limits);
      }
      // Read to the end so the checksum covers the whole file (and a .gz is checked to its end).
      bytes.transferTo(java.io.OutputStream.nullOutputStream());
      sha256 = digest.hex();
    } catch (TextInput.NotText e) {
      throw e.error;
    } catch (GzipInput.TooLarge e) {
      throw limits.exceeded(
          name,
          0,
          0,
          "decompressed-bytes",
          "decompresses to more than " + limits.decompressedBytes() + " bytes");
    } catch (GzipInput.Corrupt e) {
      throw new InputException(name, 0, 0, e.getMessage());
    } catch (NoSuchFileException e) {
      throw new InputException(
          name,
          0,
          0,
          Files.isSymbolicLink(path) ? "a symbolic link to a missing file" : "no such file");
    } catch (AccessDeniedException e) {
      throw new InputException(name, 0, 0, "permission denied");
    } catch (IOException e) {
      throw describe(e, name, limits);
    }
    long rows = table.rows() - before;
    InfoLog.info(
        LogLoader.class,
        "read {}: {} rows ({}{}) in {} ms",
        name,
        rows,
        format.name().toLowerCase(java.util.Locale.ROOT),
        gzip ? ", gzip" : "",
        (System.nanoTime() - started) / 1_000_000);
    return new SourceFile(name, format, gzip, rows, sha256);
  }

  /** Counts a file's rows against the rows limit as they arrive. */
  private static final class Limited implements RowSink {
    private final RowSink sink;
    private final String name;
    private final Limits limits;
    private long rows;

    Limited(RowSink sink, String name, Limits limits) {
      this.sink = sink;
      this.name = name;
      this.limits = limits;
    }

    @Override
    public void origins(java.util.Map<String, String> byHeader) {
      sink.origins(byHeader);
    }

    @Override
    public void header(List<String> names) throws InputException {
      sink.header(names);
    }

    @Override
    public void row(long line, int[] columns, String[] values, int[] positions, int count)
        throws InputException {
      if (++rows > limits.rows()) {
        throw limits.exceeded(name, line, 0, "rows", "more than " + limits.rows() + " rows");
      }
      sink.row(line, columns, values, positions, count);
    }
  }

  /** The error for a value longer than the value-length limit, at the line where it starts. */
  static ValueTooLong tooLong(String name, long line, Limits limits) {
    return new ValueTooLong(
        name,
        line,
        limits.exceededMessage(
            "value-length",
            "a value longer than "
                + limits.valueLength()
                + " characters: is this really a log with one row per line?"));
  }

  /** A value longer than the limit: not a log, or a CSV quote that is never closed. */
  static final class ValueTooLong extends InputException {
    private static final long serialVersionUID = 1L;

    ValueTooLong(String name, long line, String message) {
      super(name, Math.max(0, line), 0, message);
    }
  }

  /** The error for a header or JSON object with more columns than the columns limit. */
  static InputException tooManyColumns(String name, long line, int column, Limits limits) {
    return limits.exceeded(
        name,
        Math.max(0, line),
        Math.max(0, column),
        "columns",
        "more than " + limits.columns() + " columns: is this really a log with one row per line?");
  }

  private static InputException describe(IOException e, String name, Limits limits) {
    if (e instanceof StreamConstraintsException c) {
      JsonLocation at = c.getLocation();
      return tooLong(name, at == null ? 0 : at.getLineNr(), limits);
    }
    if (e instanceof JsonProcessingException p) {
      return JsonErrors.describe(name, p, "malformed input: ");
    }
    return new InputException(
        name,
        0,
        0,
        "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
  }
}
