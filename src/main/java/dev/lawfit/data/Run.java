package dev.lawfit.data;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One training run: its identity, its run-level settings and its checkpoints.
 *
 * @param id run id, unique within a dataset
 * @param family model family or sweep name ({@code "default"} when the log has none)
 * @param params model size N in parameters, {@code NaN} when not logged
 * @param lr peak learning rate eta, {@code NaN} when not logged
 * @param batchSize batch size B in tokens per optimizer step, {@code NaN} when not logged
 * @param seed random seed, {@code null} when not logged
 * @param tags free-form text columns of the log that are constant within the run, sorted by name
 * @param checkpoints the run's checkpoints, sorted by tokens
 */
public record Run(
    String id,
    String family,
    double params,
    double lr,
    double batchSize,
    Long seed,
    Map<String, String> tags,
    Checkpoints checkpoints) {

  public static final String DEFAULT_FAMILY = "default";

  public Run {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(checkpoints, "checkpoints");
    tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  /** The same run with other checkpoints. */
  public Run withCheckpoints(Checkpoints other) {
    return new Run(id, family, params, lr, batchSize, seed, tags, other);
  }

  /**
   * The training compute C in FLOPs at checkpoint {@code i}: the logged value, else the
   * conventional {@code 6 N T} (Kaplan et al. 2020, arXiv 2001.08361, sec. 2.1), else NaN.
   */
  public double computeFlops(int i) {
    double logged = checkpoints.loggedFlops(i);
    return Double.isNaN(logged) ? 6.0 * params * checkpoints.tokens(i) : logged;
  }

  /**
   * The value of a column for this run as text, for grouping: canonical run-level columns ({@code
   * family}, {@code run}, {@code params}, {@code lr}, {@code batch_size}, {@code seed}) or a tag;
   * {@code null} when the run has no such value.
   */
  public String column(String name) {
    return switch (name) {
      case "run" -> id;
      case "family" -> family;
      case "params" -> format(params);
      case "lr" -> format(lr);
      case "batch_size" -> format(batchSize);
      case "seed" -> seed == null ? null : seed.toString();
      default -> tags.get(name);
    };
  }

  private static String format(double value) {
    return Double.isNaN(value) ? null : Numbers.format(value);
  }
}
