package dev.lawfit.analysis.sgd;

/**
 * The normalised probabilists' Hermite polynomials {@code h_l = He_l / sqrt(l!)} for l = 1, 2, 3:
 * for a standard Gaussian z, {@code E[h_l(z) h_k(z)] = 1} when l = k and 0 otherwise, and for unit
 * vectors u, v and x ~ N(0, I), {@code E[h_l(u.x) h_l(v.x)] = (u.v)^l}. A target {@code h_l(w.x)}
 * has information exponent l (Ben Arous et al. 2021; Arnaboldi et al. 2024, arXiv 2406.02157).
 */
public final class Hermite {
  private static final double SQRT2 = Math.sqrt(2);
  private static final double SQRT3 = Math.sqrt(3);
  private static final double SQRT6 = Math.sqrt(6);

  private Hermite() {}

  /** The information exponents this class knows: 1, 2 and 3. */
  public static boolean supported(int degree) {
    return degree >= 1 && degree <= 3;
  }

  /** h_l(z). */
  public static double value(int degree, double z) {
    return switch (degree) {
      case 1 -> z;
      case 2 -> (z * z - 1) / SQRT2;
      case 3 -> (z * z * z - 3 * z) / SQRT6;
      default ->
          throw new IllegalArgumentException("Hermite degree must be 1, 2 or 3, got " + degree);
    };
  }

  /** h_l'(z) = sqrt(l) h_(l-1)(z), from He_l' = l He_(l-1). */
  public static double derivative(int degree, double z) {
    return switch (degree) {
      case 1 -> 1;
      case 2 -> SQRT2 * z;
      case 3 -> (z * z - 1) * SQRT3 / SQRT2;
      default ->
          throw new IllegalArgumentException("Hermite degree must be 1, 2 or 3, got " + degree);
    };
  }
}
