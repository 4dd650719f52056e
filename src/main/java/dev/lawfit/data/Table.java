package dev.lawfit.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain table read from one or more files: named columns of text, with where each value came
 * from, for inputs that are not run logs. Column names match case-insensitively; a column missing
 * from one file is empty in its rows.
 */
public final class Table implements LogLoader.Target {
  private final List<String> columns = new ArrayList<>();
  private final Map<String, Integer> index = new LinkedHashMap<>();

  /** A row's values: table column, text and 1-based position of each value it has. */
  private record Row(String file, long line, int[] columns, String[] values, int[] positions) {
    int find(int column) {
      for (int k = 0; k < columns.length; k++) {
        if (columns[k] == column) {
          return k;
        }
      }
      return -1;
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private List<SourceFile> sources = List.of();

  Table() {}

  Table withSources(List<SourceFile> files) {
    this.sources = List.copyOf(files);
    return this;
  }

  @Override
  public int rows() {
    return rows.size();
  }

  public List<SourceFile> files() {
    return sources;
  }

  /** Column names in order of first appearance, as the files spell them. */
  public List<String> columns() {
    return List.copyOf(columns);
  }

  /** The first of {@code names} that is a column here (case-insensitive), or {@code null}. */
  public String find(List<String> names) {
    for (String n : names) {
      Integer i = index.get(n.toLowerCase(Locale.ROOT));
      if (i != null) {
        return columns.get(i);
      }
    }
    return null;
  }

  /** The text of a column in every row; {@code null} where a row has no value. */
  public String[] text(String column) {
    int c = index.get(column.toLowerCase(Locale.ROOT));
    String[] out = new String[rows.size()];
    for (int r = 0; r < out.length; r++) {
      Row row = rows.get(r);
      int k = row.find(c);
      out[r] = k >= 0 && row.values[k] != null && !row.values[k].isEmpty() ? row.values[k] : null;
    }
    return out;
  }

  /**
   * The numbers of a column; every row must hold a finite number, and a positive one when {@code
   * positive}.
   *
   * @throws InputException naming file:line:column and the value, when one is not
   */
  public double[] numbers(String column, boolean positive) throws InputException {
    int c = index.get(column.toLowerCase(Locale.ROOT));
    double[] out = new double[rows.size()];
    for (int r = 0; r < out.length; r++) {
      Row row = rows.get(r);
      int k = row.find(c);
      String text = k >= 0 ? row.values[k] : null;
      int position = k >= 0 ? row.positions[k] : 0;
      if (text == null || text.isEmpty()) {
        throw new InputException(row.file, row.line, position, column + " is missing");
      }
      double v;
      try {
        v = Numbers.parse(text);
      } catch (NumberFormatException e) {
        throw new InputException(
            row.file,
            row.line,
            position,
            column
                + " is not a number: '"
                + (text.length() <= 40 ? text : text.substring(0, 37) + "...")
                + "'");
      }
      if (!Double.isFinite(v) || (positive && !(v > 0))) {
        throw new InputException(
            row.file,
            row.line,
            position,
            column
                + " is "
                + Numbers.format(v)
                + (positive ? ": it must be a positive number" : ": it must be a finite number"));
      }
      out[r] = v;
    }
    return out;
  }

  /** Where row {@code r} is, as {@code file:line}. */
  public String where(int r) {
    return rows.get(r).file + ":" + rows.get(r).line;
  }

  @Override
  public RowSink forFile(String name) {
    return new RowSink() {
      private int[] map;

      @Override
      public void header(List<String> names) {
        map = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
          String key = names.get(i).strip().toLowerCase(Locale.ROOT);
          Integer c = index.get(key);
          if (c == null) {
            c = columns.size();
            columns.add(names.get(i).strip());
            index.put(key, c);
          }
          map[i] = c;
        }
      }

      @Override
      public void row(long line, int[] columns, String[] values, int[] positions, int count) {
        int[] to = new int[count];
        int[] pos = new int[count];
        for (int k = 0; k < count; k++) {
          to[k] = map[columns[k]];
          pos[k] = positions[k] > 0 ? positions[k] : columns[k] + 1;
        }
        rows.add(new Row(name, line, to, java.util.Arrays.copyOf(values, count), pos));
      }
    };
  }
}
