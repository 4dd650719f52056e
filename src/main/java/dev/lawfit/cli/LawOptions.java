package dev.lawfit.cli;

import dev.lawfit.fit.Bound;
import dev.lawfit.fit.Objective;
import dev.lawfit.law.Chinchilla;
import dev.lawfit.law.Kaplan;
import dev.lawfit.law.Law;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of every command that fits a loss law: the law, the objective, the starts and the
 * bounds.
 */
public final class LawOptions {
  @Option(
      names = "--law",
      completionCandidates = EnumValues.Laws.class,
      required = true,
      paramLabel = "LAW",
      description =
          "chinchilla, kaplan or power (with --x; also power-params, power-tokens, power-compute).")
  String law;

  @Option(
      names = "--x",
      paramLabel = "VAR",
      description = "The variable of --law power: params, tokens or compute (default params).")
  String x;

  @Option(
      names = "--loss",
      paramLabel = "LOSS",
      defaultValue = "huber",
      description =
          "huber (default), squared (log residuals), squared-linear, or asymmetric (over-predictions cost --asymmetry times more).")
  String loss;

  @Option(
      names = "--delta",
      paramLabel = "DELTA",
      description = "Huber's delta, in log-loss units (default 1e-3).")
  Double delta;

  @Option(
      names = "--asymmetry",
      paramLabel = "K",
      description = "Cost ratio of over- to under-prediction for --loss asymmetric (default 2).")
  Double asymmetry;

  @Option(
      names = "--starts",
      paramLabel = "K",
      defaultValue = "12",
      description = "Local optimisations from the K best grid points (default ${DEFAULT-VALUE}).")
  int starts;

  @Option(
      names = "--bounds",
      split = ",",
      paramLabel = "NAME=LO:HI",
      description =
          "Keep parameters in ranges, natural units, e.g. alpha=0:3,beta=0:3 (an empty or inf end is open); "
              + "'none' lifts every bound. Default: exponents >= 0 for chinchilla (alpha, beta) and kaplan (alpha_N, alpha_D), "
              + "none for power. A parameter that ends at a bound gets a warning: the fit ran off.")
  List<String> bounds = new ArrayList<>();

  /** The law of {@code --law} (and {@code --x} for power); an unknown one is bad input. */
  public Law law() {
    String name = law.toLowerCase(Locale.ROOT);
    if (x != null) {
      if (!name.equals("power")) {
        throw UserException.badInput("--x applies to --law power only");
      }
      name = "power-" + x.toLowerCase(Locale.ROOT);
    }
    return named(name, "--law " + law + (x == null ? "" : " --x " + x));
  }

  /**
   * The law {@code name} names; an unknown one is bad input, said after {@code option} with the
   * valid names and the nearest of them ({@link Suggestions}).
   */
  static Law named(String name, String option) {
    try {
      return Law.byName(name);
    } catch (IllegalArgumentException e) {
      throw UserException.badInput(
          option
              + ": "
              + e.getMessage()
              + Suggestions.didYouMean(
                  Suggestions.nearest(name.toLowerCase(Locale.ROOT), Law.NAMES)));
    }
  }

  /** The objective of {@code --loss}, {@code --delta} and {@code --asymmetry}, checked. */
  public Objective objective() {
    Objective o;
    try {
      o = Objective.byName(loss);
    } catch (IllegalArgumentException e) {
      throw UserException.badInput("--loss: " + e.getMessage());
    }
    if (delta != null) {
      if (!(o instanceof Objective.Huber)) {
        throw UserException.badInput("--delta applies to --loss huber only");
      }
      if (!(delta > 0) || !Double.isFinite(delta)) {
        throw UserException.badInput("--delta must be a positive number");
      }
      o = new Objective.Huber(delta);
    }
    if (asymmetry != null) {
      if (!(o instanceof Objective.Asymmetric)) {
        throw UserException.badInput("--asymmetry applies to --loss asymmetric only");
      }
      if (!(asymmetry > 0) || !Double.isFinite(asymmetry)) {
        throw UserException.badInput("--asymmetry must be a positive number");
      }
      o = new Objective.Asymmetric(asymmetry);
    }
    return o;
  }

  /** Local optimisations of the best-of-grid starts, checked to be at least 1. */
  public int starts() {
    if (starts < 1) {
      throw UserException.badInput("--starts must be at least 1");
    }
    return starts;
  }

  /**
   * The bounds of {@code --bounds} over the law's defaults (non-negative exponents for chinchilla
   * and kaplan), by parameter in the law's order; {@code none} alone gives no bounds.
   */
  public Map<String, Bound> bounds(Law chosen) {
    Map<String, Bound> given = new LinkedHashMap<>();
    boolean none = false;
    for (String item : bounds) {
      String t = item.strip();
      if (t.equalsIgnoreCase("none")) {
        none = true;
        continue;
      }
      int eq = t.indexOf('=');
      String name = eq < 0 ? t : t.substring(0, eq).strip();
      if (eq < 0 || chosen.indexOf(name) < 0) {
        throw UserException.badInput(
            "--bounds "
                + t
                + ": "
                + (eq < 0
                    ? "expected NAME=LO:HI or none"
                    : "law "
                        + chosen.name()
                        + " has no parameter '"
                        + name
                        + "' (it has "
                        + String.join(", ", chosen.parameterNames())
                        + ")"));
      }
      try {
        given.put(name, Bound.parse(t.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        throw UserException.badInput("--bounds " + name + ": " + e.getMessage());
      }
    }
    if (none && !given.isEmpty()) {
      throw UserException.badInput("--bounds none lifts every bound: give it alone");
    }
    Map<String, Bound> out = new LinkedHashMap<>();
    for (String name : chosen.parameterNames()) {
      Bound b =
          given.containsKey(name) ? given.get(name) : none ? null : defaultBound(chosen, name);
      if (b != null && !b.equals(Bound.NONE)) {
        out.put(name, b);
      }
    }
    return out;
  }

  /**
   * Chinchilla's and Kaplan's exponents describe a loss that falls with scale: non-negative unless
   * asked otherwise.
   */
  private static Bound defaultBound(Law law, String name) {
    boolean exponent = law.isExponent(law.indexOf(name));
    return exponent && (law instanceof Chinchilla || law instanceof Kaplan)
        ? Bound.NON_NEGATIVE
        : null;
  }
}
