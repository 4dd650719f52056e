package dev.lawfit.analysis;

import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.FitResult.Interval;
import dev.lawfit.stats.Quantiles;
import java.util.Arrays;

/** The loss a fitted law predicts, with a bootstrap interval when the fit carries resamples. */
public final class Prediction {
  private Prediction() {}

  /**
   * @param params N, or NaN when the law does not use it
   * @param tokens D, or NaN when the law does not use it
   * @param compute C as the law used it (6 N D unless given)
   * @param loss predicted loss, nats per token
   * @param ci95 95% percentile interval over the bootstrap resamples, or null without them
   */
  public record Point(double params, double tokens, double compute, double loss, Interval ci95) {}

  /**
   * Why a prediction from {@code given} inputs is not defined for {@code law}, or empty when it is:
   * the law's own inputs, where compute may also be given as params and tokens (C = 6 N D).
   */
  public static java.util.Optional<String> missingInputs(
      dev.lawfit.law.Law law, java.util.Set<String> given) {
    java.util.Set<String> needs = new java.util.TreeSet<>();
    law.inputs().forEach(input -> needs.add(input.cliName()));
    boolean computeFromNT =
        needs.equals(java.util.Set.of("compute"))
            && given.equals(java.util.Set.of("params", "tokens"));
    if (new java.util.TreeSet<>(given).equals(needs) || computeFromNT) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        "a " + law.name() + " fit predicts the loss from " + String.join(" and ", needs));
  }

  /** The prediction at (N, D, C); C NaN means 6 N D. */
  public static Point at(FitResult fit, double N, double D, double C) {
    double c = Double.isNaN(C) ? 6.0 * N * D : C;
    double loss = fit.law().predict(fit.values(), N, D, c);
    Interval ci =
        fit.bootstrapSamples()
            .map(
                b -> {
                  double[] losses =
                      Arrays.stream(b.samples())
                          .mapToDouble(s -> fit.law().predict(s, N, D, c))
                          .filter(Double::isFinite)
                          .toArray();
                  return losses.length < 2
                      ? null
                      : new Interval(Quantiles.of(losses, 0.025), Quantiles.of(losses, 0.975));
                })
            .orElse(null);
    return new Point(N, D, c, loss, ci);
  }
}
