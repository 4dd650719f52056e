package dev.lawfit.report;

import java.math.BigDecimal;
import java.math.MathContext;

/** Short number forms for tables; JSON keeps full precision. */
public final class Formats {
  private Formats() {}

  /**
   * {@code value} to {@code digits} significant digits: {@code 1.25e8}, {@code 3.42}, {@code
   * 0.0123}.
   */
  public static String sig(double value, int digits) {
    if (Double.isNaN(value)) {
      return "-";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits));
    double abs = Math.abs(value);
    if (abs >= 1e-3 && abs < 1e5) {
      return rounded.stripTrailingZeros().toPlainString();
    }
    int exponent = rounded.precision() - rounded.scale() - 1;
    BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
    return mantissa.toPlainString() + "e" + exponent;
  }

  /** A count with thousands separators: {@code 77,747}. */
  public static String count(long n) {
    // What String.format(Locale.ROOT, "%,d", n) prints, without java.util.Formatter, which a short
    // inspect otherwise loads and sets up for this alone.
    String digits = Long.toString(n);
    int first = n < 0 ? 1 : 0;
    var out = new StringBuilder(digits.length() + digits.length() / 3);
    out.append(digits, 0, first);
    for (int i = first; i < digits.length(); i++) {
      if (i > first && (digits.length() - i) % 3 == 0) {
        out.append(',');
      }
      out.append(digits.charAt(i));
    }
    return out.toString();
  }
}
