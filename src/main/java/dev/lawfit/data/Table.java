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
  private final List<String[]> rows = new ArrayList<>();
  private final List<String> rowFile = new ArrayList<>();
  private final List<Long> rowLine = new ArrayList<>();
  private final List<int[]> rowPosition = new ArrayList<>();
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
      String[] row = rows.get(r);
      out[r] = c < row.length && row[c] != null && !row[c].isEmpty() ? row[c] : null;
    }
    return out;
  }

  /**
   * The numbers of a column; every row must hold a finite number, and a positive one when
   * {@code positive}.
   *
   * @throws InputException naming file:line:column and the value, when one is not
   */
  public double[] numbers(String column, boolean positive) throws InputException {
    int c = index.get(column.toLowerCase(Locale.ROOT));
    double[] out = new double[rows.size()];
    for (int r = 0; r < out.length; r++) {
      String[] row = rows.get(r);
      String text = c < row.length ? row[c] : null;
      int position = c < row.length ? rowPosition.get(r)[c] : 0;
      if (text == null || text.isEmpty()) {
        throw new InputException(rowFile.get(r), rowLine.get(r), position, column + " is missing");
      }
      double v;
      try {
        v = Numbers.parse(text);
      } catch (NumberFormatException e) {
        throw new InputException(rowFile.get(r), rowLine.get(r), position, column + " is not a number: '"
            + (text.length() <= 40 ? text : text.substring(0, 37) + "...") + "'");
      }
      if (!Double.isFinite(v) || (positive && !(v > 0))) {
        throw new InputException(rowFile.get(r), rowLine.get(r), position, column + " is " + Numbers.format(v)
            + (positive ? ": it must be a positive number" : ": it must be a finite number"));
      }
      out[r] = v;
    }
    return out;
  }

  /** Where row {@code r} is, as {@code file:line}. */
  public String where(int r) {
    return rowFile.get(r) + ":" + rowLine.get(r);
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
      public void row(long line, String[] values, int[] positions, int count) {
        String[] row = new String[columns.size()];
        int[] pos = new int[columns.size()];
        for (int i = 0; i < Math.min(count, map.length); i++) {
          row[map[i]] = values[i];
          pos[map[i]] = positions[i] > 0 ? positions[i] : i + 1;
        }
        rows.add(row);
        rowFile.add(name);
        rowLine.add(line);
        rowPosition.add(pos);
      }
    };
  }
}
