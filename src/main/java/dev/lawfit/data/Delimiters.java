package dev.lawfit.data;

import java.io.IOException;
import java.io.Reader;

/**
 * The separator of a CSV file, found from its header line: of {@code ,} {@code ;} tab and {@code
 * |}, the one that occurs most often outside quotes (a comma on a tie or when none occurs). Locales
 * with a decimal comma export {@code ;}, some tools tab or {@code |}. Blank lines and {@code #}
 * comment lines before the header are passed over. The reader is reset to where it was, so the file
 * is still read once.
 */
final class Delimiters {
  static final char[] CANDIDATES = {',', ';', '\t', '|'};

  private Delimiters() {}

  /**
   * @param in a reader that supports mark, positioned at the start of the text
   * @param lookahead at most this many characters are examined
   */
  static char sniff(Reader in, int lookahead) throws IOException {
    in.mark(lookahead);
    int[] counts = new int[CANDIDATES.length];
    boolean quoted = false;
    boolean lineStart = true;
    boolean skipLine = false;
    boolean headerSeen = false;
    for (int read = 0; read < lookahead; read++) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      if (skipLine) {
        skipLine = c != '\n';
        lineStart = !skipLine;
        continue;
      }
      if (lineStart && !quoted) {
        if (c == '#') {
          skipLine = true;
          continue;
        }
        if (c == '\n' || c == '\r') {
          continue;
        }
        lineStart = false;
      }
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '\n') {
        headerSeen = true;
        break;
      } else if (!quoted) {
        for (int k = 0; k < CANDIDATES.length; k++) {
          if (c == CANDIDATES[k]) {
            counts[k]++;
          }
        }
      }
    }
    in.reset();
    int best = 0;
    for (int k = 1; k < counts.length; k++) {
      if (counts[k] > counts[best]) {
        best = k;
      }
    }
    return headerSeen || counts[best] > 0 ? CANDIDATES[best] : ',';
  }
}
