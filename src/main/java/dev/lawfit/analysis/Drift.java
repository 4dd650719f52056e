package dev.lawfit.analysis;

import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.FitResult.Interval;
import dev.lawfit.fit.FitResult.ParameterEstimate;
import dev.lawfit.law.Chinchilla;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares a current fit with a baseline fit of the same law: each parameter, the loss predicted at
 * named points, and the compute-optimal exponent, each against a limit.
 */
public final class Drift {
  private Drift() {}

  /**
   * Limits. A parameter passes when |current - baseline| &lt;= atol + rtol |baseline| (rtol from
   * {@code perParameter} where given); a predicted loss when its relative change is at most {@code
   * maxLossDrift}; the exponent a of N*(C) when it moves at most {@code maxExponentDrift}. With
   * {@code overlap}, a parameter fails only when the 95% intervals no longer overlap.
   *
   * @param points where to compare predicted losses
   */
  public record Limits(
      double rtol,
      double atol,
      Map<String, Double> perParameter,
      List<Point> points,
      double maxLossDrift,
      double maxExponentDrift,
      boolean overlap) {
    public Limits {
      perParameter = Map.copyOf(perParameter);
      points = List.copyOf(points);
    }
  }

  /**
   * A point to compare predicted losses at.
   *
   * @param name as the user wrote it, e.g. {@code params=7e10,tokens=1.4e12}
   * @param at values of {@code params}, {@code tokens} and/or {@code compute}
   */
  public record Point(String name, Map<String, Double> at) {
    public Point {
      at = Map.copyOf(at);
    }
  }

  /**
   * One comparison.
   *
   * @param kind {@code parameter}, {@code loss} (predicted at a point) or {@code exponent}
   * @param name the parameter's symbol, the point, or {@code a}
   * @param change current - baseline
   * @param relativeChange change / |baseline|, null when the baseline is 0
   * @param limit the largest change allowed, in the units of {@code rule}
   * @param rule how the limit applies, e.g. {@code "|change| <= 0.05 |baseline|"}
   */
  public record Check(
      String kind,
      String name,
      double baseline,
      double current,
      double change,
      Double relativeChange,
      double limit,
      String rule,
      boolean pass) {}

  /** All checks, in order: parameters (the law's order), points, exponent. */
  public static List<Check> compare(FitResult baseline, FitResult current, Limits limits) {
    List<Check> checks = new ArrayList<>();
    for (ParameterEstimate b : baseline.parameters()) {
      ParameterEstimate c =
          current.parameters().stream()
              .filter(p -> p.name().equals(b.name()))
              .findFirst()
              .orElseThrow();
      double change = c.value() - b.value();
      Double relative = b.value() == 0 ? null : change / Math.abs(b.value());
      if (limits.overlap() && b.ci95() != null && c.ci95() != null) {
        boolean overlaps =
            b.ci95().lower() <= c.ci95().upper() && c.ci95().lower() <= b.ci95().upper();
        checks.add(
            new Check(
                "parameter",
                b.name(),
                b.value(),
                c.value(),
                change,
                relative,
                0,
                "95% intervals overlap: baseline " + show(b.ci95()) + ", current " + show(c.ci95()),
                overlaps));
        continue;
      }
      double rtol = limits.perParameter().getOrDefault(b.name(), limits.rtol());
      double limit = limits.atol() + rtol * Math.abs(b.value());
      String rule =
          "|change| <= "
              + (limits.atol() > 0 ? limits.atol() + " + " : "")
              + rtol
              + " |baseline|"
              + (limits.overlap() ? " (no intervals to compare)" : "");
      checks.add(
          new Check(
              "parameter",
              b.name(),
              b.value(),
              c.value(),
              change,
              relative,
              limit,
              rule,
              Math.abs(change) <= limit));
    }
    for (Point point : limits.points()) {
      double N = point.at().getOrDefault("params", Double.NaN);
      double D = point.at().getOrDefault("tokens", Double.NaN);
      double C = point.at().getOrDefault("compute", Double.NaN);
      double b = Prediction.at(baseline, N, D, C).loss();
      double c = Prediction.at(current, N, D, C).loss();
      double change = c - b;
      checks.add(
          new Check(
              "loss",
              point.name(),
              b,
              c,
              change,
              change / b,
              limits.maxLossDrift() * b,
              "|change| <= " + limits.maxLossDrift() + " |baseline|",
              Math.abs(change) <= limits.maxLossDrift() * b));
    }
    if (baseline.law() instanceof Chinchilla && current.law() instanceof Chinchilla) {
      double b = exponent(baseline);
      double c = exponent(current);
      if (Double.isFinite(b) && Double.isFinite(c)) {
        checks.add(
            new Check(
                "exponent",
                "a",
                b,
                c,
                c - b,
                (c - b) / b,
                limits.maxExponentDrift(),
                "|change| <= " + limits.maxExponentDrift(),
                Math.abs(c - b) <= limits.maxExponentDrift()));
      }
    }
    return checks;
  }

  /**
   * a = beta / (alpha + beta) of N*(C) ~ C^a (Hoffmann et al. 2022, App. D.3); NaN without an
   * interior optimum.
   */
  private static double exponent(FitResult fit) {
    double alpha = fit.value("alpha");
    double beta = fit.value("beta");
    return alpha > 0 && beta > 0 ? beta / (alpha + beta) : Double.NaN;
  }

  private static String show(Interval i) {
    return "[" + i.lower() + ", " + i.upper() + "]";
  }
}
