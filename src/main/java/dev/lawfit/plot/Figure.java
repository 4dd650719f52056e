package dev.lawfit.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/**
 * A finished figure: a title, panels laid out on a fixed canvas, and a caption under them that
 * states the formula with its fitted values. The same input gives the same bytes: fixed size, fixed
 * fonts, no timestamps, fixed ids in the SVG.
 */
public final class Figure {
  /** A panel at a fraction of the area between the title and the caption. */
  private record Panel(JFreeChart chart, double x, double y, double w, double h) {}

  private final String title;
  private final List<String> caption;
  private final int width;
  private final int height;
  private final List<Panel> panels = new ArrayList<>();

  Figure(String title, List<String> caption, int width, int height) {
    this.title = title;
    this.caption = List.copyOf(caption);
    this.width = width;
    this.height = height;
  }

  Figure add(Chart chart, double x, double y, double w, double h) {
    panels.add(new Panel(chart.decorated(), x, y, w, h));
    return this;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  static {
    // Rotated labels (the y axes') as text, not glyph outlines: an SVG keeps them searchable and
    // selectable.
    org.jfree.chart.text.TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  private static final int TITLE = 34;
  private static final int LINE = 18;

  private void draw(Graphics2D g2) {
    g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g2.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    g2.setPaint(Color.WHITE);
    g2.fill(new Rectangle2D.Double(0, 0, width, height));
    g2.setPaint(Color.BLACK);
    g2.setFont(Style.font(Font.BOLD, 16));
    centred(g2, title, 24);
    g2.setFont(Style.font(Font.PLAIN, 13));
    List<String> lines = wrap(g2.getFontMetrics(), caption, width - 24);
    double top = TITLE;
    double bottom = height - 10 - LINE * lines.size();
    for (Panel p : panels) {
      double areaH = bottom - top;
      p.chart()
          .draw(
              g2,
              new Rectangle2D.Double(
                  p.x() * width, top + p.y() * areaH, p.w() * width, p.h() * areaH));
    }
    g2.setPaint(Color.BLACK);
    g2.setFont(Style.font(Font.PLAIN, 13));
    for (int i = 0; i < lines.size(); i++) {
      centred(g2, lines.get(i), bottom + LINE * (i + 1) - 4);
    }
  }

  /** Caption lines broken at spaces so that none runs off the canvas. */
  private static List<String> wrap(FontMetrics m, List<String> text, int max) {
    List<String> out = new ArrayList<>();
    for (String line : text) {
      StringBuilder current = new StringBuilder();
      for (String word : line.split(" ", -1)) {
        String next = current.length() == 0 ? word : current + " " + word;
        if (m.stringWidth(next) > max && current.length() > 0) {
          out.add(current.toString());
          current = new StringBuilder(word);
        } else {
          current = new StringBuilder(next);
        }
      }
      out.add(current.toString());
    }
    return out;
  }

  private void centred(Graphics2D g2, String text, double baseline) {
    FontMetrics m = g2.getFontMetrics();
    g2.drawString(text, (float) Math.max(4, (width - m.stringWidth(text)) / 2.0), (float) baseline);
  }

  /** The figure as an SVG document. */
  public String svg() {
    SVGGraphics2D g2 = new SVGGraphics2D(width, height);
    // The default prefix is a timestamp: fixed ids keep the bytes the same run after run.
    g2.setDefsKeyPrefix("lawfit");
    // Coordinates to 1/100 px (JFreeSVG writes every digit of a double): a third of the bytes, same
    // picture.
    g2.setGeomDoubleConverter(Figure::twoPlaces);
    draw(g2);
    return g2.getSVGDocument() + "\n";
  }

  /** The figure as a PNG image. */
  public void png(OutputStream out) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g2 = image.createGraphics();
    try {
      draw(g2);
    } finally {
      g2.dispose();
    }
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer in this Java runtime");
    }
  }

  /** A coordinate with at most two decimals, trailing zeros dropped (-0 as 0). */
  static String twoPlaces(double v) {
    long hundredths = Math.round(v * 100);
    if (hundredths == 0) {
      return "0";
    }
    String sign = hundredths < 0 ? "-" : "";
    long a = Math.abs(hundredths);
    long frac = a % 100;
    return sign
        + (a / 100)
        + (frac == 0
            ? ""
            : frac % 10 == 0 ? "." + frac / 10 : frac < 10 ? ".0" + frac : "." + frac);
  }

  /** The PNG bytes, for tests and callers that need them whole. */
  public byte[] png() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      png(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
