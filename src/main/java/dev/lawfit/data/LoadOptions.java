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
    return with(b -> b.columns = value);
  }

  public LoadOptions withRunKey(List<String> value) {
    return with(b -> b.runKey = value);
  }

  public LoadOptions withOnDuplicate(OnDuplicate value) {
    return with(b -> b.onDuplicate = value);
  }

  public LoadOptions withDropInvalid(boolean value) {
    return with(b -> b.dropInvalid = value);
  }

  public LoadOptions withFormat(Format value) {
    return with(b -> b.format = value);
  }

  public LoadOptions withLimits(Limits value) {
    return with(b -> b.limits = value);
  }

  public LoadOptions withDivergedLoss(boolean value) {
    return with(b -> b.divergedLoss = value);
  }

  public LoadOptions withLossUnit(LossUnit value) {
    return with(b -> b.lossUnit = value);
  }

  /**
   * Tokens from steps: {@code tokensPerStep} tokens a step, or batch sizes in sequences of {@code
   * seqLen} tokens.
   */
  public LoadOptions withSteps(Double tokensPerStep, Double seqLen) {
    return with(
        b -> {
          b.tokensPerStep = tokensPerStep;
          b.seqLen = seqLen;
        });
  }

  public LoadOptions withDelimiter(Character value) {
    return with(b -> b.delimiter = value);
  }

  public LoadOptions withRuns(java.nio.file.Path value) {
    return with(b -> b.runs = value);
  }

  /** These options with what {@code change} sets; the one copy of every component. */
  private LoadOptions with(java.util.function.Consumer<Copy> change) {
    var b = new Copy(this);
    change.accept(b);
    return new LoadOptions(
        b.columns,
        b.runKey,
        b.onDuplicate,
        b.dropInvalid,
        b.format,
        b.divergedLoss,
        b.limits,
        b.lossUnit,
        b.tokensPerStep,
        b.seqLen,
        b.delimiter,
        b.runs);
  }

  /** A mutable copy of the components, for {@link #with}. */
  private static final class Copy {
    Map<Column, String> columns;
    List<String> runKey;
    OnDuplicate onDuplicate;
    boolean dropInvalid;
    Format format;
    boolean divergedLoss;
    Limits limits;
    LossUnit lossUnit;
    Double tokensPerStep;
    Double seqLen;
    Character delimiter;
    java.nio.file.Path runs;

    Copy(LoadOptions o) {
      columns = o.columns;
      runKey = o.runKey;
      onDuplicate = o.onDuplicate;
      dropInvalid = o.dropInvalid;
      format = o.format;
      divergedLoss = o.divergedLoss;
      limits = o.limits;
      lossUnit = o.lossUnit;
      tokensPerStep = o.tokensPerStep;
      seqLen = o.seqLen;
      delimiter = o.delimiter;
      runs = o.runs;
    }
  }
}
