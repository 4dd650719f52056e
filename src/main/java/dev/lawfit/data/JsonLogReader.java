package dev.lawfit.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads logs as JSON Lines (one object per line) or as one JSON array of objects.
 *
 * <p>Objects may name different keys; a key missing from an object is an absent value. The rows are
 * held until the file ends because the full set of column names is known only then; each holds only
 * the fields it has, so memory follows the data even when every object brings a key of its own.
 */
final class JsonLogReader {
  private final JsonFactory factory;
  private final boolean array;
  private final Limits limits;

  /** The columns of the object being read, cleared after each one. */
  private final java.util.BitSet seen = new java.util.BitSet();

  JsonLogReader(JsonFactory factory, boolean array, Limits limits) {
    this.factory = factory;
    this.array = array;
    this.limits = limits;
  }

  /**
   * One object's fields: column index, text ({@code null} for JSON null) and character position of
   * each.
   */
  private record Row(long line, int[] columns, String[] values, int[] positions) {}

  void read(Reader reader, String file, RowSink sink) throws InputException, IOException {
    Map<String, Integer> index = new HashMap<>();
    List<String> names = new ArrayList<>();
    List<Row> rows = new ArrayList<>();
    try (JsonParser parser = factory.createParser(reader)) {
      try {
        readRows(parser, file, index, names, rows);
      } catch (StreamConstraintsException e) {
        throw LogLoader.tooLong(file, parser.currentTokenLocation().getLineNr(), limits);
      }
    }
    if (rows.isEmpty()) {
      throw new InputException(file, 0, 0, "no objects in the file");
    }
    sink.header(names);
    for (Row row : rows) {
      sink.row(row.line, row.columns, row.values, row.positions, row.columns.length);
    }
  }

  private void readRows(
      JsonParser parser,
      String file,
      Map<String, Integer> index,
      List<String> names,
      List<Row> rows)
      throws InputException, IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      throw new InputException(file, 0, 0, "the file is empty");
    }
    if (array) {
      if (token != JsonToken.START_ARRAY) {
        throw at(file, parser, "expected a JSON array of objects, one per checkpoint");
      }
      token = parser.nextToken();
    }
    while (token != null && !(array && token == JsonToken.END_ARRAY)) {
      if (token != JsonToken.START_OBJECT) {
        throw at(
            file, parser, "expected a JSON object, one per checkpoint, found " + describe(token));
      }
      if (rows.size() == limits.rows()) {
        throw at(
            file, parser, limits.exceededMessage("rows", "more than " + limits.rows() + " rows"));
      }
      rows.add(readObject(parser, file, index, names));
      token = parser.nextToken();
    }
    if (array) {
      if (token == null) {
        throw at(file, parser, "the JSON array is not closed");
      }
      if (parser.nextToken() != null) {
        throw at(file, parser, "unexpected content after the JSON array");
      }
    }
  }

  /** The fields of the object being read: column index, text and position of each. */
  private int[] columns = new int[8];

  private String[] values = new String[8];
  private int[] positions = new int[8];
  private int count;

  private Row readObject(
      JsonParser parser, String file, Map<String, Integer> index, List<String> names)
      throws IOException, InputException {
    long line = parser.currentTokenLocation().getLineNr();
    count = 0;
    readFields(parser, file, index, names, "");
    for (int k = 0; k < count; k++) {
      seen.clear(columns[k]);
    }
    return new Row(
        line,
        Arrays.copyOf(columns, count),
        Arrays.copyOf(values, count),
        Arrays.copyOf(positions, count));
  }

  /**
   * The fields of an object, a nested object's named by their dotted path ({@code
   * config.model.n_params}), so {@code --column params=config.model.n_params} reaches them.
   */
  private void readFields(
      JsonParser parser, String file, Map<String, Integer> index, List<String> names, String prefix)
      throws IOException, InputException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = prefix.isEmpty() ? parser.currentName() : prefix + parser.currentName();
      JsonToken value = parser.nextToken();
      JsonLocation where = parser.currentTokenLocation();
      if (value == JsonToken.START_OBJECT) {
        readFields(parser, file, index, names, name + ".");
        continue;
      }
      String text =
          switch (value) {
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
                parser.getText();
            case VALUE_NULL -> null;
            default ->
                throw new InputException(
                    file,
                    where.getLineNr(),
                    where.getColumnNr(),
                    "field '"
                        + name
                        + "' holds "
                        + describe(value)
                        + "; lawfit reads objects of numbers and text (nested objects too)");
          };
      Integer column = index.get(name);
      if (column == null) {
        if (names.size() == limits.columns()) {
          throw LogLoader.tooManyColumns(file, where.getLineNr(), where.getColumnNr(), limits);
        }
        column = names.size();
        index.put(name, column);
        names.add(name);
      }
      if (seen.get(column)) {
        throw new InputException(
            file,
            where.getLineNr(),
            where.getColumnNr(),
            "field '" + name + "' appears twice in one object");
      }
      seen.set(column);
      if (count == values.length) {
        columns = Arrays.copyOf(columns, count * 2);
        values = Arrays.copyOf(values, count * 2);
        positions = Arrays.copyOf(positions, count * 2);
      }
      columns[count] = column;
      values[count] = text;
      positions[count++] = where.getColumnNr();
    }
    if (token != JsonToken.END_OBJECT) {
      throw at(file, parser, "malformed JSON object");
    }
  }

  private static InputException at(String file, JsonParser parser, String message) {
    JsonLocation where = parser.currentTokenLocation();
    return new InputException(file, where.getLineNr(), where.getColumnNr(), message);
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_NULL -> "null";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> token.toString();
    };
  }
}
