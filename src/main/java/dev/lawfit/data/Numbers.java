package dev.lawfit.data;

import com.fasterxml.jackson.core.io.NumberInput;
import java.math.BigDecimal;

/** Parsing and printing of numbers as they appear in run logs. */
public final class Numbers {
  private Numbers() {}

  /**
   * Parses a number in any form Java accepts ({@code 1.5e9}, {@code 42}, {@code -0.1}) and the
   * spellings of non-finite values that logging tools write ({@code nan}, {@code inf}, {@code
   * -Infinity}, case-insensitive).
   *
   * @throws NumberFormatException when the text is not a number
   */
  public static double parse(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new NumberFormatException("empty");
    }
    char last = s.charAt(s.length() - 1);
    // Java would accept "1.5d" or "2f" as numbers: a log value with a type suffix is not one.
    if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
      return nonFinite(s);
    }
    try {
      // Jackson's bundled FastDoubleParser: the same results as Double.parseDouble, several
      // times faster on the 17-digit decimals that logging tools write.
      return NumberInput.parseDouble(s, true);
    } catch (NumberFormatException e) {
      return nonFinite(s);
    }
  }

  /**
   * Parses a count as {@link #parse} does, also with a magnitude suffix as model and data sizes are
   * written ({@code 125M}, {@code 1.3B}, {@code 2T}, {@code 70m}, {@code 1.4b}): K thousand, M
   * million, B billion, T trillion, in either case (a lowercase m is million, never milli, as in
   * model names like pythia-70m). Only the suffixes, not G or words; one suffix, right after the
   * number.
   *
   * @throws NumberFormatException when the text is not a number
   */
  public static double parseCount(String text) {
    try {
      return parse(text);
    } catch (NumberFormatException e) {
      String s = text.strip();
      double scale =
          s.isEmpty()
              ? 0
              : switch (s.charAt(s.length() - 1)) {
                case 'k', 'K' -> 1e3;
                case 'm', 'M' -> 1e6;
                case 'b', 'B' -> 1e9;
                case 't', 'T' -> 1e12;
                default -> 0;
              };
      String digits = s.substring(0, Math.max(0, s.length() - 1));
      if (scale == 0
          || digits.isEmpty()
          || !Character.isDigit(digits.charAt(digits.length() - 1))) {
        throw e;
      }
      double v = parse(digits);
      if (!Double.isFinite(v)) {
        throw e;
      }
      // 1.3 * 1e9 is 1300000000.0000002 in binary: go through the decimal text so 1.3B is 1.3e9
      // exactly.
      return Double.parseDouble(
          new BigDecimal(digits.strip()).multiply(BigDecimal.valueOf(scale)).toString());
    }
  }

  private static double nonFinite(String s) {
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    boolean negative = lower.startsWith("-");
    return switch (unsigned) {
      case "nan" -> Double.NaN;
      case "inf", "infinity" -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      default -> throw new NumberFormatException(s);
    };
  }

  /** Shortest text that reads back as the same double, without a trailing {@code .0}. */
  public static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    String s = Double.toString(value);
    return s.contains("E")
        ? new BigDecimal(s).stripTrailingZeros().toString().replace("E+", "e").replace("E", "e")
        : s;
  }
}
