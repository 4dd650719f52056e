package dev.lawfit.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Loads run logs (CSV, TSV, JSON Lines, JSON arrays; gzip by a {@code .gz} extension) into a
 * {@link Dataset}.
 *
 * <p>All files are read before anything is returned; any problem throws {@link InputException}
 * naming the file, line and column, and nothing is loaded.
 */
public final class LogLoader {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LogLoader.class);

  /** Longest single value accepted: longer means the file is not a log (or has no line breaks). */
  public static final int MAX_VALUE_LENGTH = 1 << 20;

  /** Most columns (CSV header fields, distinct JSON keys) accepted: more means the file is not a log. */
  public static final int MAX_COLUMNS = 100_000;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder().maxStringLength(MAX_VALUE_LENGTH).maxNameLength(MAX_VALUE_LENGTH)
          .maxNumberLength(MAX_VALUE_LENGTH).build();

  private final LoadOptions options;
  private final CsvMapper csv;
  private final JsonFactory json;

  public LogLoader(LoadOptions options) {
    this.options = options;
    // The loader closes the file itself: it drains the rest for the checksum after parsing.
    this.csv = new CsvMapper(CsvFactory.builder().streamReadConstraints(LIMITS)
        .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE).build());
    // Python's json module writes a diverged loss as NaN or Infinity: read them, then validate like any value.
    this.json = JsonFactory.builder().streamReadConstraints(LIMITS)
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE).build();
  }

  /** Loads every file into one dataset; runs keep the order of first appearance. */
  public Dataset load(List<Path> paths) throws InputException {
    if (paths.isEmpty()) {
      throw new InputException("no log files given");
    }
    LogTable table = new LogTable(options);
    List<SourceFile> sources = new ArrayList<>();
    for (Path path : paths) {
      sources.add(read(path, table));
    }
    return table.build(sources);
  }

  /**
   * Reads files as a plain table of named columns, for inputs that are not run logs (steps-to-target
   * tables, gradient-noise logs); the same formats, checks and messages as {@link #load}, except
   * that no column is required.
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
    if (Files.isDirectory(path)) {
      throw new InputException(name, 0, 0, "is a directory, not a log file");
    }
    Format format = options.format() != null ? options.format() : Format.fromFileName(name).orElseThrow(() ->
        new InputException(name, 0, 0, "unknown format: name the file .csv, .tsv, .jsonl or .json (optionally .gz), or pass --input-format"));
    boolean gzip = Format.isGzip(name);
    int before = table.rows();
    long started = System.nanoTime();
    MessageDigest sha = sha256();
    try (InputStream raw = Files.newInputStream(path);
        DigestInputStream digest = new DigestInputStream(raw, sha);
        InputStream bytes = new BufferedInputStream(gzip ? gunzip(digest, name) : digest, 1 << 16)) {
      rejectBinary(bytes, name);
      skipByteOrderMark(bytes);
      Reader text = new InputStreamReader(bytes, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT));
      RowSink sink = table.forFile(name);
      try {
        switch (format) {
          case CSV -> new CsvLogReader(csv, ',').read(text, name, sink);
          case TSV -> new CsvLogReader(csv, '\t').read(text, name, sink);
          case JSONL -> new JsonLogReader(json, false).read(text, name, sink);
          case JSON -> new JsonLogReader(json, true).read(text, name, sink);
        }
      } catch (CharacterCodingException e) {
        throw notUtf8(path, gzip, name);
      } catch (ValueTooLong e) {
        // In a CSV file this is nearly always a quote that swallowed the lines after it. TSV has no quoting (CsvLogReader).
        throw format == Format.CSV ? unclosedQuote(path, gzip, name, e) : e;
      } catch (IOException e) {
        if (format == Format.CSV && e instanceof JsonProcessingException p
            && String.valueOf(p.getOriginalMessage()).startsWith("Missing closing quote")) {
          throw unclosedQuote(path, gzip, name, describe(e, name));
        }
        throw describe(e, name);
      }
      // Read to the end so the checksum covers the whole file.
      digest.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (NoSuchFileException e) {
      throw new InputException(name, 0, 0, "no such file");
    } catch (AccessDeniedException e) {
      throw new InputException(name, 0, 0, "permission denied");
    } catch (IOException e) {
      throw describe(e, name);
    }
    long rows = table.rows() - before;
    LOG.info("read {}: {} rows ({}{}) in {} ms", name, rows, format.name().toLowerCase(java.util.Locale.ROOT), gzip ? ", gzip" : "",
        (System.nanoTime() - started) / 1_000_000);
    return new SourceFile(name, format, gzip, rows, HexFormat.of().formatHex(sha.digest()));
  }

  private static InputStream gunzip(InputStream in, String name) throws IOException, InputException {
    try {
      return new GZIPInputStream(in, 1 << 16);
    } catch (ZipException | EOFException e) {
      throw new InputException(name, 0, 0, "not gzip data, though the name ends in .gz");
    }
  }

  /** Editors on Windows start UTF-8 files with a byte order mark; it is not part of the first column's name. */
  private static void skipByteOrderMark(InputStream in) throws IOException {
    in.mark(3);
    byte[] head = in.readNBytes(3);
    if (!(head.length == 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf)) {
      in.reset();
    }
  }

  /** The error for a value longer than {@link #MAX_VALUE_LENGTH}, at the line where it starts. */
  static ValueTooLong tooLong(String name, long line) {
    return new ValueTooLong(name, line);
  }

  /** A value longer than {@link #MAX_VALUE_LENGTH}: not a log, or a CSV quote that is never closed. */
  static final class ValueTooLong extends InputException {
    private static final long serialVersionUID = 1L;

    ValueTooLong(String name, long line) {
      super(name, Math.max(0, line), 0,
          "a value longer than " + MAX_VALUE_LENGTH + " characters: is this really a log with one row per line?");
    }
  }

  /** The error for a header or JSON object with more than {@link #MAX_COLUMNS} columns. */
  static InputException tooManyColumns(String name, long line, int column) {
    return new InputException(name, Math.max(0, line), Math.max(0, column),
        "more than " + MAX_COLUMNS + " columns: is this really a log with one row per line?");
  }

  /**
   * The error for bytes that are not UTF-8. The decoder's exception does not say where, so the
   * file is read again (only on this error path) to find the line of the first bad byte.
   */
  private static InputException notUtf8(Path path, boolean gzip, String name) {
    try (InputStream raw = Files.newInputStream(path);
        InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
      CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
      CharBuffer chars = CharBuffer.allocate(1 << 16);
      long line = 1;
      long character = 1;
      boolean end = false;
      while (true) {
        int n = end ? -1 : in.read(bytes.array(), bytes.position(), bytes.remaining());
        end = n < 0;
        bytes.position(bytes.position() + Math.max(n, 0));
        bytes.flip();
        CoderResult result = decoder.decode(bytes, chars, end);
        chars.flip();
        while (chars.hasRemaining()) {
          if (chars.get() == '\n') {
            line++;
            character = 1;
          } else {
            character++;
          }
        }
        chars.clear();
        if (result.isError()) {
          return new InputException(name, line, 0, String.format(java.util.Locale.ROOT,
              "not UTF-8 text: byte 0x%02X at character %d of this line; save the file as UTF-8",
              bytes.get(bytes.position()) & 0xff, character));
        }
        bytes.compact();
        if (end && result.isUnderflow()) {
          break;
        }
      }
    } catch (IOException e) {
      // Fall through: the location is a courtesy, the error itself stands.
    }
    return new InputException(name, 0, 0, "not UTF-8 text; save the file as UTF-8");
  }

  /**
   * The error for a quoted CSV value that is never closed. The parser notices at the end of the file,
   * which can be a million lines after the stray quote, so the file is read again (only on this
   * error path) to find where the quote opened: a quote at the start of a value opens it, a doubled
   * quote inside it is a literal quote, any other quote closes it (RFC 4180). {@code fallback} when
   * that reading does not end inside a quoted value.
   */
  private static InputException unclosedQuote(Path path, boolean gzip, String name, InputException fallback) {
    try (InputStream raw = Files.newInputStream(path);
        InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
        Reader text = new java.io.BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
      long line = 1;
      int column = 0;
      long openLine = 0;
      int openColumn = 0;
      boolean quoted = false;
      boolean valueStart = true;
      int c = text.read();
      if (c == '\ufeff') {
        c = text.read(); // a byte order mark is not part of the first value
      }
      for (; c >= 0; c = text.read()) {
        column++;
        if (quoted) {
          if (c == '"') {
            text.mark(1);
            int next = text.read();
            if (next == '"') {
              column++; // "" is a literal quote
            } else {
              quoted = false;
              text.reset();
            }
          } else if (c == '\n') {
            line++;
            column = 0;
          }
        } else if (c == '"' && valueStart) {
          quoted = true;
          openLine = line;
          openColumn = column;
          valueStart = false;
        } else if (c == '\n') {
          line++;
          column = 0;
          valueStart = true;
        } else {
          valueStart = c == ',';
        }
      }
      if (quoted) {
        return new InputException(name, openLine, openColumn, "the quote that opens this value is never closed "
            + "(the rest of the file, to line " + (column == 0 ? line - 1 : line) + ", would be one value): close it or remove it");
      }
    } catch (IOException e) {
      // Fall through: the location is a courtesy, the error itself stands.
    }
    return fallback;
  }

  /** A NUL byte in the first block means binary data, which a text parser would misread. */
  private static void rejectBinary(InputStream in, String name) throws IOException, InputException {
    in.mark(8192);
    byte[] head = in.readNBytes(8192);
    in.reset();
    for (byte b : head) {
      if (b == 0) {
        throw new InputException(name, 0, 0, "binary data, not a text log (lawfit reads UTF-8 CSV, TSV, JSON Lines or JSON)");
      }
    }
  }

  private static InputException describe(IOException e, String name) {
    if (e instanceof StreamConstraintsException c) {
      JsonLocation at = c.getLocation();
      return tooLong(name, at == null ? 0 : at.getLineNr());
    }
    if (e instanceof JsonProcessingException p) {
      return JsonErrors.describe(name, p, "malformed input: ");
    }
    if (e instanceof EOFException && Format.isGzip(name)) {
      return new InputException(name, 0, 0, "the gzip data ends early: the file is truncated");
    }
    if (e instanceof ZipException) {
      return new InputException(name, 0, 0, "corrupt gzip data: " + e.getMessage());
    }
    return new InputException(name, 0, 0, "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
