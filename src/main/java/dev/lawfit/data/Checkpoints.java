package dev.lawfit.data;

import java.util.Arrays;

/**
 * The evaluated checkpoints of one run, stored column-wise and sorted by tokens (ascending).
 *
 * <p>Immutable: arrays are copied in and never handed out. {@code step} and {@code flops} are
 * {@code NaN} where the log did not record them; tokens are always finite and positive, and so is
 * loss unless the dataset was loaded with {@link LoadOptions#divergedLoss()}, when a diverged
 * checkpoint's loss is {@code NaN} or {@code +Infinity}.
 */
public final class Checkpoints {
  private static final Checkpoints EMPTY =
      new Checkpoints(new double[0], new double[0], new double[0], new double[0]);

  private final double[] tokens;
  private final double[] loss;
  private final double[] step;
  private final double[] flops;

  private Checkpoints(double[] tokens, double[] loss, double[] step, double[] flops) {
    this.tokens = tokens;
    this.loss = loss;
    this.step = step;
    this.flops = flops;
  }

  /** Copies the columns in and sorts them by tokens; all arrays must have the same length. */
  public static Checkpoints of(double[] tokens, double[] loss, double[] step, double[] flops) {
    int n = tokens.length;
    if (loss.length != n || step.length != n || flops.length != n) {
      throw new IllegalArgumentException("checkpoint columns differ in length");
    }
    Integer[] order = new Integer[n];
    boolean sorted = true;
    for (int i = 0; i < n; i++) {
      order[i] = i;
      if (i > 0 && tokens[i] < tokens[i - 1]) {
        sorted = false;
      }
    }
    if (sorted) {
      return new Checkpoints(tokens.clone(), loss.clone(), step.clone(), flops.clone());
    }
    Arrays.sort(order, (a, b) -> Double.compare(tokens[a], tokens[b]));
    return new Checkpoints(
        permute(tokens, order), permute(loss, order), permute(step, order), permute(flops, order));
  }

  /** Builds from arrays the caller gives up (package-private: the loader owns them). */
  static Checkpoints adopt(double[] tokens, double[] loss, double[] step, double[] flops) {
    return new Checkpoints(tokens, loss, step, flops);
  }

  public static Checkpoints empty() {
    return EMPTY;
  }

  private static double[] permute(double[] values, Integer[] order) {
    double[] out = new double[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[order[i]];
    }
    return out;
  }

  public int size() {
    return tokens.length;
  }

  public boolean isEmpty() {
    return tokens.length == 0;
  }

  /** Tokens seen T at checkpoint {@code i}. */
  public double tokens(int i) {
    return tokens[i];
  }

  /** Evaluation loss in nats per token at checkpoint {@code i}. */
  public double loss(int i) {
    return loss[i];
  }

  /** Optimizer step, or {@code NaN} when not logged. */
  public double step(int i) {
    return step[i];
  }

  /** Training FLOPs as logged, or {@code NaN} when not logged. */
  public double loggedFlops(int i) {
    return flops[i];
  }

  public double[] tokens() {
    return tokens.clone();
  }

  public double[] loss() {
    return loss.clone();
  }

  public double[] steps() {
    return step.clone();
  }

  public double[] loggedFlops() {
    return flops.clone();
  }

  public double maxTokens() {
    return tokens.length == 0 ? Double.NaN : tokens[tokens.length - 1];
  }

  /** Whether any checkpoint has a logged value in the step / FLOPs column. */
  public boolean hasSteps() {
    return anyFinite(step);
  }

  public boolean hasFlops() {
    return anyFinite(flops);
  }

  private static boolean anyFinite(double[] values) {
    for (double v : values) {
      if (!Double.isNaN(v)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Equal when every column holds the same values in the same order ({@code NaN} equals {@code
   * NaN}).
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoints c
        && Arrays.equals(tokens, c.tokens)
        && Arrays.equals(loss, c.loss)
        && Arrays.equals(step, c.step)
        && Arrays.equals(flops, c.flops);
  }

  @Override
  public int hashCode() {
    return 31
            * (31 * (31 * Arrays.hashCode(tokens) + Arrays.hashCode(loss)) + Arrays.hashCode(step))
        + Arrays.hashCode(flops);
  }

  @Override
  public String toString() {
    return "Checkpoints[tokens="
        + Arrays.toString(tokens)
        + ", loss="
        + Arrays.toString(loss)
        + "]";
  }

  /** The checkpoints at positions {@code from} (inclusive) to {@code to} (exclusive). */
  public Checkpoints range(int from, int to) {
    if (from == 0 && to == tokens.length) {
      return this;
    }
    return new Checkpoints(
        Arrays.copyOfRange(tokens, from, to),
        Arrays.copyOfRange(loss, from, to),
        Arrays.copyOfRange(step, from, to),
        Arrays.copyOfRange(flops, from, to));
  }

  /** Index of the first checkpoint with tokens strictly above {@code threshold}. */
  public int firstAbove(double threshold) {
    int lo = 0;
    int hi = tokens.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (tokens[mid] <= threshold) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
