package dev.lawfit.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A base-10 log axis whose ticks a reader can use: powers of ten (10⁹) with unlabelled minor ticks
 * when the range spans decades, 1-2-5 steps (2×10⁹) over one or two decades, and plain numbers
 * (2.4, 2.6) over less than a decade, where JFreeChart's own would label 10^0.38.
 */
final class LogTicksAxis extends LogAxis {
  private static final long serialVersionUID = 1L;

  LogTicksAxis(String label) {
    super(label);
    setBase(10);
    setSmallestValue(1e-300);
    setTickLabelFont(Style.font(java.awt.Font.PLAIN, 12));
    setLabelFont(Style.font(java.awt.Font.PLAIN, 13));
    setMinorTickMarksVisible(true);
  }

  @Override
  @SuppressWarnings("rawtypes")
  protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    return ticks(edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
  }

  @Override
  @SuppressWarnings("rawtypes")
  protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
    return ticks(edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT);
  }

  private List<NumberTick> ticks(TextAnchor anchor) {
    double lo = getRange().getLowerBound();
    double hi = getRange().getUpperBound();
    List<NumberTick> ticks = new ArrayList<>();
    if (!(lo > 0) || !(hi > lo)) {
      return ticks;
    }
    double decades = Math.log10(hi / lo);
    if (decades < 0.9) {
      double step = niceStep((hi - lo) / 5);
      for (double k = Math.ceil(lo / step); k * step <= hi; k++) {
        double v = k * step;
        ticks.add(tick(TickType.MAJOR, v, plain(v, step), anchor));
      }
      return ticks;
    }
    int first = (int) Math.floor(Math.log10(lo));
    int last = (int) Math.ceil(Math.log10(hi));
    int every = Math.max(1, (int) Math.ceil(decades / 8));
    boolean fine = decades < 2.2;
    for (int e = first; e <= last; e++) {
      for (int m = 1; m <= 9; m++) {
        double v = m * Math.pow(10, e);
        if (v < lo || v > hi) {
          continue;
        }
        boolean major = m == 1 ? Math.floorMod(e, every) == 0 : fine && (m == 2 || m == 5);
        if (major) {
          ticks.add(tick(TickType.MAJOR, v, power(m, e), anchor));
        } else if (every == 1) {
          ticks.add(tick(TickType.MINOR, v, "", anchor));
        }
      }
    }
    return ticks;
  }

  /**
   * A plain-text tick (JFreeChart draws LogTick's attributed labels as outlines, which an SVG
   * reader cannot search).
   */
  private static NumberTick tick(TickType type, double v, String label, TextAnchor anchor) {
    return new NumberTick(type, v, label, anchor, anchor, 0.0);
  }

  /** 1, 2, 5 times a power of ten. */
  static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / p;
    return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
  }

  static String plain(double v, double step) {
    int digits = Math.max(0, -(int) Math.floor(Math.log10(step) + 1e-9));
    return new BigDecimal(v).setScale(digits, java.math.RoundingMode.HALF_EVEN).toPlainString();
  }

  /** m×10ᵉ with superscript digits; 10ᵉ alone when m is 1, and small powers written out. */
  static String power(int m, int e) {
    if (e >= -2 && e <= 3) {
      return new BigDecimal(m).scaleByPowerOfTen(e).stripTrailingZeros().toPlainString();
    }
    String p = "10" + superscript(e);
    return m == 1 ? p : m + "×" + p;
  }

  static String superscript(int e) {
    String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    StringBuilder s = new StringBuilder(e < 0 ? "⁻" : "");
    for (char c : Integer.toString(Math.abs(e)).toCharArray()) {
      s.append(digits.charAt(c - '0'));
    }
    return s.toString();
  }
}
