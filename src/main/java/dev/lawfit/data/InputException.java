package dev.lawfit.data;

/**
 * Input that cannot be used: a missing or unreadable file, a malformed table, an unusable value.
 *
 * <p>The message is one line that names where the problem is, {@code file:line:column}, as far as
 * it is known. Nothing is loaded when this is thrown.
 */
public class InputException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;
  private final int column;

  /**
   * @param file the file's path as the user gave it, or {@code null}
   * @param line 1-based line number, or 0 when not known
   * @param column 1-based column number, or 0 when not known
   * @param message what is wrong, without the location
   */
  public InputException(String file, long line, int column, String message) {
    super(oneLine(locate(file, line, column) + message));
    this.file = file;
    this.line = line;
    this.column = column;
  }

  public InputException(String message) {
    this(null, 0, 0, message);
  }

  /**
   * Line breaks inside quoted values or file names would break the one-line promise: show them
   * escaped.
   */
  private static String oneLine(String text) {
    return text.replace("\r", "\\r").replace("\n", "\\n");
  }

  private static String locate(String file, long line, int column) {
    if (file == null) {
      return "";
    }
    StringBuilder where = new StringBuilder(file);
    if (line > 0) {
      where.append(':').append(line);
      if (column > 0) {
        where.append(':').append(column);
      }
    }
    return where.append(": ").toString();
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }

  public int column() {
    return column;
  }
}
