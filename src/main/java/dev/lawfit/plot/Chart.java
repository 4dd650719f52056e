package dev.lawfit.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * One panel of a figure: an x-y plot built series by series, each series its own dataset and
 * renderer so that it has its own colour, marker, dash and legend entry. Series draw in the order
 * added (bands first, then lines, then points is the usual order).
 */
final class Chart {
  private final XYPlot plot = new XYPlot();
  private int count;
  private String title;
  private boolean legend = true;
  private final double[] xBounds = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
  private final double[] yBounds = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

  Chart(String xLabel, boolean xLog, String yLabel, boolean yLog) {
    plot.setDomainAxis(axis(xLabel, xLog));
    plot.setRangeAxis(axis(yLabel, yLog));
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.GRAY);
    plot.setDomainGridlinePaint(Style.GRID);
    plot.setRangeGridlinePaint(Style.GRID);
    plot.setDomainGridlineStroke(new BasicStroke(0.7f));
    plot.setRangeGridlineStroke(new BasicStroke(0.7f));
    plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
  }

  private static ValueAxis axis(String label, boolean log) {
    if (log) {
      return new LogTicksAxis(label);
    }
    NumberAxis a = new NumberAxis(label);
    a.setAutoRangeIncludesZero(false);
    a.setTickLabelFont(Style.font(Font.PLAIN, 12));
    a.setLabelFont(Style.font(Font.PLAIN, 13));
    return a;
  }

  Chart title(String text) {
    this.title = text;
    return this;
  }

  private final org.jfree.chart.LegendItemCollection legendItems =
      new org.jfree.chart.LegendItemCollection();

  /**
   * A legend entry showing style {@code style}'s marker and/or line: once any is given, the legend
   * holds exactly these (e.g. one entry per model size for its points and its curve together).
   */
  Chart legend(String name, int style, boolean marker, boolean line) {
    return legend(name, style, marker ? Style.marker(style, 7) : null, line);
  }

  /** As {@link #legend(String, int, boolean, boolean)} with a marker of its own (null for none). */
  Chart legend(String name, int style, Shape shape, boolean line) {
    boolean marker = shape != null;
    shape = marker ? shape : new java.awt.geom.Rectangle2D.Double(0, 0, 0, 0);
    var item =
        new org.jfree.chart.LegendItem(
            name,
            null,
            null,
            null,
            marker,
            shape,
            true,
            Style.colour(style),
            false,
            Style.colour(style),
            new BasicStroke(1f),
            line,
            new java.awt.geom.Line2D.Double(-12, 0, 12, 0),
            Style.line(style, 1.8f),
            Style.colour(style));
    legendItems.add(item);
    plot.setFixedLegendItems(legendItems);
    return this;
  }

  Chart noLegend() {
    legend = false;
    return this;
  }

  XYPlot plot() {
    return plot;
  }

  /** Markers only, in style {@code style}. */
  Chart points(String name, double[] x, double[] y, int style) {
    return points(name, x, y, style, Style.marker(style, 7), false);
  }

  Chart points(String name, double[] x, double[] y, int style, Shape shape, boolean hollow) {
    var r = new XYLineAndShapeRenderer(false, true);
    r.setSeriesPaint(0, Style.colour(style));
    r.setSeriesShape(0, shape);
    if (hollow) {
      r.setUseFillPaint(true);
      r.setSeriesFillPaint(0, Color.WHITE);
      r.setDrawOutlines(true);
      r.setUseOutlinePaint(false);
    }
    return add(series(name, x, y), r, name, x, y);
  }

  /** A line in the dash pattern of {@code style}. */
  Chart line(String name, double[] x, double[] y, int style) {
    return line(name, x, y, style, 1.8f);
  }

  Chart line(String name, double[] x, double[] y, int style, float width) {
    var r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesPaint(0, Style.colour(style));
    r.setSeriesStroke(0, Style.line(style, width));
    r.setDrawSeriesLineAsPath(true);
    return add(series(name, x, y), r, name, x, y);
  }

  /** A line with a translucent band between {@code low} and {@code high}. */
  Chart band(String name, double[] x, double[] mid, double[] low, double[] high, int style) {
    YIntervalSeries s = new YIntervalSeries(name == null ? "" : name, false, true);
    for (int i = 0; i < x.length; i++) {
      s.add(x[i], mid[i], low[i], high[i]);
    }
    var r = new DeviationRenderer(true, false);
    r.setSeriesPaint(0, Style.colour(style));
    r.setSeriesFillPaint(0, Style.band(style));
    r.setAlpha(1f);
    r.setSeriesStroke(0, Style.line(style, 1.8f));
    track(x, low);
    track(x, high);
    return add(new YIntervalSeriesCollection(), s, r, name, x, mid);
  }

  /** Points with vertical error bars from {@code low} to {@code high}. */
  Chart errorBars(String name, double[] x, double[] y, double[] low, double[] high, int style) {
    YIntervalSeries s = new YIntervalSeries(name == null ? "" : name, false, true);
    for (int i = 0; i < x.length; i++) {
      s.add(
          x[i], y[i], Double.isNaN(low[i]) ? y[i] : low[i], Double.isNaN(high[i]) ? y[i] : high[i]);
      if (!Double.isNaN(low[i])) {
        track(new double[] {x[i]}, new double[] {low[i]});
        track(new double[] {x[i]}, new double[] {high[i]});
      }
    }
    var r = new XYErrorRenderer();
    r.setDrawXError(false);
    r.setDefaultLinesVisible(false);
    r.setSeriesPaint(0, Style.colour(style));
    r.setErrorPaint(Style.colour(style));
    r.setErrorStroke(new BasicStroke(1.2f));
    r.setCapLength(6);
    r.setSeriesShape(0, Style.marker(style, 8));
    r.setSeriesShapesVisible(0, true);
    r.setSeriesLinesVisible(0, false);
    return add(new YIntervalSeriesCollection(), s, r, name, x, y);
  }

  /** A histogram of {@code values} in {@code bins} equal bins, as outlined translucent bars. */
  Chart histogram(String name, double[] values, int bins, int style) {
    var data = new org.jfree.data.statistics.HistogramDataset();
    double lo = java.util.Arrays.stream(values).min().orElse(0);
    double hi = java.util.Arrays.stream(values).max().orElse(1);
    if (!(hi > lo)) {
      hi = lo + Math.max(Math.abs(lo) * 1e-3, 1e-9);
    }
    data.addSeries(name == null ? "" : name, values, bins, lo, hi);
    var r = new org.jfree.chart.renderer.xy.XYBarRenderer(0);
    r.setBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, Style.band(style));
    r.setDrawBarOutline(true);
    r.setSeriesOutlinePaint(0, Style.colour(style));
    r.setSeriesOutlineStroke(0, new BasicStroke(1f));
    plot.setDataset(count, data);
    plot.setRenderer(count, r);
    r.setSeriesVisibleInLegend(0, name != null && !name.isEmpty());
    count++;
    double top = 0;
    for (int k = 0; k < data.getItemCount(0); k++) {
      top = Math.max(top, data.getYValue(0, k));
    }
    track(new double[] {lo, hi}, new double[] {0, top});
    return this;
  }

  /** A vertical line across the data's current y range, e.g. an estimate or an interval's end. */
  Chart vertical(String name, double x, int style, float width) {
    return line(name, new double[] {x, x}, new double[] {yBounds[0], yBounds[1]}, style, width);
  }

  private static XYSeriesCollection series(String name, double[] x, double[] y) {
    XYSeries s = new XYSeries(name == null ? "" : name, false, true);
    for (int i = 0; i < x.length; i++) {
      s.add(x[i], y[i], false);
    }
    return new XYSeriesCollection(s);
  }

  private Chart add(
      org.jfree.data.xy.XYDataset data,
      org.jfree.chart.renderer.xy.XYItemRenderer r,
      String name,
      double[] x,
      double[] y) {
    plot.setDataset(count, data);
    plot.setRenderer(count, r);
    r.setSeriesVisibleInLegend(0, name != null && !name.isEmpty());
    count++;
    track(x, y);
    return this;
  }

  private Chart add(
      YIntervalSeriesCollection data,
      YIntervalSeries s,
      org.jfree.chart.renderer.xy.XYItemRenderer r,
      String name,
      double[] x,
      double[] y) {
    data.addSeries(s);
    return add(data, r, name, x, y);
  }

  private void track(double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        xBounds[0] = Math.min(xBounds[0], x[i]);
        xBounds[1] = Math.max(xBounds[1], x[i]);
        yBounds[0] = Math.min(yBounds[0], y[i]);
        yBounds[1] = Math.max(yBounds[1], y[i]);
      }
    }
  }

  /** Sets the x range (e.g. to align two panels); otherwise the data's range with a margin. */
  Chart xRange(double lo, double hi) {
    plot.getDomainAxis().setRange(new Range(lo, hi), true, false);
    plot.getDomainAxis().setAutoRange(false);
    return this;
  }

  Chart yRange(double lo, double hi) {
    plot.getRangeAxis().setRange(new Range(lo, hi), true, false);
    plot.getRangeAxis().setAutoRange(false);
    return this;
  }

  double[] xBounds() {
    return xBounds.clone();
  }

  /**
   * The finished chart: the plot, its title and its legend to the right of the data, never over it.
   */
  JFreeChart build() {
    fit(plot.getDomainAxis(), xBounds);
    fit(plot.getRangeAxis(), yBounds);
    return decorate(plot);
  }

  /**
   * Panels stacked on one shared x axis (the upper one's), heights in proportion to {@code
   * weights}: their plot areas line up whatever their y labels' widths.
   */
  static Chart stacked(Chart upper, Chart lower, int upperWeight, int lowerWeight) {
    upper.fitRanges();
    lower.fitRanges();
    var combined = new org.jfree.chart.plot.CombinedDomainXYPlot(upper.plot.getDomainAxis());
    combined.setGap(8);
    combined.add(upper.plot, upperWeight);
    combined.add(lower.plot, lowerWeight);
    Chart c = new Chart(upper, combined);
    return c;
  }

  private org.jfree.chart.plot.Plot outer;

  private Chart(Chart upper, org.jfree.chart.plot.Plot outer) {
    this.outer = outer;
    this.title = upper.title;
    this.legend = upper.legend;
  }

  private void fitRanges() {
    fit(plot.getDomainAxis(), xBounds);
    fit(plot.getRangeAxis(), yBounds);
  }

  JFreeChart decorated() {
    if (outer == null) {
      return build();
    }
    return decorate(outer);
  }

  private JFreeChart decorate(org.jfree.chart.plot.Plot plot) {
    JFreeChart chart = new JFreeChart(null, Style.font(Font.BOLD, 13), plot, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    if (title != null) {
      TextTitle t = new TextTitle(title, Style.font(Font.BOLD, 13));
      t.setPadding(2, 2, 6, 2);
      chart.setTitle(t);
    }
    if (legend) {
      LegendTitle l = new LegendTitle((org.jfree.chart.LegendItemSource) plot);
      l.setItemFont(Style.font(Font.PLAIN, 12));
      l.setPosition(RectangleEdge.RIGHT);
      l.setFrame(BlockBorder.NONE);
      l.setBackgroundPaint(Color.WHITE);
      l.setItemLabelPadding(new RectangleInsets(2, 4, 2, 2));
      chart.addSubtitle(l);
    }
    return chart;
  }

  /** An auto range that fits the data with a margin (in log space on a log axis). */
  private static void fit(ValueAxis axis, double[] bounds) {
    if (!axis.isAutoRange() || !(bounds[0] <= bounds[1])) {
      return;
    }
    double lo = bounds[0];
    double hi = bounds[1];
    if (axis instanceof LogTicksAxis) {
      double a = Math.log10(lo);
      double b = Math.log10(hi);
      double m = Math.max((b - a) * 0.05, 0.02);
      axis.setRange(new Range(Math.pow(10, a - m), Math.pow(10, b + m)), true, false);
    } else {
      double m = Math.max((hi - lo) * 0.05, Math.abs(hi) * 1e-3 + 1e-12);
      axis.setRange(new Range(lo - m, hi + m), true, false);
    }
    axis.setAutoRange(false);
  }
}
