package dev.lawfit.law;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Chinchilla law {@code L = E + A/N^alpha + B/D^beta} (Hoffmann et al. 2022, arXiv 2203.15556, App.
 * D.2).
 *
 * <p>Natural parameters {@code E, A, B, alpha, beta}; E, A, B &gt; 0 (nats per token, and nats per
 * token times N^alpha or D^beta), exponents any real (Hoffmann's grid starts them at 0). Internal
 * parameters are Hoffmann's {@code (e, a, b, alpha, beta)} with e = log E, a = log A, b = log B, so
 * the default grid is exactly the paper's 4,500 starts.
 */
public record Chinchilla() implements Law {

  private static final List<String> NAMES = List.of("E", "A", "B", "alpha", "beta");

  @Override
  public String name() {
    return "chinchilla";
  }

  @Override
  public String formula() {
    return "L = E + A/N^alpha + B/D^beta";
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
    // log L = logsumexp(a - alpha log N, b - beta log D, e) (Hoffmann et al. 2022, App. D.2)
    return LogSumExp.of3(t[1] - t[3] * lnN, t[2] - t[4] * lnD, t[0], null);
  }

  @Override
  public double logPredict(double[] t, double lnN, double lnD, double lnC, double[] grad) {
    double zN = t[1] - t[3] * lnN;
    double zD = t[2] - t[4] * lnD;
    double zE = t[0];
    double m = Math.max(zE, Math.max(zN, zD));
    double pN = Math.exp(zN - m);
    double pD = Math.exp(zD - m);
    double pE = Math.exp(zE - m);
    double s = pN + pD + pE;
    // d logsumexp / dz_k is the softmax weight of term k: share of E, A/N^alpha, B/D^beta in L.
    pN /= s;
    pD /= s;
    pE /= s;
    grad[0] = pE;
    grad[1] = pN;
    grad[2] = pD;
    grad[3] = -pN * lnN;
    grad[4] = -pD * lnD;
    return m + Math.log(s);
  }

  @Override
  public double toInternal(int j, double natural) {
    return j < 3 ? Math.log(natural) : natural;
  }

  @Override
  public double toNatural(int j, double internal) {
    return j < 3 ? Math.exp(internal) : internal;
  }

  @Override
  public double naturalDerivative(int j, double internal) {
    return j < 3 ? Math.exp(internal) : 1.0;
  }

  @Override
  public boolean admissible(int j, double natural) {
    return Double.isFinite(natural) && (j >= 3 || natural > 0);
  }

  @Override
  public boolean isExponent(int j) {
    return j >= 3;
  }

  /**
   * Hoffmann's grid: alpha, beta in {0, 0.5, 1, 1.5, 2}, e in {-1, -0.5, 0, 0.5, 1}, a, b in {0, 5,
   * ..., 25}: 4,500 starts (Hoffmann et al. 2022, App. D.2; Besiroglu et al. 2024).
   */
  @Override
  public double[][] startGrid() {
    double[] exps = {0, 0.5, 1, 1.5, 2};
    double[] es = {-1, -0.5, 0, 0.5, 1};
    double[] abs = {0, 5, 10, 15, 20, 25};
    var grid = new double[exps.length * exps.length * es.length * abs.length * abs.length][];
    int k = 0;
    for (double alpha : exps) {
      for (double beta : exps) {
        for (double e : es) {
          for (double a : abs) {
            for (double b : abs) {
              grid[k++] = new double[] {e, a, b, alpha, beta};
            }
          }
        }
      }
    }
    return grid;
  }
}
