package dev.lawfit.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.lawfit.stats.PowerLawFit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted power law as the {@code lawfit.hparams/1} and {@code lawfit.critical-batch/1} documents
 * write it: the report's own copy of {@link PowerLawFit}, so that renaming a field of the analysis
 * changes no document.
 *
 * @param formula the law with its parameter names, e.g. {@code eta* = c T^p B^q}
 * @param over the variable it is a law in: {@code tokens}, {@code params}, {@code compute} or
 *     {@code e_min}
 * @param parameters by name, in the formula's order
 * @param points points fitted
 * @param r2 coefficient of determination in log space
 * @param rmseLog root-mean-square residual in log space
 * @param interval how the intervals were made
 * @param warnings what limits the law
 * @param draws each usable bootstrap resample's parameters, for a figure's band; never written,
 *     empty when read
 */
public record FittedLaw(
    String formula,
    String over,
    Map<String, Parameter> parameters,
    int points,
    Double r2,
    Double rmseLog,
    Interval interval,
    List<String> warnings,
    @JsonIgnore List<double[]> draws) {

  public FittedLaw {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    warnings = List.copyOf(warnings);
    draws = draws == null ? List.of() : draws.stream().map(double[]::clone).toList();
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
   * @param stderr the standard error, {@code null} when there is none
   * @param ci95 the 95% interval, {@code null} when there is none
   */
  public record Parameter(double value, Double stderr, List<Double> ci95) {}

  /**
   * @param method {@code bootstrap}, {@code sweep bootstrap} or {@code t} (see README)
   * @param resamples resamples drawn
   * @param failed resamples that could not be fitted, left out
   * @param seed the seed resample i's generator is derived from, with i
   */
  public record Interval(String method, int resamples, int failed, long seed) {}

  /** The document's copy of {@code law}; {@code null} for {@code null}. */
  public static FittedLaw of(PowerLawFit law) {
    if (law == null) {
      return null;
    }
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    law.parameters()
        .forEach((name, p) -> parameters.put(name, new Parameter(p.value(), p.stderr(), p.ci95())));
    PowerLawFit.Interval i = law.interval();
    return new FittedLaw(
        law.formula(),
        law.over(),
        parameters,
        law.points(),
        law.r2(),
        law.rmseLog(),
        new Interval(i.method(), i.resamples(), i.failed(), i.seed()),
        law.warnings(),
        law.draws());
  }

  /** The value of a parameter. */
  public double value(String name) {
    return parameters.get(name).value();
  }
}
