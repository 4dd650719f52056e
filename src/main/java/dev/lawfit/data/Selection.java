package dev.lawfit.data;

import java.util.List;

/**
 * The checkpoint selection applied to a dataset, recorded in every output so that a fit can be
 * reproduced. Absent settings are {@code null} or empty.
 *
 * @param families families kept; empty for all
 * @param finalOnly only each run's last checkpoint
 * @param dropEarlyTokens checkpoints at or below this many tokens were dropped
 * @param dropEarlyFraction checkpoints below this fraction of each run's length were dropped
 * @param minParams runs below this size were dropped
 * @param maxParams runs above this size were dropped
 * @param excludedRuns runs left out by id
 */
public record Selection(
    List<String> families,
    boolean finalOnly,
    Double dropEarlyTokens,
    Double dropEarlyFraction,
    Double minParams,
    Double maxParams,
    List<String> excludedRuns) {

  public Selection {
    families = List.copyOf(families);
    excludedRuns = List.copyOf(excludedRuns);
  }

  public static Selection none() {
    return new Selection(List.of(), false, null, null, null, null, List.of());
  }
}
