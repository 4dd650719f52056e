package dev.lawfit.data;

import java.util.List;

/** Receives the rows of one log file, as text, from a format reader. */
interface RowSink {

  /** The column names, in file order, before any row. */
  void header(List<String> names) throws InputException;

  /**
   * One data row.
   *
   * @param line 1-based line of the row
   * @param values the row's values by column index; {@code null} or empty where absent
   * @param positions 1-based column of each value, for messages
   * @param count how many entries of {@code values} are used
   */
  void row(long line, String[] values, int[] positions, int count) throws InputException;
}
