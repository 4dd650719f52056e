package dev.lawfit.data;

/**
 * A column the load options map ({@code --column}, or a baseline's recorded columns) that no input
 * file has. Callers that supplied the mapping themselves can say where it came from.
 */
public final class MissingColumnException extends InputException {
  private static final long serialVersionUID = 1L;

  private final String canonical;
  private final String header;

  public MissingColumnException(String canonical, String header) {
    super("--column " + canonical + "=" + header + ": no input file has a column '" + header + "'");
    this.canonical = canonical;
    this.header = header;
  }

  /** The canonical column that was to be read, such as {@code params}. */
  public String canonical() {
    return canonical;
  }

  /** The header it was to be read from. */
  public String header() {
    return header;
  }
}
