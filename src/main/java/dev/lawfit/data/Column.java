package dev.lawfit.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The canonical columns of a run log (DESIGN.md, "Input: run logs") and their common aliases. */
public enum Column {
  RUN("run", false, "run_id", "run_name", "runid"),
  FAMILY("family", false, "model_family", "sweep"),
  PARAMS("params", true, "num_params", "n_params", "nparams", "parameters", "model_size", "n"),
  TOKENS(
      "tokens",
      true,
      "tokens_seen",
      "num_tokens",
      "n_tokens",
      "tokens_trained",
      "train_tokens",
      "d",
      "t"),
  LOSS(
      "loss",
      true,
      "eval_loss",
      "val_loss",
      "valid_loss",
      "validation_loss",
      "train_loss",
      "eval/loss",
      "val/loss",
      "valid/loss",
      "train/loss",
      "test_loss"),
  STEP("step", true, "global_step", "iteration", "iter", "_step", "steps"),
  LR("lr", true, "learning_rate", "peak_lr", "max_lr", "eta"),
  BATCH_SIZE("batch_size", true, "batch_size_tokens", "batch_tokens", "tokens_per_batch", "bs"),
  FLOPS("flops", true, "compute", "c", "train_flops"),
  SEED("seed", true, "random_seed");

  /** The numeric columns that describe a whole run, constant within it. */
  public static final List<Column> RUN_LEVEL_NUMBERS = List.of(PARAMS, LR, BATCH_SIZE, SEED);

  private final String canonical;
  private final boolean numeric;
  private final List<String> aliases;

  Column(String canonical, boolean numeric, String... aliases) {
    this.canonical = canonical;
    this.numeric = numeric;
    this.aliases = List.of(aliases);
  }

  /** The canonical name, as written in logs and on the command line. */
  public String canonical() {
    return canonical;
  }

  public boolean numeric() {
    return numeric;
  }

  public List<String> aliases() {
    return aliases;
  }

  /**
   * Whether {@code name} is the canonical name of a run-level number (params, lr, batch_size,
   * seed).
   */
  public static boolean isRunLevelNumber(String name) {
    return RUN_LEVEL_NUMBERS.stream().anyMatch(c -> c.canonical.equals(name));
  }

  /** The column whose canonical name is {@code name}, case-insensitive. */
  public static Optional<Column> byCanonical(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> c.canonical.equals(key)).findFirst();
  }

  /**
   * Preference among loss-like headers: 0 evaluation or validation loss, 1 test loss, 2 training
   * loss (a fit describes held-out loss unless the user maps another with --column loss=NAME).
   */
  public static int lossRank(String header) {
    String key = header.strip().toLowerCase(Locale.ROOT);
    if (key.startsWith("train")) {
      return 2;
    }
    return key.startsWith("test") ? 1 : 0;
  }

  /** The column that a header names, by canonical name or alias, case-insensitive. */
  public static Optional<Column> byHeader(String header) {
    String key = header.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(c -> c.canonical.equals(key) || c.aliases.contains(key))
        .findFirst();
  }
}
