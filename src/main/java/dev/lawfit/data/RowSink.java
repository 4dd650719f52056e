package dev.lawfit.data;

import java.util.List;

/** Receives the rows of one log file, as text, from a format reader. */
interface RowSink {

  /**
   * What some header names stand for, when a reader made them up (a run named by a column prefix or
   * a file name); called before {@link #header}, if at all.
   */
  default void origins(java.util.Map<String, String> byHeader) {}

  /** The column names, in file order, before any row. */
  void header(List<String> names) throws InputException;

  /**
   * One data row, as the values it has: entry {@code k < count} is the value {@code values[k]} of
   * column {@code columns[k]} (an index into the header's names), found at 1-based character {@code
   * positions[k]} of the line. A column without an entry is absent, as is a {@code null} or empty
   * value; a row need not list every column, so memory follows the data, not rows x columns. The
   * arrays are reused for the next row.
   *
   * @param line 1-based line of the row
   */
  void row(long line, int[] columns, String[] values, int[] positions, int count)
      throws InputException;
}
