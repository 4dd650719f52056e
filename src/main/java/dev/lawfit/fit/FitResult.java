package dev.lawfit.fit;

import dev.lawfit.law.Law;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Fitter#fit}: estimates in natural units, what was minimised and how well,
 * fit quality, warnings, and the bootstrap samples when a bootstrap was asked for. Never holds NaN:
 * a quantity that cannot be computed is {@code null} (or an empty Optional) with a warning.
 *
 * @param law the fitted law
 * @param parameters one estimate per parameter, in the law's order
 * @param objective what was minimised and the value reached
 * @param quality how well the fit describes the points
 * @param warnings identifiability and data warnings, one line each (possibly empty)
 * @param covariance covariance of the natural parameters (delta method), or null when singular or a
 *     bootstrap was used; fixed parameters have zero rows and columns
 * @param bootstrap the bootstrap, or null
 */
public record FitResult(
    Law law,
    List<ParameterEstimate> parameters,
    ObjectiveSummary objective,
    Quality quality,
    List<String> warnings,
    double[][] covariance,
    Bootstrap bootstrap) {

  /** Copies lists and arrays. */
  public FitResult {
    Objects.requireNonNull(law, "law");
    parameters = List.copyOf(parameters);
    warnings = List.copyOf(warnings);
    covariance = deepCopy(covariance);
  }

  static double[][] deepCopy(double[][] m) {
    if (m == null) {
      return null;
    }
    var out = new double[m.length][];
    for (int i = 0; i < m.length; i++) {
      out[i] = m[i].clone();
    }
    return out;
  }

  @Override
  public double[][] covariance() {
    return deepCopy(covariance);
  }

  /** The covariance when available. */
  public Optional<double[][]> covarianceMatrix() {
    return Optional.ofNullable(covariance());
  }

  /** The bootstrap when one was run. */
  public Optional<Bootstrap> bootstrapSamples() {
    return Optional.ofNullable(bootstrap);
  }

  /** Natural parameter values in the law's order. */
  public double[] values() {
    return parameters.stream().mapToDouble(ParameterEstimate::value).toArray();
  }

  /**
   * Value of a parameter by name.
   *
   * @throws IllegalArgumentException for a name the law does not have
   */
  public double value(String name) {
    for (var p : parameters) {
      if (p.name().equals(name)) {
        return p.value();
      }
    }
    throw new IllegalArgumentException(
        "no parameter '" + name + "'; valid: " + law.parameterNames());
  }

  /** Predicted loss at N, D (C = 6 N D), nats per token. */
  public double predict(double N, double D) {
    return law.predict(values(), N, D, Double.NaN);
  }

  /** A symmetric or percentile 95% interval. */
  public record Interval(double lower, double upper) {}

  /**
   * One parameter.
   *
   * @param name the paper's symbol
   * @param value estimate, natural units
   * @param stderr standard error (bootstrap SD, or delta method), or null when not computable
   * @param ci95 95% interval (bootstrap percentile, or Wald in internal units), or null
   * @param fixed whether the parameter was held fixed
   */
  public record ParameterEstimate(
      String name, double value, Double stderr, Interval ci95, boolean fixed) {}

  /**
   * What was minimised.
   *
   * @param loss objective name (huber, squared, squared-linear, asymmetric)
   * @param delta Huber delta or asymmetric k; null for the squared objectives
   * @param space log or linear residuals
   * @param reduction always sum
   * @param value the objective at the estimate
   * @param starts local optimisations run
   * @param startsAtBest how many of them reached the best value within a relative 1e-6
   * @param converged whether the best local optimisation converged
   */
  public record ObjectiveSummary(
      String loss,
      Double delta,
      String space,
      String reduction,
      double value,
      int starts,
      int startsAtBest,
      boolean converged) {}

  /**
   * Fit quality over all points (unweighted). {@code r2Log} is 1 - SS_res/SS_tot of log L in log
   * space (null when log L does not vary); ARE is |L_hat - L| / L.
   */
  public record Quality(int points, double rmseLog, Double r2Log, double meanAre, double maxAre) {}

  /**
   * Bootstrap resamples.
   *
   * @param resamples resamples asked for
   * @param failed resamples whose fit failed (excluded from samples)
   * @param seed the seed
   * @param clustered whether whole clusters (runs) were resampled
   * @param samples natural parameters, one row per successful resample, in resample order
   */
  public record Bootstrap(
      int resamples, int failed, long seed, boolean clustered, double[][] samples) {
    /** Copies the matrix. */
    public Bootstrap {
      samples = deepCopy(samples);
    }

    @Override
    public double[][] samples() {
      return deepCopy(samples);
    }

    /** Column j of the samples (one parameter across resamples). */
    public double[] column(int j) {
      var c = new double[samples.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = samples[i][j];
      }
      return c;
    }
  }
}
