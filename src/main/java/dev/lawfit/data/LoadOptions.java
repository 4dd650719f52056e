package dev.lawfit.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How run logs are read.
 *
 * @param columns explicit mapping from canonical column name to the file's header
 * @param runKey columns whose values identify a run when the log has no {@code run} column;
 *     empty for the default (every text column, with params, lr, batch_size and seed)
 * @param onDuplicate what to do with two rows of one run at the same token count
 * @param dropInvalid drop rows with unusable values (missing, NaN, infinite, non-positive)
 *     instead of failing; the dataset reports what was dropped
 * @param format the format of every file, or {@code null} to go by file extension
 * @param divergedLoss keep rows whose loss is NaN or +infinity as evidence of divergence (for
 *     learning-rate and batch-size sweeps) instead of rejecting or dropping them; such
 *     checkpoints then carry that loss
 * @param limits caps on each input file's size and shape
 */
public record LoadOptions(
    Map<Column, String> columns,
    List<String> runKey,
    OnDuplicate onDuplicate,
    boolean dropInvalid,
    Format format,
    boolean divergedLoss,
    Limits limits) {

  public LoadOptions {
    columns = Map.copyOf(columns);
    runKey = List.copyOf(runKey);
    Objects.requireNonNull(onDuplicate, "onDuplicate");
    Objects.requireNonNull(limits, "limits");
  }

  public LoadOptions(Map<Column, String> columns, List<String> runKey, OnDuplicate onDuplicate, boolean dropInvalid,
      Format format, boolean divergedLoss) {
    this(columns, runKey, onDuplicate, dropInvalid, format, divergedLoss, Limits.DEFAULTS);
  }

  /** Options that reject diverged losses, as every loss-law command wants. */
  public LoadOptions(Map<Column, String> columns, List<String> runKey, OnDuplicate onDuplicate, boolean dropInvalid,
      Format format) {
    this(columns, runKey, onDuplicate, dropInvalid, format, false);
  }

  public static LoadOptions defaults() {
    return new LoadOptions(Map.of(), List.of(), OnDuplicate.ERROR, false, null);
  }

  public LoadOptions withColumns(Map<Column, String> value) {
    return new LoadOptions(value, runKey, onDuplicate, dropInvalid, format, divergedLoss, limits);
  }

  public LoadOptions withRunKey(List<String> value) {
    return new LoadOptions(columns, value, onDuplicate, dropInvalid, format, divergedLoss, limits);
  }

  public LoadOptions withOnDuplicate(OnDuplicate value) {
    return new LoadOptions(columns, runKey, value, dropInvalid, format, divergedLoss, limits);
  }

  public LoadOptions withDropInvalid(boolean value) {
    return new LoadOptions(columns, runKey, onDuplicate, value, format, divergedLoss, limits);
  }

  public LoadOptions withFormat(Format value) {
    return new LoadOptions(columns, runKey, onDuplicate, dropInvalid, value, divergedLoss, limits);
  }

  public LoadOptions withLimits(Limits value) {
    return new LoadOptions(columns, runKey, onDuplicate, dropInvalid, format, divergedLoss, value);
  }

  public LoadOptions withDivergedLoss(boolean value) {
    return new LoadOptions(columns, runKey, onDuplicate, dropInvalid, format, value, limits);
  }
}
