package dev.lawfit.data;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Follows the quoting of CSV text as the parser reads it, to say where a quote that is never closed
 * opened: a quote at the start of a value opens it, a doubled quote inside it is a literal quote,
 * any other quote closes it (RFC 4180). The parser itself notices only at the end of the file,
 * which can be a million lines later; following along costs one pass over the characters the parser
 * reads anyway, and the file is never read a second time.
 */
final class CsvQuotes extends FilterReader {
  private long line = 1;
  private int column;
  private long openLine;
  private int openColumn;
  private boolean quoted;
  private boolean quoteInQuoted; // a quote inside a quoted value: a literal "" or the closing one
  private boolean valueStart = true;
  private final char separator;

  CsvQuotes(Reader in, char separator) {
    super(in);
    this.separator = separator;
  }

  @Override
  public int read() throws IOException {
    char[] one = new char[1];
    return read(one, 0, 1) < 0 ? -1 : one[0];
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    int n = in.read(cbuf, off, len);
    for (int i = off; i < off + n; i++) {
      step(cbuf[i]);
    }
    return n;
  }

  private void step(char c) {
    column++;
    if (quoteInQuoted) {
      quoteInQuoted = false;
      if (c == '"') {
        return; // "" is a literal quote
      }
      quoted = false; // the previous quote closed the value; c is outside it
    }
    if (quoted) {
      if (c == '"') {
        quoteInQuoted = true;
      } else if (c == '\n') {
        line++;
        column = 0;
      }
    } else if (c == '"' && valueStart) {
      quoted = true;
      openLine = line;
      openColumn = column;
      valueStart = false;
    } else if (c == '\n') {
      line++;
      column = 0;
      valueStart = true;
    } else {
      valueStart = c == separator;
    }
  }

  /**
   * The error for a quoted value still open where reading stopped, or {@code null} when none is.
   *
   * @param atEnd whether reading stopped at the end of the file (else at a length limit)
   */
  InputException unclosed(String name, boolean atEnd, long valueLength) {
    if (!quoted || quoteInQuoted) {
      return null;
    }
    long last = column == 0 ? line - 1 : line;
    String extent =
        atEnd
            ? "(the rest of the file, to line " + last + ", would be one value)"
            : "(more than " + valueLength + " characters would be one value)";
    return new InputException(
        name,
        openLine,
        openColumn,
        "the quote that opens this value is never closed " + extent + ": close it or remove it");
  }
}
