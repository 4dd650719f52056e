package dev.lawfit.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table as lawfit prints it: headers and rows of cells, already formatted. {@link #render()} lays
 * it out for a terminal (left-aligned text columns, right-aligned numbers); {@link Page} also
 * writes it as CSV or markdown, with the same cells.
 */
public final class TextTable {
  private final List<String> headers;
  private final boolean[] rightAligned;
  private final List<List<String>> rows = new ArrayList<>();

  /** Headers; a header starting with '>' marks a right-aligned column (the '>' is not shown). */
  public TextTable(String... headers) {
    this.headers = new ArrayList<>();
    this.rightAligned = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      rightAligned[i] = headers[i].startsWith(">");
      this.headers.add(rightAligned[i] ? headers[i].substring(1) : headers[i]);
    }
  }

  public TextTable row(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells, table has " + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>(cells.length);
    for (Object cell : cells) {
      row.add(cell == null ? "-" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  /** The column headers, without the alignment mark. */
  public List<String> headers() {
    return List.copyOf(headers);
  }

  /** Whether column {@code i} holds numbers (right-aligned). */
  public boolean rightAligned(int i) {
    return rightAligned[i];
  }

  /** The rows, each as many cells as there are headers; a missing value is "-". */
  public List<List<String>> rows() {
    return rows.stream().map(List::copyOf).toList();
  }

  public String render() {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
      for (List<String> row : rows) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, width);
    for (List<String> row : rows) {
      line(out, row, width);
    }
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append("  ");
      }
      String cell = cells.get(i);
      String pad = " ".repeat(width[i] - cell.length());
      line.append(rightAligned[i] ? pad + cell : cell + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
