package dev.lawfit.data;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How run logs are read.
 *
 * @param columns explicit mapping from canonical column name to the file's header
 * @param runKey columns whose values identify a run when the log has no {@code run} column; empty
 *     for the default (every text column, with params, lr, batch_size and seed)
 * @param onDuplicate what to do with two rows of one run at the same token count
 * @param dropInvalid drop rows with unusable values (missing, NaN, infinite, non-positive) instead
 *     of failing; the dataset reports what was dropped
 * @param format the format of every file, or {@code null} to go by file extension
 * @param divergedLoss keep rows whose loss is NaN or +infinity as evidence of divergence (for
 *     learning-rate and batch-size sweeps) instead of rejecting or dropping them; such checkpoints
 *     then carry that loss
 * @param limits caps on each input file's size and shape
 * @param lossUnit the unit of the logged loss, converted to nats on load
 * @param tokensPerStep tokens per optimizer step, for logs that count steps but not tokens; {@code
 *     null} when not given
 * @param seqLen tokens per sequence, when a log's batch size counts sequences (tokens are then step
 *     x batch_size x seqLen and the batch size is read as batch_size x seqLen tokens); {@code null}
 *     when batch sizes are in tokens
 * @param delimiter the separator of CSV files, or {@code null} to find it from the header line
 * @param runs a run table (a {@code run} column and any of params, lr, batch_size, family, seed)
 *     joined to the logs' runs by name, or {@code null}
 */
public record LoadOptions(
    Map<Column, String> columns,
    List<String> runKey,
    OnDuplicate onDuplicate,
    boolean dropInvalid,
    Format format,
    boolean divergedLoss,
    Limits limits,
    LossUnit lossUnit,
    Double tokensPerStep,
    Double seqLen,
    Character delimiter,
    java.nio.file.Path runs) {

  public LoadOptions {
    columns = Map.copyOf(columns);
    runKey = List.copyOf(runKey);
    Objects.requireNonNull(onDuplicate, "onDuplicate");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(lossUnit, "lossUnit");
  }

  public LoadOptions(
      Map<Column, String> columns,
      List<String> runKey,
      OnDuplicate onDuplicate,
      boolean dropInvalid,
      Format format,
      boolean divergedLoss) {
    this(
        columns,
        runKey,
        onDuplicate,
        dropInvalid,
        format,
        divergedLoss,
        Limits.DEFAULTS,
        LossUnit.NATS,
        null,
        null,
        null,
        null);
  }

  /** Options that reject diverged losses, as every loss-law command wants. */
  public LoadOptions(
      Map<Column, String> columns,
      List<String> runKey,
      OnDuplicate onDuplicate,
      boolean dropInvalid,
      Format format) {
    this(columns, runKey, onDuplicate, dropInvalid, format, false);
  }

  public static LoadOptions defaults() {
    return new LoadOptions(Map.of(), List.of(), OnDuplicate.ERROR, false, null);
  }

  public LoadOptions withColumns(Map<Column, String> value) {
    return new LoadOptions(
        value,
        runKey,
        onDuplicate,
        dropInvalid,
        format,
        divergedLoss,
        limits,
        lossUnit,
        tokensPerStep,
        seqLen,
        delimiter,
        runs);
  }

  public LoadOptions withRunKey(List<String> value) {
    return new LoadOptions(
        columns,
        value,
        onDuplicate,
        dropInvalid,
        format,
        divergedLoss,
        limits,
        lossUnit,
        tokensPerStep,
        seqLen,
        delimiter,
        runs);
  }

  public LoadOptions withOnDuplicate(OnDuplicate value) {
    return new LoadOptions(
        columns,
        runKey,
        value,
        dropInvalid,
        format,
        divergedLoss,
        limits,
        lossUnit,
        tokensPerStep,
        seqLen,
        delimiter,
        runs);
  }

  public LoadOptions withDropInvalid(boolean value) {
    return new LoadOptions(
        columns,
        runKey,
        onDuplicate,
        value,
        format,
        divergedLoss,
        limits,
        lossUnit,
        tokensPerStep,
        seqLen,
        delimiter,
        runs);
  }

  public LoadOptions withFormat(Format value) {
    return new LoadOptions(
        columns,
        runKey,
        onDuplicate,
        dropInvalid,
        value,
        divergedLoss,
        limits,
        lossUnit,
        tokensPerStep,
        seqLen,
        delimiter,
        runs);
  }

  public LoadOptions withLimits(Limits value) {
    return new LoadOptions(
        columns,
        runKey,
        onDuplicate,
        dropInvalid,
        format,
        divergedLoss,
        value,
        lossUnit,
        tokensPerStep,
        seqLen,
        delimiter,
        runs);
  }

  public LoadOptions withDivergedLoss(boolean value) {
    return new LoadOptions(
        columns,
        runKey,
        onDuplicate,
        dropInvalid,
        format,
        value,
        limits,
        lossUnit,
        tokensPerStep,
        seqLen,
        delimiter,
        runs);
  }

  public LoadOptions withLossUnit(LossUnit value) {
    return new LoadOptions(
        columns,
        runKey,
        onDuplicate,
        dropInvalid,
        format,
        divergedLoss,
        limits,
        value,
        tokensPerStep,
        seqLen,
        delimiter,
        runs);
  }

  /**
   * Tokens from steps: {@code tokensPerStep} tokens a step, or batch sizes in sequences of {@code
   * seqLen} tokens.
   */
  public LoadOptions withSteps(Double tokensPerStep, Double seqLen) {
    return new LoadOptions(
        columns,
        runKey,
        onDuplicate,
        dropInvalid,
        format,
        divergedLoss,
        limits,
        lossUnit,
        tokensPerStep,
        seqLen,
        delimiter,
        runs);
  }

  public LoadOptions withDelimiter(Character value) {
    return new LoadOptions(
        columns,
        runKey,
        onDuplicate,
        dropInvalid,
        format,
        divergedLoss,
        limits,
        lossUnit,
        tokensPerStep,
        seqLen,
        value,
        runs);
  }

  public LoadOptions withRuns(java.nio.file.Path value) {
    return new LoadOptions(
        columns,
        runKey,
        onDuplicate,
        dropInvalid,
        format,
        divergedLoss,
        limits,
        lossUnit,
        tokensPerStep,
        seqLen,
        delimiter,
        value);
  }
}
