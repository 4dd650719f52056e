package dev.lawfit.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
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
  /** Longest single value accepted: longer means the file is not a log (or has no line breaks). */
  public static final int MAX_VALUE_LENGTH = 1 << 20;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder().maxStringLength(MAX_VALUE_LENGTH).maxNameLength(MAX_VALUE_LENGTH).build();

  private final LoadOptions options;
  private final CsvMapper csv;
  private final JsonFactory json;

  public LogLoader(LoadOptions options) {
    this.options = options;
    // The loader closes the file itself: it drains the rest for the checksum after parsing.
    this.csv = new CsvMapper(CsvFactory.builder().streamReadConstraints(LIMITS)
        .disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE).build());
    this.json = JsonFactory.builder().streamReadConstraints(LIMITS)
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

  private SourceFile read(Path path, LogTable table) throws InputException {
    String name = path.toString();
    Format format = options.format() != null ? options.format() : Format.fromFileName(name).orElseThrow(() ->
        new InputException(name, 0, 0, "unknown format: name the file .csv, .tsv, .jsonl or .json (optionally .gz), or pass --input-format"));
    if (Files.isDirectory(path)) {
      throw new InputException(name, 0, 0, "is a directory, not a log file");
    }
    boolean gzip = Format.isGzip(name);
    int before = table.rows();
    MessageDigest sha = sha256();
    try (InputStream raw = Files.newInputStream(path);
        DigestInputStream digest = new DigestInputStream(raw, sha);
        InputStream bytes = new BufferedInputStream(gzip ? gunzip(digest, name) : digest, 1 << 16)) {
      rejectBinary(bytes, name);
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
      } catch (IOException e) {
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
    return new SourceFile(name, format, gzip, table.rows() - before, HexFormat.of().formatHex(sha.digest()));
  }

  private static InputStream gunzip(InputStream in, String name) throws IOException {
    try {
      return new GZIPInputStream(in, 1 << 16);
    } catch (ZipException | EOFException e) {
      throw new ZipException("not a gzip file (the name ends in .gz)");
    }
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
      return new InputException(name, at == null ? 0 : at.getLineNr(), 0,
          "a value longer than " + MAX_VALUE_LENGTH + " characters: is this really a log with one row per line?");
    }
    if (e instanceof JsonProcessingException p) {
      JsonLocation at = p.getLocation();
      return new InputException(name, at == null ? 0 : at.getLineNr(), at == null ? 0 : Math.max(0, at.getColumnNr()),
          "malformed input: " + p.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (e instanceof CharacterCodingException) {
      return new InputException(name, 0, 0, "not UTF-8 text");
    }
    if (e instanceof ZipException || (e instanceof EOFException && Format.isGzip(name))) {
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
