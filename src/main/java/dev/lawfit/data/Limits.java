package dev.lawfit.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Caps on what one input file may hold, so that a file that is not a log (or a runaway one) fails
 * fast with one line instead of filling memory or running for minutes. Each cap has a name the
 * command line uses ({@code --limit NAME=VALUE}).
 *
 * @param valueLength longest single value (a CSV field, a JSON string, name or number), in
 *     characters
 * @param columns most columns in one file (CSV header fields, distinct JSON keys)
 * @param rows most data rows in one file
 * @param decompressedBytes most bytes a {@code .gz} file may decompress to
 * @param pipeWaitSeconds how long to wait for a program to open a named pipe for writing
 */
public record Limits(
    long valueLength, long columns, long rows, long decompressedBytes, long pipeWaitSeconds) {

  /** The names, each with its largest accepted value (Jackson and the row index take ints). */
  private static final Map<String, Long> MAXIMA = new LinkedHashMap<>();

  static {
    MAXIMA.put("value-length", (long) Integer.MAX_VALUE - 16);
    MAXIMA.put("columns", 10_000_000L);
    MAXIMA.put("rows", (long) Integer.MAX_VALUE - 16);
    MAXIMA.put("decompressed-bytes", Long.MAX_VALUE);
    MAXIMA.put("pipe-wait", 86_400L);
  }

  /** The defaults, documented in README ("Limits"). */
  public static final Limits DEFAULTS = new Limits(1L << 20, 10_000, 10_000_000, 1L << 28, 10);

  public Limits {
    check("value-length", valueLength);
    check("columns", columns);
    check("rows", rows);
    check("decompressed-bytes", decompressedBytes);
    check("pipe-wait", pipeWaitSeconds);
  }

  private static void check(String name, long value) {
    if (value < 1 || value > MAXIMA.get(name)) {
      throw new IllegalArgumentException(
          name + " must be from 1 to " + MAXIMA.get(name) + ", got " + value);
    }
  }

  /** The names {@link #with} accepts, comma-separated, for messages. */
  public static String names() {
    return String.join(", ", MAXIMA.keySet());
  }

  /**
   * These limits with one changed by name; the value is a whole number, optionally with a binary
   * suffix k, M, G or T ({@code 8G} is 8 x 2^30).
   *
   * @throws IllegalArgumentException naming the limit, for an unknown name or a value out of range
   */
  public Limits with(String name, String value) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    if (!MAXIMA.containsKey(key)) {
      throw new IllegalArgumentException("unknown limit '" + name + "'; limits are " + names());
    }
    long v = parse(key, value.strip());
    check(key, v);
    return switch (key) {
      case "value-length" -> new Limits(v, columns, rows, decompressedBytes, pipeWaitSeconds);
      case "columns" -> new Limits(valueLength, v, rows, decompressedBytes, pipeWaitSeconds);
      case "rows" -> new Limits(valueLength, columns, v, decompressedBytes, pipeWaitSeconds);
      case "decompressed-bytes" -> new Limits(valueLength, columns, rows, v, pipeWaitSeconds);
      default -> new Limits(valueLength, columns, rows, decompressedBytes, v);
    };
  }

  private static long parse(String name, String text) {
    int shift = 0;
    String digits = text;
    if (!text.isEmpty()) {
      switch (Character.toUpperCase(text.charAt(text.length() - 1))) {
        case 'K' -> shift = 10;
        case 'M' -> shift = 20;
        case 'G' -> shift = 30;
        case 'T' -> shift = 40;
        default -> shift = 0;
      }
      if (shift > 0) {
        digits = text.substring(0, text.length() - 1);
      }
    }
    long v;
    try {
      v = Long.parseLong(digits.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number (optionally with k, M, G or T), got '" + text + "'");
    }
    if (v > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException(
          name + " must be from 1 to " + MAXIMA.get(name) + ", got " + text);
    }
    return v << shift;
  }

  /**
   * The error for an input that exceeds the limit {@code name}, as one line naming the option that
   * raises it.
   */
  InputException exceeded(String file, long line, int column, String name, String what) {
    return new InputException(file, line, column, exceededMessage(name, what));
  }

  String exceededMessage(String name, String what) {
    long value =
        switch (name) {
          case "value-length" -> valueLength;
          case "columns" -> columns;
          case "rows" -> rows;
          case "decompressed-bytes" -> decompressedBytes;
          default -> pipeWaitSeconds;
        };
    return what
        + (name.equals("pipe-wait")
            ? "; wait longer with --limit pipe-wait=SECONDS"
            : " (the "
                + name
                + " limit is "
                + value
                + "; raise it with --limit "
                + name
                + "=N if this really is a log)");
  }
}
