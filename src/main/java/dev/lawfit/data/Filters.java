package dev.lawfit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checkpoint selection a user asks for, applied to a loaded dataset. Every name it holds
 * (family, run, column, value) must exist in the dataset: a misspelt one is an error that lists
 * what exists, never an empty or unfiltered result.
 *
 * @param families families kept; empty for all
 * @param where runs kept by the value of a text column or run-level number; all must hold
 * @param finalOnly each run's last checkpoint only
 * @param dropEarlyTokens checkpoints at or below this many tokens are dropped, or {@code null}
 * @param dropEarlyFraction checkpoints below this fraction of each run's tokens are dropped, or
 *     {@code null}
 * @param minParams runs below this size are dropped, or {@code null}
 * @param maxParams runs above this size are dropped, or {@code null}
 * @param excludeRuns runs left out by id
 */
public record Filters(
    List<String> families,
    Map<String, String> where,
    boolean finalOnly,
    Double dropEarlyTokens,
    Double dropEarlyFraction,
    Double minParams,
    Double maxParams,
    List<String> excludeRuns) {

  public Filters {
    families = List.copyOf(families);
    where = Map.copyOf(where);
    excludeRuns = List.copyOf(excludeRuns);
  }

  /**
   * The selection applied to {@code all}.
   *
   * @param groupBy the column the caller will group by, checked here too; {@code null} for none
   * @throws InputException naming the option and what exists, when a name matches nothing
   */
  public Dataset apply(Dataset all, String groupBy) throws InputException {
    for (String family : families) {
      if (!all.families().contains(family)) {
        throw new InputException(
            "--family "
                + family
                + ": no such family; families are "
                + String.join(", ", all.families()));
      }
    }
    for (String run : excludeRuns) {
      if (all.runs().stream().noneMatch(r -> r.id().equals(run))) {
        throw new InputException("--exclude-run " + run + ": no run has this id");
      }
    }
    if (groupBy != null && !all.hasGroupColumn(groupBy)) {
      throw new InputException("--group-by " + groupBy + ": no such column" + columnsHint(all));
    }
    Dataset d = all.families(families);
    for (Map.Entry<String, String> w : new TreeMap<>(where).entrySet()) {
      if (!all.hasGroupColumn(w.getKey())) {
        throw new InputException(
            "--where " + w.getKey() + "=" + w.getValue() + ": no such column" + columnsHint(all));
      }
      Dataset kept = d.where(w.getKey(), w.getValue());
      if (kept.runs().isEmpty()) {
        Set<String> values = new TreeSet<>();
        d.runs()
            .forEach(
                r -> {
                  if (r.column(w.getKey()) != null) {
                    values.add(r.column(w.getKey()));
                  }
                });
        throw new InputException(
            "--where "
                + w.getKey()
                + "="
                + w.getValue()
                + ": no run has that value"
                + (values.isEmpty()
                    ? ""
                    : " (values: "
                        + String.join(", ", values.stream().limit(12).toList())
                        + (values.size() > 12 ? ", ..." : "")
                        + ")"));
      }
      d = kept;
    }
    d = d.excludeRuns(excludeRuns).paramsBetween(minParams, maxParams);
    if (dropEarlyTokens != null) {
      d = d.dropEarlyTokens(dropEarlyTokens);
    }
    if (dropEarlyFraction != null) {
      d = d.dropEarlyFraction(dropEarlyFraction);
    }
    if (finalOnly) {
      d = d.finalOnly();
    }
    return d;
  }

  /** The run-level columns a dataset can be grouped or filtered by, as a hint after an error. */
  private static String columnsHint(Dataset all) {
    List<String> usable = new ArrayList<>(List.of("family", "run"));
    all.columns().stream().filter(Column::isRunLevelNumber).forEach(usable::add);
    usable.addAll(all.tagColumns());
    return "; use " + String.join(", ", usable);
  }
}
