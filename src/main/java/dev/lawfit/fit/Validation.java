package dev.lawfit.fit;

import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.law.Law;
import java.util.Arrays;
import java.util.Locale;

/** Checks that observations can be fitted at all, before any optimisation. */
final class Validation {
  private Validation() {}

  /**
   * @throws FitException TOO_FEW_POINTS for fewer points than free parameters; INVALID_DATA for
   *     missing, non-finite or non-positive inputs, inputs that cannot identify the law, or bad
   *     weights
   */
  static void check(Law law, Observations obs, int freeCount) throws FitException {
    int n = obs.size();
    if (n < freeCount) {
      throw new FitException(
          Reason.TOO_FEW_POINTS,
          n + " points for " + freeCount + " free parameters of law " + law.name());
    }
    checkPositive("loss", obs.lossView());
    for (var in : law.inputs()) {
      double[] a = input(obs, in);
      if (a == null) {
        throw new FitException(
            Reason.INVALID_DATA,
            "law " + law.name() + " needs " + in.cliName() + " but the data has none");
      }
      checkPositive(in.cliName(), a);
      if (Arrays.stream(a).distinct().count() < 2) {
        throw new FitException(
            Reason.INVALID_DATA,
            String.format(
                Locale.ROOT,
                "all points have the same %s (%.4g): law %s cannot be identified",
                in.cliName(),
                a[0],
                law.name()));
      }
    }
    double[] w = obs.weightsView();
    if (w != null) {
      double total = 0;
      for (int i = 0; i < n; i++) {
        if (!(w[i] >= 0) || !Double.isFinite(w[i])) {
          throw new FitException(
              Reason.INVALID_DATA,
              "weight " + w[i] + " at point " + i + " is not a finite non-negative number");
        }
        total += w[i];
      }
      if (total == 0) {
        throw new FitException(Reason.INVALID_DATA, "all weights are zero");
      }
    }
  }

  /** The observations' values of one input, or null when the data has none (no copy). */
  static double[] input(Observations obs, Law.Input in) {
    return switch (in) {
      case PARAMS -> obs.paramsView();
      case TOKENS -> obs.tokensView();
      case COMPUTE -> obs.computeView();
    };
  }

  private static void checkPositive(String name, double[] a) throws FitException {
    for (int i = 0; i < a.length; i++) {
      if (!(a[i] > 0) || !Double.isFinite(a[i])) {
        throw new FitException(
            Reason.INVALID_DATA,
            name + " at point " + i + " is " + a[i] + "; must be finite and > 0");
      }
    }
  }
}
