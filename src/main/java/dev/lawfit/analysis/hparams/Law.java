package dev.lawfit.analysis.hparams;

import java.util.List;
import java.util.Map;

/**
 * A fitted hyperparameter law, as written in the JSON documents.
 *
 * @param formula the law with its parameter names, e.g. {@code eta* = c T^p B^q}
 * @param over the variable it is a law in: {@code tokens}, {@code params} or {@code compute}
 * @param parameters by name, in the formula's order
 * @param points points fitted
 * @param r2 coefficient of determination in log space
 * @param rmseLog root-mean-square residual in log space
 * @param interval how the intervals were made
 * @param warnings what limits the law
 * @param draws the parameters of each usable bootstrap resample, in the order of {@code parameters}
 *     (for a band along the law); empty without a usable bootstrap, and never written to a document
 */
public record Law(String formula, String over, Map<String, Parameter> parameters, int points, Double r2, Double rmseLog,
    Interval interval, List<String> warnings, @com.fasterxml.jackson.annotation.JsonIgnore List<double[]> draws) {

  public Law {
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    warnings = List.copyOf(warnings);
    draws = draws == null ? List.of() : draws.stream().map(double[]::clone).toList();
  }

  public Law(String formula, String over, Map<String, Parameter> parameters, int points, Double r2, Double rmseLog,
      Interval interval, List<String> warnings) {
    this(formula, over, parameters, points, r2, rmseLog, interval, warnings, List.of());
  }

  /** The resamples' parameters, copied. */
  @Override
  public List<double[]> draws() {
    return draws.stream().map(double[]::clone).toList();
  }

  /**
   * One parameter.
   *
   * @param value the full-data estimate
   * @param stderr the bootstrap standard deviation, {@code null} when there is none
   * @param ci95 the 95% percentile interval, {@code null} when there is none
   */
  public record Parameter(double value, Double stderr, List<Double> ci95) {}

  /**
   * @param method {@code bootstrap} (wild bootstrap of the law's residuals, percentile intervals),
   *     {@code sweep bootstrap} (every optimum redrawn from its own sweep, percentile intervals) or
   *     {@code t} (Student t on the least-squares standard errors, when --bootstrap 0)
   * @param resamples resamples drawn
   * @param failed resamples whose points could not be fitted (too few distinct), left out
   * @param seed the seed resample i's generator is derived from, with i
   */
  public record Interval(String method, int resamples, int failed, long seed) {}

  /** The value of a parameter. */
  public double value(String name) {
    return parameters.get(name).value();
  }
}
