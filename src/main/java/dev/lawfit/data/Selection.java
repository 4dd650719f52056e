package dev.lawfit.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint selection applied to a dataset, recorded in every output so that a fit can be
 * reproduced. Absent settings are {@code null} or empty.
 *
 * @param families families kept; empty for all
 * @param where runs kept by the value of a column (a tag or run-level column); empty for all
 * @param finalOnly only each run's last checkpoint
 * @param dropEarlyTokens checkpoints at or below this many tokens were dropped
 * @param dropEarlyFraction checkpoints below this fraction of each run's length were dropped
 * @param minParams runs below this size were dropped
 * @param maxParams runs above this size were dropped
 * @param excludedRuns runs left out by id
 */
public record Selection(
    List<String> families,
    Map<String, String> where,
    boolean finalOnly,
    Double dropEarlyTokens,
    Double dropEarlyFraction,
    Double minParams,
    Double maxParams,
    List<String> excludedRuns) {

  public Selection {
    families = List.copyOf(families);
    where = Collections.unmodifiableMap(new LinkedHashMap<>(where));
    excludedRuns = List.copyOf(excludedRuns);
  }

  public static Selection none() {
    return new Selection(List.of(), Map.of(), false, null, null, null, null, List.of());
  }

  Selection withFamilies(List<String> value) {
    return new Selection(
        value,
        where,
        finalOnly,
        dropEarlyTokens,
        dropEarlyFraction,
        minParams,
        maxParams,
        excludedRuns);
  }

  Selection withWhere(String column, String value) {
    Map<String, String> all = new LinkedHashMap<>(where);
    all.put(column, value);
    return new Selection(
        families,
        all,
        finalOnly,
        dropEarlyTokens,
        dropEarlyFraction,
        minParams,
        maxParams,
        excludedRuns);
  }

  Selection withFinalOnly() {
    return new Selection(
        families,
        where,
        true,
        dropEarlyTokens,
        dropEarlyFraction,
        minParams,
        maxParams,
        excludedRuns);
  }

  Selection withDropEarlyTokens(double value) {
    return new Selection(
        families, where, finalOnly, value, dropEarlyFraction, minParams, maxParams, excludedRuns);
  }

  Selection withDropEarlyFraction(double value) {
    return new Selection(
        families, where, finalOnly, dropEarlyTokens, value, minParams, maxParams, excludedRuns);
  }

  Selection withParams(Double min, Double max) {
    return new Selection(
        families, where, finalOnly, dropEarlyTokens, dropEarlyFraction, min, max, excludedRuns);
  }

  Selection withExcluded(List<String> ids) {
    List<String> all = new ArrayList<>(excludedRuns);
    all.addAll(ids);
    return new Selection(
        families, where, finalOnly, dropEarlyTokens, dropEarlyFraction, minParams, maxParams, all);
  }
}
