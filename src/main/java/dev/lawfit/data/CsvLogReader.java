package dev.lawfit.data;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads comma-, semicolon-, pipe- or tab-separated logs with a header line, streaming, through
 * Jackson's CSV parser.
 */
final class CsvLogReader {
  private final CsvFactory factory;
  private final char separator;
  private final Limits limits;

  CsvLogReader(CsvFactory factory, char separator, Limits limits) {
    this.factory = factory;
    this.separator = separator;
    this.limits = limits;
  }

  void read(Reader reader, String file, RowSink sink) throws InputException, IOException {
    // '#' lines are comments (a tracker's or a script's preamble), before the header or between
    // rows.
    CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(separator).withComments();
    if (separator == '\t') {
      schema = schema.withoutQuoteChar();
    }
    try (CsvParser parser = factory.createParser(reader)) {
      parser.setSchema(schema);
      parser.enable(CsvParser.Feature.WRAP_AS_ARRAY);
      parser.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
      parser.enable(CsvParser.Feature.TRIM_SPACES);
      try {
        readRows(parser, file, sink);
      } catch (StreamConstraintsException e) {
        throw LogLoader.tooLong(file, parser.currentTokenLocation().getLineNr(), limits);
      }
    }
  }

  private void readRows(CsvParser parser, String file, RowSink sink)
      throws InputException, IOException {
    if (parser.nextToken() != JsonToken.START_ARRAY) {
      throw empty(file);
    }
    String[] values = new String[16];
    int[] positions = new int[16];
    int[] columns = new int[16];
    int width = -1;
    long line = 0;
    long headerLine = 0;
    long rows = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
      if (token != JsonToken.START_ARRAY) {
        throw new InputException(
            file, parser.currentTokenLocation().getLineNr(), 0, "unexpected CSV structure");
      }
      int count = 0;
      long keep = width < 0 ? limits.columns() : width + 1;
      while (parser.nextToken() == JsonToken.VALUE_STRING) {
        if (count == 0) {
          // The row's own start: at START_ARRAY the parser still reports the previous row's last
          // value.
          line = parser.currentTokenLocation().getLineNr();
        }
        if (count >= keep) {
          if (width < 0) {
            throw LogLoader.tooManyColumns(file, line, count + 1, limits);
          }
          count++; // a ragged row: count the rest for the message, but do not hold millions of
          // values
          continue;
        }
        if (count == values.length) {
          values = Arrays.copyOf(values, count * 2);
          positions = Arrays.copyOf(positions, count * 2);
          columns = Arrays.copyOf(columns, count * 2);
        }
        positions[count] = count + 1;
        columns[count] = count;
        values[count++] = parser.getText();
      }
      if (width < 0) {
        if (count == 1 && values[0].isEmpty()) {
          continue; // blank lines before the header
        }
        width = count;
        headerLine = line;
        sink.header(header(values, count, file, line));
        continue;
      }
      if (count != width) {
        if (count == 1 && values[0].isEmpty()) {
          continue;
        }
        int column = Math.min(count, width) + 1;
        throw new InputException(
            file,
            line,
            column,
            "this row has "
                + count
                + (count == 1 ? " value" : " values")
                + " but the header has "
                + width);
      }
      sink.row(line, columns, values, positions, count);
      rows++;
    }
    if (width < 0) {
      throw empty(file);
    }
    if (rows == 0) {
      throw new InputException(file, headerLine, 0, "no data rows after the header");
    }
  }

  private static InputException empty(String file) {
    return new InputException(
        file, 0, 0, "the file is empty: expected a header line, then one row per checkpoint");
  }

  private static List<String> header(String[] values, int count, String file, long line)
      throws InputException {
    List<String> names = new ArrayList<>(count);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < count; i++) {
      String name = values[i].strip();
      if (name.isEmpty()) {
        throw new InputException(file, line, i + 1, "the header has an empty column name");
      }
      if (!seen.add(name)) {
        throw new InputException(file, line, i + 1, "the header names column '" + name + "' twice");
      }
      names.add(name);
    }
    return names;
  }
}
