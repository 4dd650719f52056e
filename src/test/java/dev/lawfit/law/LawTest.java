package dev.lawfit.law;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LawTest {

  static Stream<Law> laws() {
    return Stream.of(
        new Chinchilla(),
        new Kaplan(),
        new PowerLaw(Law.Input.PARAMS),
        new PowerLaw(Law.Input.TOKENS),
        new PowerLaw(Law.Input.COMPUTE));
  }

  /** A random internal vector near the law's grid, so every term matters somewhere. */
  private static double[] randomTheta(Law law, Random rng) {
    double[][] grid = law.startGrid();
    double[] base = grid[rng.nextInt(grid.length)];
    var theta = new double[base.length];
    for (int j = 0; j < base.length; j++) {
      theta[j] = base[j] + 0.3 * rng.nextGaussian();
    }
    return theta;
  }

  @ParameterizedTest
  @MethodSource("laws")
  void analyticGradientMatchesCentralFiniteDifferences(Law law) {
    var rng = new Random(42);
    int p = law.parameterCount();
    var grad = new double[p];
    var moved = new boolean[p];
    for (int trial = 0; trial < 200; trial++) {
      double[] theta = randomTheta(law, rng);
      double lnN = Math.log(1e7) + rng.nextDouble() * Math.log(1e5);
      double lnD = Math.log(1e9) + rng.nextDouble() * Math.log(1e4);
      double lnC = Math.log(6) + lnN + lnD;
      double value = law.logPredict(theta, lnN, lnD, lnC, grad);
      assertEquals(
          law.logPredict(theta, lnN, lnD, lnC), value, 1e-12 * Math.max(1, Math.abs(value)));
      for (int j = 0; j < p; j++) {
        double h = 1e-6 * Math.max(1, Math.abs(theta[j]));
        var up = theta.clone();
        var down = theta.clone();
        up[j] += h;
        down[j] -= h;
        double fd =
            (law.logPredict(up, lnN, lnD, lnC) - law.logPredict(down, lnN, lnD, lnC)) / (2 * h);
        // Central differences are O(h^2) accurate; 1e-6 absolute plus relative covers rounding.
        assertEquals(
            fd,
            grad[j],
            1e-6 + 1e-6 * Math.abs(fd),
            law.name() + " d/d" + law.parameterNames().get(j));
        moved[j] |= Math.abs(fd) > 1e-6;
      }
    }
    // The comparison says something only where a parameter moves the prediction: each must,
    // somewhere.
    for (int j = 0; j < p; j++) {
      assertTrue(
          moved[j],
          law.name() + ": " + law.parameterNames().get(j) + " never moved the prediction");
    }
  }

  @ParameterizedTest
  @MethodSource("laws")
  void transformsRoundTripAndDerivativeMatches(Law law) {
    var rng = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      double[] theta = randomTheta(law, rng);
      double[] natural = law.toNatural(theta);
      double[] back = law.toInternal(natural);
      for (int j = 0; j < theta.length; j++) {
        assertTrue(law.admissible(j, natural[j]));
        assertEquals(theta[j], back[j], 1e-12 * Math.max(1, Math.abs(theta[j])));
        double h = 1e-6;
        double fd = (law.toNatural(j, theta[j] + h) - law.toNatural(j, theta[j] - h)) / (2 * h);
        assertEquals(fd, law.naturalDerivative(j, theta[j]), 1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  }

  @Test
  void chinchillaPredictsThePaperFormula() {
    double[] nat = {1.69, 406.4, 410.7, 0.34, 0.28};
    double N = 7e10;
    double D = 1.4e12;
    // L = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022, eq. 10)
    double expected = 1.69 + 406.4 / Math.pow(N, 0.34) + 410.7 / Math.pow(D, 0.28);
    assertEquals(expected, new Chinchilla().predict(nat, N, D, Double.NaN), 1e-12);
  }

  @Test
  void kaplanPredictsThePaperFormula() {
    double[] nat = {8.8e13, 5.4e13, 0.076, 0.095};
    double N = 1e9;
    double D = 2e10;
    // L = [(N_c/N)^(alpha_N/alpha_D) + D_c/D]^alpha_D (Kaplan et al. 2020, eq. 1.5)
    double expected = Math.pow(Math.pow(8.8e13 / N, 0.076 / 0.095) + 5.4e13 / D, 0.095);
    assertEquals(expected, new Kaplan().predict(nat, N, D, Double.NaN), 1e-12);
  }

  @Test
  void powerLawReadsItsInput() {
    double[] nat = {1.5, 100, 0.3};
    double C = 6 * 1e9 * 2e10;
    assertEquals(
        1.5 + 100 * Math.pow(C, -0.3),
        new PowerLaw(Law.Input.COMPUTE).predict(nat, 1e9, 2e10, Double.NaN),
        1e-12);
    assertEquals(
        1.5 + 100 * Math.pow(2e10, -0.3),
        new PowerLaw(Law.Input.TOKENS).predict(nat, 1e9, 2e10, Double.NaN),
        1e-12);
    assertEquals("L = E + A/C^alpha", new PowerLaw(Law.Input.COMPUTE).formula());
  }

  @Test
  void chinchillaGridIsHoffmanns4500Starts() {
    double[][] grid = new Chinchilla().startGrid();
    assertEquals(4500, grid.length);
    assertEquals(List.of("E", "A", "B", "alpha", "beta"), new Chinchilla().parameterNames());
  }

  @Test
  void lookupByNameListsValidNames() {
    assertEquals("kaplan", Law.byName("kaplan").name());
    assertEquals("power-tokens", Law.byName("power-tokens").name());
    var e = assertThrows(IllegalArgumentException.class, () -> Law.byName("nope"));
    assertTrue(e.getMessage().contains("chinchilla"));
    // The names help and completion offer are the names byName reads: each, and every law it
    // makes.
    java.util.Set<String> made = new java.util.TreeSet<>();
    for (String name : Law.NAMES) {
      made.add(Law.byName(name).name());
    }
    assertEquals(
        java.util.Set.of("chinchilla", "kaplan", "power-params", "power-tokens", "power-compute"),
        made);
  }
}
