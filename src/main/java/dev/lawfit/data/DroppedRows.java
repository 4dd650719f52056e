package dev.lawfit.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows left out while loading, for one reason.
 *
 * @param reason why, e.g. {@code "loss is NaN"}
 * @param count how many rows
 * @param byRun how many rows of each run, in order of first appearance
 */
public record DroppedRows(String reason, long count, Map<String, Long> byRun) {
  public DroppedRows {
    byRun = Collections.unmodifiableMap(new LinkedHashMap<>(byRun));
  }
}
