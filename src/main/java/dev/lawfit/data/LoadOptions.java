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
 */
public record LoadOptions(
    Map<Column, String> columns,
    List<String> runKey,
    OnDuplicate onDuplicate,
    boolean dropInvalid,
    Format format) {

  public LoadOptions {
    columns = Map.copyOf(columns);
    runKey = List.copyOf(runKey);
    Objects.requireNonNull(onDuplicate, "onDuplicate");
  }

  public static LoadOptions defaults() {
    return new LoadOptions(Map.of(), List.of(), OnDuplicate.ERROR, false, null);
  }

  public LoadOptions withColumns(Map<Column, String> value) {
    return new LoadOptions(value, runKey, onDuplicate, dropInvalid, format);
  }

  public LoadOptions withRunKey(List<String> value) {
    return new LoadOptions(columns, value, onDuplicate, dropInvalid, format);
  }

  public LoadOptions withOnDuplicate(OnDuplicate value) {
    return new LoadOptions(columns, runKey, value, dropInvalid, format);
  }

  public LoadOptions withDropInvalid(boolean value) {
    return new LoadOptions(columns, runKey, onDuplicate, value, format);
  }

  public LoadOptions withFormat(Format value) {
    return new LoadOptions(columns, runKey, onDuplicate, dropInvalid, value);
  }
}
