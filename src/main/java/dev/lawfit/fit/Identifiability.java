package dev.lawfit.fit;

import dev.lawfit.law.Law;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The warnings that say a fitted parameter is not pinned down by the data. Stateless. */
final class Identifiability {
  private Identifiability() {}

  /** Thresholds of the identifiability warnings. */
  static final double EXPONENT_FLOOR = 0.01;

  static final double EXPONENT_CEILING = 3.0;
  static final double LOG_PARAMETER_LIMIT = 50.0;
  static final double RELATIVE_SE_LIMIT = 0.5;
  static final double CORRELATION_LIMIT = 0.995;

  /**
   * Appends the warnings about too few points, narrow inputs, exponents off their range, positive
   * parameters run off to 0 or infinity, large standard errors and correlated exponents.
   *
   * @param corr correlation of the free internal parameters, or null when unavailable
   */
  static void warn(
      Law law,
      Observations obs,
      int[] free,
      double[] theta,
      double[] natural,
      double[] stderr,
      double[][] corr,
      List<String> warnings) {
    var names = law.parameterNames();
    int n = obs.size();
    if (n < 3 * free.length) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "only %d points for %d free parameters (fewer than 3 per parameter)",
              n,
              free.length));
    }
    for (var in : law.inputs()) {
      double[] a = Validation.input(obs, in);
      double lo = Arrays.stream(a).min().orElse(1);
      double hi = Arrays.stream(a).max().orElse(1);
      if (hi / lo < 10) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "%s spans less than one decade (%.3g to %.3g): its exponent is weakly identified",
                in.cliName(),
                lo,
                hi));
      }
    }
    for (int a = 0; a < free.length; a++) {
      int j = free[a];
      String name = names.get(j);
      if (law.isExponent(j)) {
        if (natural[j] < EXPONENT_FLOOR) {
          warnings.add(
              natural[j] < 0
                  ? String.format(
                      Locale.ROOT,
                      "%s = %.4g is negative: the loss grows with its variable, the law does not"
                          + " describe these data",
                      name,
                      natural[j])
                  : String.format(
                      Locale.ROOT,
                      "%s = %.4g is at or below %.2g: the term is not identified (exponent running off to 0)",
                      name,
                      natural[j],
                      EXPONENT_FLOOR));
        } else if (natural[j] > EXPONENT_CEILING) {
          warnings.add(
              String.format(
                  Locale.ROOT,
                  "%s = %.4g is above %.1f: the exponent is running off",
                  name,
                  natural[j],
                  EXPONENT_CEILING));
        }
        if (Double.isFinite(stderr[j]) && stderr[j] > RELATIVE_SE_LIMIT * Math.abs(natural[j])) {
          warnings.add(
              String.format(
                  Locale.ROOT,
                  "%s = %.4g has standard error %.3g (more than %.0f%%): weakly identified",
                  name,
                  natural[j],
                  stderr[j],
                  100 * RELATIVE_SE_LIMIT));
        }
      } else if (Math.abs(theta[j]) > LOG_PARAMETER_LIMIT) {
        warnings.add(
            String.format(
                Locale.ROOT,
                "%s = %.4g ran off to %s (|log %s| > %.0f): the data do not identify it",
                name,
                natural[j],
                theta[j] < 0 ? "0" : "infinity",
                name,
                LOG_PARAMETER_LIMIT));
      }
    }
    if (corr != null) {
      for (int a = 0; a < free.length; a++) {
        for (int b = a + 1; b < free.length; b++) {
          if (law.isExponent(free[a])
              && law.isExponent(free[b])
              && Math.abs(corr[a][b]) > CORRELATION_LIMIT) {
            warnings.add(
                String.format(
                    Locale.ROOT,
                    "%s and %s are correlated at %.4f: not separately identified",
                    names.get(free[a]),
                    names.get(free[b]),
                    corr[a][b]));
          }
        }
      }
    }
  }

  /** See {@link Fitter#atBounds}. */
  static List<String> atBounds(
      Law law, double[] natural, Map<String, Bound> bounds, boolean[] fixed) {
    List<String> out = new ArrayList<>();
    for (int j = 0; j < law.parameterCount(); j++) {
      Bound b = bounds.get(law.parameterNames().get(j));
      if (b == null || fixed != null && fixed[j]) {
        continue;
      }
      double t = law.toInternal(j, natural[j]);
      boolean low =
          law.admissible(j, b.lower()) && t - law.toInternal(j, b.lower()) <= Bounded.AT_BOUND;
      boolean high =
          law.admissible(j, b.upper()) && law.toInternal(j, b.upper()) - t <= Bounded.AT_BOUND;
      if (low || high) {
        out.add(law.parameterNames().get(j));
      }
    }
    return out;
  }

  /** See {@link Fitter#ranOff}. */
  static List<String> ranOff(Law law, double[] natural) {
    List<String> out = new ArrayList<>();
    for (int j = 0; j < law.parameterCount(); j++) {
      boolean off =
          law.isExponent(j)
              ? natural[j] < EXPONENT_FLOOR || natural[j] > EXPONENT_CEILING
              : !(natural[j] > 0) || Math.abs(law.toInternal(j, natural[j])) > LOG_PARAMETER_LIMIT;
      if (off) {
        out.add(law.parameterNames().get(j));
      }
    }
    return out;
  }
}
