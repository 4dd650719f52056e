package dev.lawfit.law;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Saturating one-variable power law {@code L = E + A x^-alpha} with x one of N, D or C (REFERENCES
 * "saturating one-variable law"; the single-variable form of Hoffmann et al. 2022).
 *
 * <p>Natural parameters {@code E, A, alpha}; E, A &gt; 0, alpha any real. Internal parameters (log
 * E, log A, alpha); prediction in log space as logsumexp(log A - alpha log x, log E).
 *
 * @param x the input the law is a function of
 */
public record PowerLaw(Input x) implements Law {

  private static final List<String> NAMES = List.of("E", "A", "alpha");

  /**
   * @throws NullPointerException when x is null
   */
  public PowerLaw {
    Objects.requireNonNull(x, "x");
  }

  @Override
  public String name() {
    return "power-" + x.cliName();
  }

  @Override
  public String formula() {
    String sym =
        switch (x) {
          case PARAMS -> "N";
          case TOKENS -> "D";
          case COMPUTE -> "C";
        };
    return "L = E + A/" + sym + "^alpha";
  }

  @Override
  public List<String> parameterNames() {
    return NAMES;
  }

  @Override
  public Set<Input> inputs() {
    return EnumSet.of(x);
  }

  private double lnX(double lnN, double lnD, double lnC) {
    return switch (x) {
      case PARAMS -> lnN;
      case TOKENS -> lnD;
      case COMPUTE -> lnC;
    };
  }

  @Override
  public double logPredict(double[] t, double lnN, double lnD, double lnC) {
    // log L = logsumexp(log A - alpha log x, log E)
    return LogSumExp.of2(t[1] - t[2] * lnX(lnN, lnD, lnC), t[0], null);
  }

  @Override
  public double logPredict(double[] t, double lnN, double lnD, double lnC, double[] grad) {
    double lx = lnX(lnN, lnD, lnC);
    double zA = t[1] - t[2] * lx;
    double zE = t[0];
    double m = Math.max(zA, zE);
    double pA = Math.exp(zA - m);
    double pE = Math.exp(zE - m);
    double s = pA + pE;
    pA /= s;
    pE /= s;
    grad[0] = pE;
    grad[1] = pA;
    grad[2] = -pA * lx;
    return m + Math.log(s);
  }

  @Override
  public double toInternal(int j, double natural) {
    return j < 2 ? Math.log(natural) : natural;
  }

  @Override
  public double toNatural(int j, double internal) {
    return j < 2 ? Math.exp(internal) : internal;
  }

  @Override
  public double naturalDerivative(int j, double internal) {
    return j < 2 ? Math.exp(internal) : 1.0;
  }

  @Override
  public boolean admissible(int j, double natural) {
    return Double.isFinite(natural) && (j >= 2 || natural > 0);
  }

  @Override
  public boolean isExponent(int j) {
    return j == 2;
  }

  /**
   * Hoffmann's one-term grid: alpha in {0, ..., 2}, log E in {-1, ..., 1}, log A in {0, ..., 25}.
   */
  @Override
  public double[][] startGrid() {
    double[] exps = {0, 0.5, 1, 1.5, 2};
    double[] es = {-1, -0.5, 0, 0.5, 1};
    double[] as = {0, 5, 10, 15, 20, 25};
    var grid = new double[exps.length * es.length * as.length][];
    int k = 0;
    for (double alpha : exps) {
      for (double e : es) {
        for (double a : as) {
          grid[k++] = new double[] {e, a, alpha};
        }
      }
    }
    return grid;
  }
}
