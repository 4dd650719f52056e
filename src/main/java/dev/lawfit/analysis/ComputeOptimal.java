package dev.lawfit.analysis;

import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.FitResult.Interval;
import dev.lawfit.law.Chinchilla;
import dev.lawfit.stats.Quantiles;
import java.util.Arrays;

/**
 * Compute-optimal allocation for the Chinchilla law under C = k N D (k = 6 by default, Kaplan et
 * al. 2020 sec. 2.1): minimising L(N, C / (k N)) over N gives (Hoffmann et al. 2022, App. D.3)
 * {@code N*(C) = G (C/k)^a}, {@code D*(C) = G^-1 (C/k)^b}, {@code G = (alpha A / (beta B))^(1 /
 * (alpha + beta))}, {@code a = beta / (alpha + beta)}, {@code b = alpha / (alpha + beta)}.
 * Stateless.
 */
public final class ComputeOptimal {
  private ComputeOptimal() {}

  /** Default FLOPs per parameter per token. */
  public static final double DEFAULT_K = 6.0;

  /**
   * The allocation at one budget.
   *
   * @param compute budget C, FLOPs
   * @param k FLOPs per parameter per token used (C = k N D), recorded so results say how compute
   *     was counted (Porian et al. 2024)
   * @param a exponent of N*(C)
   * @param b exponent of D*(C)
   * @param G the coefficient G (parameters per (C/k)^a)
   * @param params N*, parameters
   * @param tokens D*, tokens
   * @param tokensPerParam D* / N*
   * @param loss predicted loss at (N*, D*), nats per token
   */
  public record Allocation(
      double compute,
      double k,
      double a,
      double b,
      double G,
      double params,
      double tokens,
      double tokensPerParam,
      double loss) {}

  /**
   * An allocation with 95% bootstrap percentile intervals of each field (null without a bootstrap,
   * or when fewer than two resamples gave a finite allocation).
   */
  public record Estimate(Allocation value, Intervals ci95, int samples) {}

  /** Percentile intervals of the fields of {@link Allocation} that vary. */
  public record Intervals(
      Interval a,
      Interval b,
      Interval G,
      Interval params,
      Interval tokens,
      Interval tokensPerParam,
      Interval loss) {}

  /**
   * Allocation for natural Chinchilla parameters {@code {E, A, B, alpha, beta}}.
   *
   * @throws IllegalArgumentException when C or k is not positive and finite, or alpha, beta or A, B
   *     are not positive (then there is no interior optimum)
   */
  public static Allocation allocate(double[] chinchilla, double C, double k) {
    if (!(C > 0) || !(k > 0) || !Double.isFinite(C) || !Double.isFinite(k)) {
      throw new IllegalArgumentException("compute and k must be finite and > 0");
    }
    double E = chinchilla[0];
    double A = chinchilla[1];
    double B = chinchilla[2];
    double alpha = chinchilla[3];
    double beta = chinchilla[4];
    if (!(alpha > 0) || !(beta > 0) || !(A > 0) || !(B > 0)) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "compute-optimal allocation needs A, B, alpha, beta > 0; got A = %.4g,"
                  + " B = %.4g, alpha = %.4g, beta = %.4g",
              A,
              B,
              alpha,
              beta));
    }
    // Hoffmann et al. 2022, App. D.3: G = (alpha A / (beta B))^(1/(alpha+beta)),
    // a = beta/(alpha+beta), b = alpha/(alpha+beta); in logs to avoid overflow of (C/k)^a.
    double s = alpha + beta;
    double logG = (Math.log(alpha * A) - Math.log(beta * B)) / s;
    double a = beta / s;
    double b = alpha / s;
    double logCk = Math.log(C / k);
    double N = Math.exp(logG + a * logCk);
    double D = Math.exp(-logG + b * logCk);
    double loss = E + A * Math.pow(N, -alpha) + B * Math.pow(D, -beta);
    return new Allocation(C, k, a, b, Math.exp(logG), N, D, D / N, loss);
  }

  /**
   * Allocation for a Chinchilla fit at budget C with k FLOPs per parameter per token, with
   * bootstrap intervals when the fit has bootstrap samples.
   *
   * @throws IllegalArgumentException when the fit is not of the Chinchilla law, or as {@link
   *     #allocate}
   */
  public static Estimate of(FitResult fit, double C, double k) {
    if (!(fit.law() instanceof Chinchilla)) {
      throw new IllegalArgumentException(
          "compute-optimal allocation needs a chinchilla fit, not " + fit.law().name());
    }
    var value = allocate(fit.values(), C, k);
    var boot = fit.bootstrapSamples();
    if (boot.isEmpty()) {
      return new Estimate(value, null, 0);
    }
    var rows =
        Arrays.stream(boot.get().samples())
            .filter(r -> r[1] > 0 && r[2] > 0 && r[3] > 0 && r[4] > 0)
            .map(r -> allocate(r, C, k))
            .toArray(Allocation[]::new);
    if (rows.length < 2) {
      return new Estimate(value, null, rows.length);
    }
    var ci =
        new Intervals(
            interval(rows, Allocation::a),
            interval(rows, Allocation::b),
            interval(rows, Allocation::G),
            interval(rows, Allocation::params),
            interval(rows, Allocation::tokens),
            interval(rows, Allocation::tokensPerParam),
            interval(rows, Allocation::loss));
    return new Estimate(value, ci, rows.length);
  }

  private static Interval interval(
      Allocation[] rows, java.util.function.ToDoubleFunction<Allocation> field) {
    double[] v = Arrays.stream(rows).mapToDouble(field).filter(Double::isFinite).toArray();
    if (v.length < 2) {
      return null;
    }
    return new Interval(Quantiles.of(v, 0.025), Quantiles.of(v, 0.975));
  }
}
