package dev.lawfit.fit;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A closed interval a parameter must stay in, natural units; either end may be infinite.
 *
 * @param lower the smallest value allowed, or negative infinity
 * @param upper the largest value allowed, or positive infinity; at least {@code lower}
 */
public record Bound(double lower, double upper) {
  /** No constraint. */
  public static final Bound NONE = new Bound(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

  /** A parameter that must not be negative: the default of the Chinchilla and Kaplan exponents. */
  public static final Bound NON_NEGATIVE = new Bound(0, Double.POSITIVE_INFINITY);

  /**
   * @throws IllegalArgumentException for NaN ends or {@code lower > upper}
   */
  public Bound {
    if (Double.isNaN(lower) || Double.isNaN(upper) || lower > upper) {
      throw new IllegalArgumentException(
          "a bound needs lower <= upper, got " + lower + ":" + upper);
    }
  }

  /** Whether {@code value} lies in the interval. */
  public boolean contains(double value) {
    return value >= lower && value <= upper;
  }

  /**
   * Reads {@code LO:HI}; either side may be empty or {@code inf}/{@code -inf} for no limit.
   *
   * @throws IllegalArgumentException for anything else, with a message for the user
   */
  public static Bound parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException("'" + text + "' is not LO:HI");
    }
    double lo = end(text.substring(0, colon), Double.NEGATIVE_INFINITY, text);
    double hi = end(text.substring(colon + 1), Double.POSITIVE_INFINITY, text);
    if (lo > hi) {
      throw new IllegalArgumentException("'" + text + "' has its lower end above its upper end");
    }
    return new Bound(lo, hi);
  }

  private static double end(String s, double open, String whole) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty() || t.equals("inf") || t.equals("+inf") || t.equals("-inf")) {
      if (t.equals("-inf") && open > 0 || (t.equals("inf") || t.equals("+inf")) && open < 0) {
        throw new IllegalArgumentException("'" + whole + "' has an infinite end on the wrong side");
      }
      return open;
    }
    try {
      double v = Double.parseDouble(t);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + whole + "': '" + s + "' is not a number");
    }
  }

  /**
   * As the record's own equality (each end compared as {@link Double#compare} does), written out:
   * the generated one links through invokedynamic (ObjectMethods) on first use, 1.8% of the
   * instructions of a default fit of the 240 Chinchilla points (callgrind with -Xbatch, issue 15).
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Bound b
        && Double.compare(lower, b.lower) == 0
        && Double.compare(upper, b.upper) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(lower) + Double.hashCode(upper);
  }

  /** {@code LO:HI} as {@link #parse} reads it, {@code -inf}/{@code inf} for open ends. */
  @Override
  public String toString() {
    return text(lower) + ":" + text(upper);
  }

  private static String text(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** Each bound as {@code LO:HI}, in the map's order. */
  public static Map<String, String> texts(Map<String, Bound> bounds) {
    Map<String, String> out = new LinkedHashMap<>();
    bounds.forEach((name, b) -> out.put(name, b.toString()));
    return out;
  }
}
