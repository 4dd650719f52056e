package dev.lawfit.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Immutable runs loaded from logs, with where they came from and what loading did to them.
 *
 * <p>Every selection returns a new dataset and records itself in {@link #selection()}; the runs
 * keep the order in which they first appear in the input.
 *
 * @param runs the runs, each with at least one checkpoint
 * @param files the files read
 * @param columns canonical columns found in the input
 * @param tagColumns text columns that are not canonical (kept as run tags)
 * @param ignoredColumns numeric columns that are not canonical, not used
 * @param notes what loading derived or merged, one sentence each
 * @param dropped rows dropped, by reason
 * @param selection the selection applied so far
 * @param warnings what loading found suspicious but not wrong (a run whose size is far from every
 *     other run's), one sentence each, for commands to print
 * @param sources which header of the logs (or which derivation) feeds each canonical column, by
 *     canonical name in column order; several headers (files that name a column differently) are
 *     joined by {@code " | "}
 */
public record Dataset(
    List<Run> runs,
    List<SourceFile> files,
    List<String> columns,
    List<String> tagColumns,
    List<String> ignoredColumns,
    List<String> notes,
    List<DroppedRows> dropped,
    Selection selection,
    List<String> warnings,
    Map<String, String> sources) {

  public Dataset {
    warnings = List.copyOf(warnings);
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    runs = List.copyOf(runs);
    files = List.copyOf(files);
    columns = List.copyOf(columns);
    tagColumns = List.copyOf(tagColumns);
    ignoredColumns = List.copyOf(ignoredColumns);
    notes = List.copyOf(notes);
    dropped = List.copyOf(dropped);
  }

  /** A dataset without warnings. */
  public Dataset(
      List<Run> runs,
      List<SourceFile> files,
      List<String> columns,
      List<String> tagColumns,
      List<String> ignoredColumns,
      List<String> notes,
      List<DroppedRows> dropped,
      Selection selection) {
    this(
        runs,
        files,
        columns,
        tagColumns,
        ignoredColumns,
        notes,
        dropped,
        selection,
        List.of(),
        Map.of());
  }

  /** Total checkpoints over all runs. */
  public long checkpointCount() {
    long n = 0;
    for (Run run : runs) {
      n += run.checkpoints().size();
    }
    return n;
  }

  /** Families in order of first appearance. */
  public List<String> families() {
    Set<String> seen = new java.util.LinkedHashSet<>();
    for (Run run : runs) {
      seen.add(run.family());
    }
    return List.copyOf(seen);
  }

  /** Whether a canonical column was present in the input. */
  public boolean has(Column column) {
    return columns.contains(column.canonical());
  }

  private Dataset with(List<Run> kept, Selection applied) {
    return new Dataset(
        kept,
        files,
        columns,
        tagColumns,
        ignoredColumns,
        notes,
        dropped,
        applied,
        warnings,
        sources);
  }

  private Dataset mapRuns(UnaryOperator<Checkpoints> select, Selection applied) {
    List<Run> kept = new ArrayList<>(runs.size());
    for (Run run : runs) {
      Checkpoints selected = select.apply(run.checkpoints());
      if (!selected.isEmpty()) {
        kept.add(selected == run.checkpoints() ? run : run.withCheckpoints(selected));
      }
    }
    return with(kept, applied);
  }

  /** Only the runs of these families; an empty collection keeps everything. */
  public Dataset families(Collection<String> names) {
    if (names.isEmpty()) {
      return this;
    }
    Set<String> wanted = new HashSet<>(names);
    List<Run> kept = runs.stream().filter(r -> wanted.contains(r.family())).toList();
    return with(kept, selection.withFamilies(List.copyOf(names)));
  }

  /** Each run's last checkpoint only (for final-loss fits). */
  public Dataset finalOnly() {
    return mapRuns(c -> c.range(c.size() - 1, c.size()), selection.withFinalOnly());
  }

  /**
   * Drops checkpoints at or below {@code tokens} tokens (the Hitchhiker's guide, Choshen et al.
   * 2024, arXiv 2410.11840, drops those at or below 1e10). Runs left with none disappear.
   */
  public Dataset dropEarlyTokens(double tokens) {
    return mapRuns(
        c -> c.range(c.firstAbove(tokens), c.size()), selection.withDropEarlyTokens(tokens));
  }

  /** Drops checkpoints below {@code fraction} of each run's final token count. */
  public Dataset dropEarlyFraction(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in [0, 1): " + fraction);
    }
    return mapRuns(
        c -> {
          double cut = fraction * c.maxTokens();
          int first = 0;
          while (first < c.size() && c.tokens(first) < cut) {
            first++;
          }
          return c.range(first, c.size());
        },
        selection.withDropEarlyFraction(fraction));
  }

  /**
   * Runs whose size N lies in [min, max]; either bound may be {@code null}. Runs without a logged
   * size are dropped when a bound is given.
   */
  public Dataset paramsBetween(Double min, Double max) {
    if (min == null && max == null) {
      return this;
    }
    List<Run> kept =
        runs.stream()
            .filter(r -> !Double.isNaN(r.params()))
            .filter(r -> min == null || r.params() >= min)
            .filter(r -> max == null || r.params() <= max)
            .toList();
    return with(kept, selection.withParams(min, max));
  }

  /** All runs but these; ids that match no run are ignored here (the CLI warns about them). */
  public Dataset excludeRuns(Collection<String> ids) {
    if (ids.isEmpty()) {
      return this;
    }
    Set<String> drop = new HashSet<>(ids);
    List<Run> kept = runs.stream().filter(r -> !drop.contains(r.id())).toList();
    return with(kept, selection.withExcluded(List.copyOf(ids)));
  }

  /** Only the runs whose value of {@code column} (a run-level column or tag) is {@code value}. */
  public Dataset where(String column, String value) {
    boolean numeric = Column.isRunLevelNumber(column);
    List<Run> kept = runs.stream().filter(r -> matches(r.column(column), value, numeric)).toList();
    return with(kept, selection.withWhere(column, value));
  }

  private static boolean matches(String actual, String wanted, boolean numeric) {
    if (actual == null) {
      return false;
    }
    if (numeric) {
      try {
        return Numbers.parse(actual) == Numbers.parse(wanted);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return actual.equals(wanted);
  }

  /**
   * Splits the runs by the value of a column (canonical run-level column or tag), in order of first
   * appearance; runs without a value go to the key {@code "(none)"}.
   */
  public Map<String, Dataset> groupBy(String column) {
    Map<String, List<Run>> groups = new LinkedHashMap<>();
    for (Run run : runs) {
      String key = run.column(column);
      groups.computeIfAbsent(key == null ? "(none)" : key, k -> new ArrayList<>()).add(run);
    }
    Map<String, Dataset> out = new LinkedHashMap<>();
    groups.forEach((key, members) -> out.put(key, with(members, selection)));
    return Collections.unmodifiableMap(out);
  }

  /** Whether a run-level column or tag of this name exists, for validating {@code --group-by}. */
  public boolean hasGroupColumn(String column) {
    return switch (column) {
      case "run", "family" -> true;
      default ->
          Column.isRunLevelNumber(column) ? columns.contains(column) : tagColumns.contains(column);
    };
  }
}
