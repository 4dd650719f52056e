package dev.lawfit.analysis;

import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates training-run logs from a known loss law, with seeded noise, for examples, tests and
 * benchmarks. The same spec gives the same runs, bit for bit.
 */
public final class Simulator {
  private Simulator() {}

  /** The loss law the runs follow: L(N, D) in nats per token. */
  @FunctionalInterface
  public interface LossModel {
    double loss(double params, double tokens);
  }

  /**
   * Chinchilla's published fit at full precision (Hoffmann et al. 2022, arXiv 2203.15556, App. D.2;
   * figures from ../shared/REFERENCES.md): L = E + A/N^alpha + B/D^beta.
   */
  public static LossModel chinchilla(double scaleE) {
    double E = Math.exp(0.5267228) * scaleE;
    double A = Math.exp(6.0073404);
    double B = Math.exp(6.0179186);
    double alpha = 0.33917084;
    double beta = 0.2849083;
    return (N, D) -> E + A / Math.pow(N, alpha) + B / Math.pow(D, beta); // Hoffmann et al. 2022, eq. (2)
  }

  /**
   * What to simulate.
   *
   * @param families family names; family i follows the law with E scaled by (1 + 0.05 i)
   * @param sizes model sizes N
   * @param seeds runs per (family, size), each with its own noise
   * @param tokensPerParam final tokens T = tokensPerParam * N
   * @param checkpoints evaluations per run, evenly spaced in steps up to the end (at most one a step)
   * @param batchSize tokens per optimizer step B
   * @param lr peak learning rate recorded for every run
   * @param noise standard deviation of the multiplicative log-normal noise on the loss
   * @param transientExcess amplitude of an early-training excess: L * (1 + transient * exp(-20 T / T_final))
   * @param seed the random seed
   */
  public record Spec(List<String> families, List<Double> sizes, int seeds, double tokensPerParam, int checkpoints,
      double batchSize, double lr, double noise, double transientExcess, long seed) {
    public Spec {
      families = List.copyOf(families);
      sizes = List.copyOf(sizes);
    }
  }

  /** The runs, in order family, size, seed; ids like {@code example-125M-s0}. */
  public static List<Run> simulate(Spec spec) {
    SplittableRandom random = new SplittableRandom(spec.seed());
    List<Run> runs = new ArrayList<>();
    for (int f = 0; f < spec.families().size(); f++) {
      LossModel law = chinchilla(1 + 0.05 * f);
      for (double N : spec.sizes()) {
        double steps = Math.max(1, Math.round(spec.tokensPerParam() * N / spec.batchSize()));
        for (int s = 0; s < spec.seeds(); s++) {
          SplittableRandom noise = random.split();
          // At most one checkpoint per step: a short run gets fewer than asked.
          int k = (int) Math.min(spec.checkpoints(), steps);
          double[] tokens = new double[k];
          double[] loss = new double[k];
          double[] step = new double[k];
          double[] flops = new double[k];
          for (int i = 0; i < k; i++) {
            step[i] = Math.max(1, Math.round(steps * (i + 1) / k));
            tokens[i] = step[i] * spec.batchSize();
            double clean = law.loss(N, tokens[i]) * (1 + spec.transientExcess() * Math.exp(-20 * (i + 1.0) / k));
            loss[i] = clean * Math.exp(spec.noise() * noise.nextGaussian());
            flops[i] = Double.NaN;
          }
          String id = spec.families().get(f) + "-" + humanSize(N) + "-s" + s;
          runs.add(new Run(id, spec.families().get(f), N, spec.lr(), spec.batchSize(), (long) s, Map.of(),
              Checkpoints.of(tokens, loss, step, flops)));
        }
      }
    }
    return runs;
  }

  /** 125000000 -> "125M", 1.3e9 -> "1.3B". */
  public static String humanSize(double N) {
    String[] units = {"", "K", "M", "B", "T"};
    int u = 0;
    double v = N;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    String digits = v == Math.rint(v) ? Long.toString((long) v) : String.valueOf(Math.round(v * 100) / 100.0);
    return digits + units[u];
  }
}
