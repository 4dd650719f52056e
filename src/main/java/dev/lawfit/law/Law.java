package dev.lawfit.law;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A closed family of loss laws L(N, D, C) in nats per token.
 *
 * <p>Every law works in two parameter spaces. <em>Natural</em> parameters are the paper's symbols
 * in their own units (for example {@code E}, {@code A}, {@code alpha}); <em>internal</em>
 * parameters {@code theta} are unconstrained and well scaled (logarithms of positive parameters),
 * so any real vector is a valid law. The transform is elementwise: internal coordinate {@code j}
 * depends only on natural coordinate {@code j}, which makes fixing single parameters and the delta
 * method trivial.
 *
 * <p>Inputs enter only through their natural logarithms ({@code lnN}, {@code lnD}, {@code lnC}):
 * that is the normalisation that keeps sizes of 1e11 and token counts of 1e12 well scaled, and the
 * prediction is computed in log space with log-sum-exp so it never overflows and is always a
 * positive loss.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface Law permits Chinchilla, Kaplan, PowerLaw {

  /** The inputs a law can depend on. */
  enum Input {
    /** Model size N, parameters. */
    PARAMS,
    /** Training tokens D. */
    TOKENS,
    /** Training compute C in FLOPs (6 N D unless the data says otherwise). */
    COMPUTE;

    /** Lower-case name as used on the command line ({@code params|tokens|compute}). */
    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Short name used on the command line, e.g. {@code chinchilla}. */
  String name();

  /** Human-readable formula, e.g. {@code L = E + A/N^alpha + B/D^beta}. */
  String formula();

  /** Parameter names (the paper's symbols), in the order of every parameter vector. */
  List<String> parameterNames();

  /** Which inputs {@link #logPredict} reads; the others may be passed as NaN. */
  Set<Input> inputs();

  /** Number of parameters. */
  default int parameterCount() {
    return parameterNames().size();
  }

  /**
   * Log of the predicted loss at internal parameters {@code theta}.
   *
   * @param lnN natural log of N (ignored unless {@link #inputs()} has PARAMS)
   * @param lnD natural log of D (ignored unless TOKENS)
   * @param lnC natural log of C (ignored unless COMPUTE)
   */
  double logPredict(double[] theta, double lnN, double lnD, double lnC);

  /**
   * As {@link #logPredict(double[], double, double, double)}, and writes the analytic gradient d
   * log(L_hat) / d theta into {@code grad} (length {@link #parameterCount()}).
   */
  double logPredict(double[] theta, double lnN, double lnD, double lnC, double[] grad);

  /** Internal value of parameter {@code j} for a natural value (must be {@link #admissible}). */
  double toInternal(int j, double natural);

  /** Natural value of parameter {@code j} for an internal value. */
  double toNatural(int j, double internal);

  /** d natural_j / d internal_j at {@code internal}, for the delta method. */
  double naturalDerivative(int j, double internal);

  /** Whether {@code natural} lies in the domain of parameter {@code j} (e.g. E &gt; 0). */
  boolean admissible(int j, double natural);

  /** Whether parameter {@code j} is an exponent (used for identifiability warnings). */
  boolean isExponent(int j);

  /** Default multi-start grid, internal units, one row per start. Callers get a fresh copy. */
  double[][] startGrid();

  /** Natural parameters to internal. */
  default double[] toInternal(double[] natural) {
    var theta = new double[natural.length];
    for (int j = 0; j < natural.length; j++) {
      theta[j] = toInternal(j, natural[j]);
    }
    return theta;
  }

  /** Internal parameters to natural. */
  default double[] toNatural(double[] theta) {
    var natural = new double[theta.length];
    for (int j = 0; j < theta.length; j++) {
      natural[j] = toNatural(j, theta[j]);
    }
    return natural;
  }

  /**
   * Predicted loss (nats per token) at natural parameters; compute is 6 N D when {@code C} is NaN.
   */
  default double predict(double[] natural, double N, double D, double C) {
    double c = Double.isNaN(C) ? 6.0 * N * D : C;
    return Math.exp(logPredict(toInternal(natural), Math.log(N), Math.log(D), Math.log(c)));
  }

  /** Index of a parameter by name, or -1. */
  default int indexOf(String parameterName) {
    return parameterNames().indexOf(parameterName);
  }

  /** The command-line names {@link #byName} reads, in the order help lists them. */
  List<String> NAMES =
      List.of("chinchilla", "kaplan", "power", "power-params", "power-tokens", "power-compute");

  /**
   * Looks a law up by its command-line name: {@code chinchilla}, {@code kaplan}, {@code power} (in
   * params), {@code power-params}, {@code power-tokens}, {@code power-compute}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the valid ones
   */
  static Law byName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "chinchilla" -> new Chinchilla();
      case "kaplan" -> new Kaplan();
      case "power", "power-params" -> new PowerLaw(Input.PARAMS);
      case "power-tokens" -> new PowerLaw(Input.TOKENS);
      case "power-compute" -> new PowerLaw(Input.COMPUTE);
      default ->
          throw new IllegalArgumentException(
              "unknown law '" + name + "'; valid: " + String.join(", ", NAMES));
    };
  }
}
