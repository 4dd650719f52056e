package dev.lawfit.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * What tells one series from another: a colour of the Okabe-Ito palette (Okabe and Ito 2008, "Color
 * Universal Design"), safe for the common colour-vision deficiencies, and with it a marker shape
 * and a dash pattern, so that a figure printed in grey still reads.
 */
final class Style {
  private Style() {}

  /** Okabe-Ito, ordered so that neighbours differ in lightness too; yellow (weak on white) last. */
  static final Color[] COLOURS = {
    new Color(0x0072B2), // blue
    new Color(0xD55E00), // vermillion
    new Color(0x009E73), // bluish green
    new Color(0xE69F00), // orange
    new Color(0xCC79A7), // reddish purple
    new Color(0x56B4E9), // sky blue
    new Color(0x000000), // black
    new Color(0xF0E442), // yellow
  };

  static final Color GRID = new Color(0xDDDDDD);

  /** The family every text is set in: a logical font, the same on every JVM of one machine. */
  static final String FONT = Font.SANS_SERIF;

  static Font font(int style, int size) {
    return new Font(FONT, style, size);
  }

  static Color colour(int i) {
    return COLOURS[Math.floorMod(i, COLOURS.length)];
  }

  /** A translucent version of a series' colour, for an interval band. */
  static Color band(int i) {
    Color c = colour(i);
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 56);
  }

  private static final float[][] DASHES = {
    null,
    {7f, 4f},
    {2f, 3f},
    {9f, 3f, 2f, 3f},
    {14f, 4f},
    {4f, 2f, 4f, 2f, 1f, 2f},
    {1f, 2f},
    {10f, 2f, 2f, 2f, 2f, 2f},
  };

  /** The line of series i: solid, dashed, dotted, dash-dot, ... */
  static Stroke line(int i, float width) {
    // Past the eighth series the colours repeat: shift the dash (and the marker) so series i and
    // i + 8 never look alike (ten model sizes are common).
    float[] dash = DASHES[Math.floorMod(i + 3 * Math.floorDiv(i, DASHES.length), DASHES.length)];
    return dash == null
        ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
        : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
  }

  /**
   * The marker of series i: circle, square, triangle, diamond, inverted triangle, cross, star,
   * plus.
   */
  static Shape marker(int i, double size) {
    double h = size / 2;
    return switch (Math.floorMod(i + Math.floorDiv(i, 8), 8)) {
      case 0 -> new Ellipse2D.Double(-h, -h, size, size);
      case 1 -> new Rectangle2D.Double(-h * 0.9, -h * 0.9, size * 0.9, size * 0.9);
      case 2 -> polygon(new double[] {0, h, -h}, new double[] {-h, h * 0.8, h * 0.8});
      case 3 -> polygon(new double[] {0, h, 0, -h}, new double[] {-h * 1.2, 0, h * 1.2, 0});
      case 4 -> polygon(new double[] {-h, h, 0}, new double[] {-h * 0.8, -h * 0.8, h});
      case 5 -> cross(h, 0.35);
      case 6 -> star(h * 1.25);
      default -> plus(h, 0.35);
    };
  }

  private static Shape polygon(double[] x, double[] y) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(x[0], y[0]);
    for (int k = 1; k < x.length; k++) {
      p.lineTo(x[k], y[k]);
    }
    p.closePath();
    return p;
  }

  private static Shape plus(double h, double t) {
    double w = h * t;
    return polygon(
        new double[] {-w, w, w, h, h, w, w, -w, -w, -h, -h, -w},
        new double[] {-h, -h, -w, -w, w, w, h, h, w, w, -w, -w});
  }

  private static Shape cross(double h, double t) {
    Shape p = plus(h, t);
    return java.awt.geom.AffineTransform.getRotateInstance(Math.PI / 4).createTransformedShape(p);
  }

  /** A five-pointed star: the marker of an optimum (a vertex, eta*). */
  static Shape star(double r) {
    double[] x = new double[10];
    double[] y = new double[10];
    for (int k = 0; k < 10; k++) {
      double radius = k % 2 == 0 ? r : r * 0.45;
      double angle = -Math.PI / 2 + k * Math.PI / 5;
      x[k] = radius * Math.cos(angle);
      y[k] = radius * Math.sin(angle);
    }
    return polygon(x, y);
  }
}
