package dev.lawfit.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static Simulator.Spec spec(double noise, long seed) {
    return Simulator.Spec.chinchilla(
        List.of("a", "b"), List.of(1e8, 1e9), 2, 20, 10, 524288, 3e-4, noise, 0, seed);
  }

  @Test
  void withoutNoiseTheLossIsChinchillasPublishedLaw() {
    // Hoffmann et al. 2022 at full precision (REFERENCES.md): E + A/N^alpha + B/D^beta.
    double E = Math.exp(0.5267228);
    double A = Math.exp(6.0073404);
    double B = Math.exp(6.0179186);
    for (Run run : Simulator.simulate(spec(0, 1))) {
      double scale = run.family().equals("a") ? 1.0 : 1.05;
      Checkpoints c = run.checkpoints();
      for (int i = 0; i < c.size(); i++) {
        double expected =
            scale * E
                + A / Math.pow(run.params(), 0.33917084)
                + B / Math.pow(c.tokens(i), 0.2849083);
        assertEquals(expected, c.loss(i), 1e-12 * expected, run.id());
      }
    }
  }

  @Test
  void runsEndAtTheRequestedTokensPerParameter() {
    for (Run run : Simulator.simulate(spec(0.01, 1))) {
      assertEquals(20 * run.params(), run.checkpoints().maxTokens(), 524288, run.id());
      assertEquals(10, run.checkpoints().size());
    }
  }

  @Test
  void sameSeedSameRunsOtherSeedOtherNoise() {
    List<Run> first = Simulator.simulate(spec(0.01, 7));
    List<Run> again = Simulator.simulate(spec(0.01, 7));
    List<Run> other = Simulator.simulate(spec(0.01, 8));
    for (int r = 0; r < first.size(); r++) {
      assertEquals(List.of(first.get(r).id()), List.of(again.get(r).id()));
      for (int i = 0; i < first.get(r).checkpoints().size(); i++) {
        assertEquals(first.get(r).checkpoints().loss(i), again.get(r).checkpoints().loss(i), 0.0);
      }
    }
    assertNotEquals(first.get(0).checkpoints().loss(0), other.get(0).checkpoints().loss(0));
  }

  @Test
  void noiseHasTheRequestedLogStandardDeviation() {
    double sigma = 0.02;
    List<Run> noisy =
        Simulator.simulate(
            Simulator.Spec.chinchilla(
                List.of("a"), List.of(1e9), 50, 20, 100, 524288, 3e-4, sigma, 0, 3));
    List<Run> clean =
        Simulator.simulate(
            Simulator.Spec.chinchilla(
                List.of("a"), List.of(1e9), 50, 20, 100, 524288, 3e-4, 0, 0, 3));
    double sum = 0;
    double sumSq = 0;
    int n = 0;
    for (int r = 0; r < noisy.size(); r++) {
      for (int i = 0; i < noisy.get(r).checkpoints().size(); i++) {
        double z =
            Math.log(noisy.get(r).checkpoints().loss(i) / clean.get(r).checkpoints().loss(i));
        sum += z;
        sumSq += z * z;
        n++;
      }
    }
    double mean = sum / n;
    double sd = Math.sqrt(sumSq / n - mean * mean);
    // 5,000 draws: the sample sd is within 5% of sigma with overwhelming probability.
    assertEquals(sigma, sd, 0.05 * sigma);
    assertTrue(Math.abs(mean) < 4 * sigma / Math.sqrt(n));
  }

  @Test
  void shortRunsGetAtMostOneCheckpointPerStep() {
    List<Run> runs =
        Simulator.simulate(
            Simulator.Spec.chinchilla(
                List.of("a"), List.of(1e5), 1, 20, 100, 524288, 3e-4, 0, 0, 1));
    Checkpoints c = runs.get(0).checkpoints();
    assertEquals(4, c.size()); // 2e6 tokens / 524,288 per step = 3.8, rounded to 4 steps
    for (int i = 1; i < c.size(); i++) {
      assertTrue(c.tokens(i) > c.tokens(i - 1));
    }
  }
}
