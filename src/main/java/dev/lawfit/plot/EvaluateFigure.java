package dev.lawfit.plot;

import dev.lawfit.report.EvaluateDocument;
import dev.lawfit.report.Formats;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/** Figure (e): evaluate's ARE grid (m models by fraction p) as a heat map, one panel per group. */
public final class EvaluateFigure {
  private EvaluateFigure() {}

  /** Light to dark in one hue: the order of the cells reads in grey too. */
  private static final Color LIGHT = new Color(0xF7FBFF);

  private static final Color DARK = new Color(0x08306B);

  public static Figure of(
      EvaluateDocument doc, List<EvaluateDocument.Group> groups, String source) {
    List<Integer> models = doc.protocol().trainModels();
    List<Double> fractions = doc.protocol().trainFractions();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (EvaluateDocument.Group g : groups) {
      for (EvaluateDocument.Cell c : g.grid()) {
        if (c.are() != null && c.are() > 0) {
          lo = Math.min(lo, c.are());
          hi = Math.max(hi, c.are());
        }
      }
    }
    if (!(lo <= hi)) {
      lo = 1e-3;
      hi = 1e-1;
    }
    double logLo = Math.log10(lo);
    double logHi = Math.max(Math.log10(hi), logLo + 1e-6);
    int columns = Math.min(groups.size(), 2);
    int rows = (groups.size() + columns - 1) / columns;
    List<String> caption = new ArrayList<>();
    // The reading that ran (the document says it; older documents have only the descriptions).
    EvaluateDocument.Protocol protocol = doc.protocol();
    caption.add(
        doc.formula()
            + " fitted to "
            + (protocol.models() != null ? protocol.models() : "the m training sizes")
            + "; p: "
            + (protocol.fraction() != null ? protocol.fraction() : "the training fraction"));
    caption.add(
        "cell: mean ARE |L̂ − L| / L (%) over the largest size's last "
            + Formats.sig(100 * (1 - doc.protocol().window()), 3)
            + "% of tokens; darker is worse; — no fit; "
            + "* unreliable (the fit ran off or the ARE is above 100%), left out of the summaries");
    Figure figure =
        new Figure("Holdout error (" + doc.law() + "): " + source, caption, 1000, 170 + 340 * rows);
    for (int k = 0; k < groups.size(); k++) {
      EvaluateDocument.Group g = groups.get(k);
      String key = String.join(", ", g.key().values());
      Chart chart =
          new Chart("fraction p of training tokens", false, "models m fitted", false)
              .title(
                  doc.groupBy()
                      + " "
                      + key
                      + " (predicting N = "
                      + (g.targetParams() == null ? "-" : Formats.sig(g.targetParams(), 3))
                      + ")")
              .noLegend();
      var plot = chart.plot();
      SymbolAxis x =
          new SymbolAxis(
              "fraction p of training tokens",
              fractions.stream().map(p -> Formats.sig(p, 3)).toArray(String[]::new));
      SymbolAxis y =
          new SymbolAxis(
              "models m fitted", models.stream().map(String::valueOf).toArray(String[]::new));
      for (SymbolAxis a : new SymbolAxis[] {x, y}) {
        a.setGridBandsVisible(false);
        a.setTickLabelFont(Style.font(Font.PLAIN, 12));
        a.setLabelFont(Style.font(Font.PLAIN, 13));
      }
      plot.setDomainAxis(x);
      plot.setRangeAxis(y);
      double[][] xyz = new double[3][g.grid().size()];
      for (int i = 0; i < g.grid().size(); i++) {
        EvaluateDocument.Cell c = g.grid().get(i);
        double xi = fractions.indexOf(c.trainFraction());
        double yi = models.indexOf(c.trainModels());
        xyz[0][i] = xi;
        xyz[1][i] = yi;
        xyz[2][i] = c.are() == null ? Double.NaN : c.are();
        double t =
            c.are() == null ? 0 : (Math.log10(Math.max(c.are(), lo)) - logLo) / (logHi - logLo);
        String text =
            c.are() == null
                ? "—"
                : Formats.sig(100 * c.are(), 2) + (c.unreliable() != null ? "*" : "");
        var label = new XYTextAnnotation(text, xi, yi);
        label.setFont(Style.font(Font.BOLD, 13));
        label.setPaint(t > 0.55 ? Color.WHITE : Color.BLACK);
        plot.addAnnotation(label);
      }
      DefaultXYZDataset data = new DefaultXYZDataset();
      data.addSeries("ARE", xyz);
      XYBlockRenderer r = new XYBlockRenderer();
      r.setPaintScale(new LogScale(logLo, logHi));
      plot.setDataset(0, data);
      plot.setRenderer(0, r);
      plot.setDomainGridlinesVisible(false);
      plot.setRangeGridlinesVisible(false);
      chart.xRange(-0.5, fractions.size() - 0.5).yRange(-0.5, models.size() - 0.5);
      figure.add(
          chart,
          (double) (k % columns) / columns,
          (double) (k / columns) / rows,
          1.0 / columns,
          1.0 / rows);
    }
    return figure;
  }

  /**
   * ARE to colour on a log scale between the grid's best and worst cell; no score is grey
   * hatch-free white.
   */
  private record LogScale(double lo, double hi) implements PaintScale {
    @Override
    public double getLowerBound() {
      return lo;
    }

    @Override
    public double getUpperBound() {
      return hi;
    }

    @Override
    public Paint getPaint(double value) {
      if (Double.isNaN(value)) {
        return new Color(0xEEEEEE);
      }
      double t = Math.max(0, Math.min(1, (Math.log10(Math.max(value, 1e-300)) - lo) / (hi - lo)));
      return new Color(
          mix(LIGHT.getRed(), DARK.getRed(), t),
          mix(LIGHT.getGreen(), DARK.getGreen(), t),
          mix(LIGHT.getBlue(), DARK.getBlue(), t));
    }

    private static int mix(int a, int b, double t) {
      return (int) Math.round(a + (b - a) * t);
    }
  }
}
