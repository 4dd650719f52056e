package dev.lawfit.plot;

import dev.lawfit.law.Chinchilla;
import dev.lawfit.law.Law;
import dev.lawfit.report.FitDocument;
import dev.lawfit.report.Formats;
import dev.lawfit.stats.Quantiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figure (g): the bootstrap distribution of each exponent of a fit, with its estimate and 95%
 * interval.
 */
public final class BootstrapFigure {
  private BootstrapFigure() {}

  /**
   * @param doc a fit document that carries bootstrap samples
   * @param law its law
   * @throws IllegalArgumentException when the document has no samples
   */
  public static Figure of(FitDocument doc, Law law, String source) {
    FitDocument.Bootstrap boot = doc.bootstrap();
    if (boot == null || boot.samples() == null || boot.samples().isEmpty()) {
      throw new IllegalArgumentException(
          "the fit has no bootstrap samples: fit with --bootstrap N");
    }
    Map<String, double[]> exponents = new LinkedHashMap<>();
    Map<String, Double> estimates = new LinkedHashMap<>();
    List<String> names = boot.parameters();
    for (int j = 0; j < names.size(); j++) {
      int index = law.indexOf(names.get(j));
      if (index >= 0 && law.isExponent(index)) {
        final int column = j;
        exponents.put(
            names.get(j), boot.samples().stream().mapToDouble(r -> r.get(column)).toArray());
        estimates.put(names.get(j), doc.parameters().get(names.get(j)).value());
      }
    }
    if (law instanceof Chinchilla
        && exponents.containsKey("alpha")
        && exponents.containsKey("beta")) {
      // Hoffmann et al. 2022, App. D.3: N* ~ C^a with a = beta/(alpha+beta), D* ~ C^b with b =
      // alpha/(alpha+beta).
      double[] alpha = exponents.get("alpha");
      double[] beta = exponents.get("beta");
      double[] a = new double[alpha.length];
      double[] b = new double[alpha.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = beta[i] / (alpha[i] + beta[i]);
        b[i] = alpha[i] / (alpha[i] + beta[i]);
      }
      double ea = estimates.get("beta") / (estimates.get("alpha") + estimates.get("beta"));
      exponents.put("a (N* ~ C^a)", a);
      estimates.put("a (N* ~ C^a)", ea);
      exponents.put("b (D* ~ C^b)", b);
      estimates.put("b (D* ~ C^b)", 1 - ea);
    }
    List<String> caption = new ArrayList<>();
    caption.add(
        doc.formula()
            + ":  "
            + boot.samples().size()
            + " resamples ("
            + boot.failed()
            + " failed), seed "
            + boot.seed()
            + ", resampling "
            + (boot.cluster() == null ? "points" : boot.cluster() + "s"));
    List<String> parts = new ArrayList<>();
    int n = exponents.size();
    int columns = Math.min(n, 2);
    int rows = (n + columns - 1) / columns;
    Figure figure = null;
    List<Chart> charts = new ArrayList<>();
    int k = 0;
    for (Map.Entry<String, double[]> e : exponents.entrySet()) {
      double[] v = e.getValue();
      double lo = Quantiles.of(v, 0.025);
      double hi = Quantiles.of(v, 0.975);
      double est = estimates.get(e.getKey());
      parts.add(
          e.getKey()
              + " = "
              + Formats.sig(est, 4)
              + " ["
              + Formats.sig(lo, 4)
              + ", "
              + Formats.sig(hi, 4)
              + "]");
      Chart c =
          new Chart("exponent " + e.getKey() + " (dimensionless)", false, "resamples", false)
              .title(e.getKey());
      c.histogram("bootstrap", v, 30, k);
      c.vertical("estimate", est, 6, 2.4f);
      c.vertical("95% interval", lo, 1, 1.8f);
      c.vertical(null, hi, 1, 1.8f);
      charts.add(c);
      k++;
    }
    caption.add("estimate [95% percentile interval]:  " + String.join(";  ", parts));
    figure =
        new Figure(
            "Bootstrap distributions of the exponents: " + source, caption, 1000, 300 + 280 * rows);
    for (int i = 0; i < charts.size(); i++) {
      figure.add(
          charts.get(i),
          (double) (i % columns) / columns,
          (double) (i / columns) / rows,
          1.0 / columns,
          1.0 / rows);
    }
    return figure;
  }
}
