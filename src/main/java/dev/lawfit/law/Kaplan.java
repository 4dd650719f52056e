package dev.lawfit.law;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Kaplan law {@code L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D} (Kaplan et al. 2020, arXiv
 * 2001.08361, eq. 1.5).
 *
 * <p>Natural parameters {@code N_c} (parameters), {@code D_c} (tokens), {@code alpha_N}, {@code
 * alpha_D}, all &gt; 0 (alpha_D divides, so it must be). Internal parameters are their logarithms;
 * prediction in log space: log L = alpha_D logsumexp((alpha_N/alpha_D)(log N_c - log N), log D_c -
 * log D). The law has no irreducible term: it goes to 0 for large N and D.
 */
public record Kaplan() implements Law {

  private static final List<String> NAMES = List.of("N_c", "D_c", "alpha_N", "alpha_D");

  @Override
  public String name() {
    return "kaplan";
  }

  @Override
  public String formula() {
    return "L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D";
  }

  @Override
  public List<String> parameterNames() {
    return NAMES;
  }

  @Override
  public Set<Input> inputs() {
    return EnumSet.of(Input.PARAMS, Input.TOKENS);
  }

  @Override
  public double logPredict(double[] t, double lnN, double lnD, double lnC) {
    double alphaN = Math.exp(t[2]);
    double alphaD = Math.exp(t[3]);
    // log L = alpha_D log[(N_c/N)^(alpha_N/alpha_D) + D_c/D] (Kaplan et al. 2020, eq. 1.5)
    return alphaD * LogSumExp.of2((alphaN / alphaD) * (t[0] - lnN), t[1] - lnD, null);
  }

  @Override
  public double logPredict(double[] t, double lnN, double lnD, double lnC, double[] grad) {
    double alphaN = Math.exp(t[2]);
    double alphaD = Math.exp(t[3]);
    double gap = t[0] - lnN;
    double u1 = (alphaN / alphaD) * gap;
    double u2 = t[1] - lnD;
    double m = Math.max(u1, u2);
    double p1 = Math.exp(u1 - m);
    double p2 = Math.exp(u2 - m);
    double s = p1 + p2;
    double lse = m + Math.log(s);
    p1 /= s;
    p2 /= s;
    grad[0] = alphaN * p1; // alpha_D * p1 * (alpha_N / alpha_D)
    grad[1] = alphaD * p2;
    grad[2] = alphaN * p1 * gap; // d u1 / d log alpha_N = u1
    grad[3] = alphaD * lse - alphaN * p1 * gap; // product rule; d u1 / d log alpha_D = -u1
    return alphaD * lse;
  }

  @Override
  public double toInternal(int j, double natural) {
    return Math.log(natural);
  }

  @Override
  public double toNatural(int j, double internal) {
    return Math.exp(internal);
  }

  @Override
  public double naturalDerivative(int j, double internal) {
    return Math.exp(internal);
  }

  @Override
  public boolean admissible(int j, double natural) {
    return Double.isFinite(natural) && natural > 0;
  }

  @Override
  public boolean isExponent(int j) {
    return j >= 2;
  }

  /**
   * log N_c, log D_c in {15, 20, ..., 40} (Kaplan's fits: N_c = 8.8e13, D_c = 5.4e13, logs near
   * 32), alpha_N, alpha_D in {0.03, 0.1, 0.3}: 324 starts.
   */
  @Override
  public double[][] startGrid() {
    double[] logs = {15, 20, 25, 30, 35, 40};
    double[] exps = {0.03, 0.1, 0.3};
    var grid = new double[logs.length * logs.length * exps.length * exps.length][];
    int k = 0;
    for (double nc : logs) {
      for (double dc : logs) {
        for (double aN : exps) {
          for (double aD : exps) {
            grid[k++] = new double[] {nc, dc, Math.log(aN), Math.log(aD)};
          }
        }
      }
    }
    return grid;
  }
}
