package dev.lawfit.stats;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A power law {@code y = a x1^e1 x2^e2 ...} fitted as a line in log-log, with its named parameters,
 * their standard errors and 95% intervals, how the intervals were made, and the bootstrap draws.
 * The one fitted-power-law type of the analyses (hyperparameter laws, the critical-batch law, the
 * IsoFLOP laws); documents copy it into their own report types.
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
 *     (for a band along the law); empty without a usable bootstrap
 */
public record PowerLawFit(
    String formula,
    String over,
    Map<String, Parameter> parameters,
    int points,
    Double r2,
    Double rmseLog,
    Interval interval,
    List<String> warnings,
    List<double[]> draws) {

  public PowerLawFit {
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    warnings = List.copyOf(warnings);
    draws = draws == null ? List.of() : draws.stream().map(double[]::clone).toList();
  }

  public PowerLawFit(
      String formula,
      String over,
      Map<String, Parameter> parameters,
      int points,
      Double r2,
      Double rmseLog,
      Interval interval,
      List<String> warnings) {
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

  /**
   * How to name and sign the fitted coefficients of {@code ln y = b0 + sum_j b_j ln x_j}.
   *
   * @param coefficient name of the factor a = exp(b0) (e.g. {@code c}, {@code k}, {@code s0})
   * @param exponents names of the exponents, one per x
   * @param negated exponents reported with the opposite sign (s = s0 T^-u reports u = -slope)
   */
  public record Names(String coefficient, List<String> exponents, List<Boolean> negated) {
    /** A law {@code y = coefficient x^exponent}, its exponent reported as fitted. */
    public static Names of(String coefficient, String exponent) {
      return new Names(coefficient, List.of(exponent), List.of(false));
    }

    /** The name of parameter {@code j}: the coefficient first, then the exponents. */
    public String name(int j) {
      return j == 0 ? coefficient : exponents.get(j - 1);
    }

    /**
     * The reported parameters of the log-log line {@code beta}: exp(b0), then each b_j, negated
     * where asked.
     */
    public double[] report(double[] beta) {
      double[] out = new double[beta.length];
      out[0] = Math.exp(beta[0]);
      for (int j = 1; j < beta.length; j++) {
        out[j] = negated.get(j - 1) ? -beta[j] : beta[j];
      }
      return out;
    }
  }

  /**
   * The parameters of a log-log line with Student t intervals on its least-squares standard errors
   * ({@link Intervals}); the factor's interval is exp of its log interval, its standard error by
   * the delta method. Without residual degrees of freedom, no standard errors or intervals.
   */
  public static Map<String, Parameter> tIntervals(LinearFit line, Names names) {
    double[] value = names.report(line.beta());
    double t = Intervals.t975(line.df());
    Map<String, Parameter> out = new LinkedHashMap<>();
    for (int j = 0; j < value.length; j++) {
      Double stderr = null;
      List<Double> ci = null;
      if (line.covariance() != null) {
        double se = line.stderr(j);
        if (j == 0) {
          stderr = Summary.finite(value[0] * se); // d exp(b0) = exp(b0) d b0
          ci = Intervals.of(Math.exp(line.beta()[0] - t * se), Math.exp(line.beta()[0] + t * se));
        } else {
          stderr = Summary.finite(se);
          ci = Intervals.of(value[j] - t * se, value[j] + t * se);
        }
      }
      out.put(names.name(j), new Parameter(value[j], stderr, ci));
    }
    return out;
  }

  /**
   * Parameters {@code value} with bootstrap standard errors ({@link Summary#sd}) and percentile
   * intervals ({@link Intervals#percentile}) from {@code draws}, each in the order of {@code
   * value}.
   */
  public static Map<String, Parameter> bootstrapped(
      double[] value, List<double[]> draws, Names names) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    double[] col = new double[draws.size()];
    for (int j = 0; j < value.length; j++) {
      for (int m = 0; m < col.length; m++) {
        col[m] = draws.get(m)[j];
      }
      Arrays.sort(col);
      out.put(
          names.name(j),
          new Parameter(value[j], Summary.finite(Summary.sd(col)), Intervals.percentile(col)));
    }
    return out;
  }

  /** The value of a parameter. */
  public double value(String name) {
    return parameters.get(name).value();
  }
}
