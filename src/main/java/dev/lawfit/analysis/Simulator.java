package dev.lawfit.analysis;

import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Run;
import dev.lawfit.law.Chinchilla;
import dev.lawfit.law.Law;
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

  /**
   * Chinchilla's published fit at full precision (Hoffmann et al. 2022, arXiv 2203.15556, App. D.2;
   * figures from ../shared/REFERENCES.md), in the order of {@link Chinchilla#parameterNames()}: E,
   * A, B, alpha, beta.
   */
  public static double[] publishedChinchilla() {
    return new double[] {
      Math.exp(0.5267228), Math.exp(6.0073404), Math.exp(6.0179186), 0.33917084, 0.2849083
    };
  }

  /**
   * What to simulate.
   *
   * @param law the law the losses follow
   * @param parameters the law's natural parameters, in its order
   * @param families family names; family i follows the law with E (where the law has one) scaled by
   *     (1 + 0.05 i)
   * @param sizes model sizes N
   * @param seeds runs per (family, size), each with its own noise
   * @param tokensPerParam final tokens T = tokensPerParam * N
   * @param checkpoints evaluations per run up to the end (at most one a step)
   * @param logSpaced checkpoints evenly spaced in log steps (from 1% of the run) instead of in
   *     steps
   * @param batchSize tokens per optimizer step B
   * @param lr peak learning rate recorded for every run
   * @param noise standard deviation of the multiplicative log-normal noise on the loss
   * @param transientExcess amplitude of an early-training excess: L * (1 + transient * exp(-20 T /
   *     T_final))
   * @param seed the random seed
   */
  public record Spec(
      Law law,
      double[] parameters,
      List<String> families,
      List<Double> sizes,
      int seeds,
      double tokensPerParam,
      int checkpoints,
      boolean logSpaced,
      double batchSize,
      double lr,
      double noise,
      double transientExcess,
      long seed) {
    public Spec {
      if (parameters.length != law.parameterCount()) {
        throw new IllegalArgumentException(
            law.name() + " has " + law.parameterCount() + " parameters, got " + parameters.length);
      }
      parameters = parameters.clone();
      families = List.copyOf(families);
      sizes = List.copyOf(sizes);
    }

    @Override
    public double[] parameters() {
      return parameters.clone();
    }

    /**
     * Chinchilla's published law, evenly spaced checkpoints: the defaults of {@code lawfit
     * simulate}.
     */
    public static Spec chinchilla(
        List<String> families,
        List<Double> sizes,
        int seeds,
        double tokensPerParam,
        int checkpoints,
        double batchSize,
        double lr,
        double noise,
        double transientExcess,
        long seed) {
      return new Spec(
          new Chinchilla(),
          publishedChinchilla(),
          families,
          sizes,
          seeds,
          tokensPerParam,
          checkpoints,
          false,
          batchSize,
          lr,
          noise,
          transientExcess,
          seed);
    }
  }

  /** The runs, in order family, size, seed; ids like {@code example-125M-s0}. */
  public static List<Run> simulate(Spec spec) {
    SplittableRandom random = new SplittableRandom(spec.seed());
    List<Run> runs = new ArrayList<>();
    Law law = spec.law();
    int e = law.indexOf("E");
    for (int f = 0; f < spec.families().size(); f++) {
      double[] theta = spec.parameters();
      if (e >= 0) {
        theta[e] *= 1 + 0.05 * f;
      }
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
            double fraction =
                spec.logSpaced() && k > 1
                    ? Math.pow(100, (double) i / (k - 1)) / 100
                    : (i + 1.0) / k;
            step[i] = Math.max(i == 0 ? 1 : step[i - 1] + 1, Math.round(steps * fraction));
            tokens[i] = step[i] * spec.batchSize();
            double clean =
                law.predict(theta, N, tokens[i], Double.NaN)
                    * (1
                        + spec.transientExcess()
                            * Math.exp(-20 * tokens[i] / (steps * spec.batchSize())));
            loss[i] = clean * Math.exp(spec.noise() * noise.nextGaussian());
            flops[i] = Double.NaN;
          }
          String id = spec.families().get(f) + "-" + humanSize(N) + "-s" + s;
          runs.add(
              new Run(
                  id,
                  spec.families().get(f),
                  N,
                  spec.lr(),
                  spec.batchSize(),
                  (long) s,
                  Map.of(),
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
    String digits =
        v == Math.rint(v) ? Long.toString((long) v) : String.valueOf(Math.round(v * 100) / 100.0);
    return digits + units[u];
  }
}
