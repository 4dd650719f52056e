package dev.lawfit.cli;

import dev.lawfit.data.Column;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Format;
import dev.lawfit.data.InputException;
import dev.lawfit.data.Limits;
import dev.lawfit.data.LoadOptions;
import dev.lawfit.data.LogFiles;
import dev.lawfit.data.LogLoader;
import dev.lawfit.data.OnDuplicate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of every command that reads run logs: the files, how to read them and which
 * checkpoints to keep.
 */
public final class LogInput {

  @Parameters(paramLabel = "LOGS", arity = "1..*",
      description = "Run logs: .csv, .tsv, .jsonl or .json, each optionally .gz, one row per evaluated checkpoint; "
          + "a folder stands for every log below it; '-' reads standard input (as --input-format says, else CSV).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--column", paramLabel = "CANONICAL=YOURS",
      description = "Read a canonical column (run, family, params, tokens, loss, step, lr, batch_size, flops, seed) "
          + "from your column of another name; repeatable.")
  Map<String, String> columns = new LinkedHashMap<>();

  @Option(names = "--run-key", split = ",", paramLabel = "COLUMN",
      description = "Without a 'run' column, the columns whose values identify a run "
          + "(default: every text column, with params, lr, batch_size and seed).")
  List<String> runKey = new ArrayList<>();

  @Option(names = "--on-duplicate", paramLabel = "POLICY", defaultValue = "error", completionCandidates = EnumValues.DuplicatePolicies.class,
      description = "Two rows of one run at the same tokens: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OnDuplicate onDuplicate = OnDuplicate.ERROR;

  @Option(names = "--drop-invalid",
      description = "Drop rows with missing, NaN, infinite or non-positive values instead of failing; the count is reported.")
  boolean dropInvalid;

  @Option(names = "--input-format", paramLabel = "LOG_FORMAT", completionCandidates = EnumValues.LogFormats.class,
      description = "Read every file as ${COMPLETION-CANDIDATES} instead of going by its extension.")
  Format inputFormat;

  @Option(names = "--limit", paramLabel = "NAME=VALUE",
      description = "Raise (or lower) a cap on each input file: value-length (characters, default 1048576), columns (10000), "
          + "rows (10000000), decompressed-bytes (per .gz file, 256M), pipe-wait (seconds to wait for a writer on a named pipe, 10); "
          + "VALUE takes a k, M, G or T suffix; repeatable.")
  Map<String, String> limits = new LinkedHashMap<>();

  @Option(names = "--family", paramLabel = "NAME", description = "Keep only this family; repeatable.")
  List<String> families = new ArrayList<>();

  @Option(names = "--where", paramLabel = "COLUMN=VALUE",
      description = "Keep only runs with this value of a text column or of params, lr, batch_size, seed; repeatable (all must hold).")
  Map<String, String> where = new LinkedHashMap<>();

  @Option(names = "--final-only", description = "Keep only each run's last checkpoint.")
  boolean finalOnly;

  @Option(names = "--drop-early-tokens", paramLabel = "T",
      description = "Drop checkpoints at or below T tokens (e.g. 1e10).")
  Double dropEarlyTokens;

  @Option(names = "--drop-early-fraction", paramLabel = "F",
      description = "Drop checkpoints below fraction F of each run's final tokens (e.g. 0.1).")
  Double dropEarlyFraction;

  @Option(names = "--min-params", paramLabel = "N", description = "Keep runs with at least N parameters.")
  Double minParams;

  @Option(names = "--max-params", paramLabel = "N", description = "Keep runs with at most N parameters.")
  Double maxParams;

  @Option(names = "--exclude-run", paramLabel = "ID", description = "Leave this run out; repeatable.")
  List<String> excludeRuns = new ArrayList<>();

  @Option(names = "--group-by", paramLabel = "COLUMN",
      description = "Treat each value of this column (family, run, params, lr, batch_size, seed or a text column) as its own group.")
  String groupBy;

  /** What the user asked for, as an immutable value. */
  public record Request(List<Path> files, LoadOptions load, Filters filters, String groupBy) {}

  /** The checkpoint selection asked for. */
  public record Filters(List<String> families, Map<String, String> where, boolean finalOnly, Double dropEarlyTokens, Double dropEarlyFraction,
      Double minParams, Double maxParams, List<String> excludeRuns) {}

  /** Checks the options and freezes them. */
  public Request request() {
    Map<Column, String> mapping = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : columns.entrySet()) {
      Column c = Column.byCanonical(e.getKey()).orElseThrow(() -> UserException.badInput(
          "--column " + e.getKey() + "=" + e.getValue() + ": '" + e.getKey() + "' is not a canonical column ("
              + String.join(", ", java.util.Arrays.stream(Column.values()).map(Column::canonical).toList()) + ")"));
      mapping.put(c, e.getValue());
    }
    if (dropEarlyFraction != null && !(dropEarlyFraction >= 0 && dropEarlyFraction < 1)) {
      throw UserException.badInput("--drop-early-fraction must be in [0, 1), got " + dropEarlyFraction);
    }
    if (dropEarlyTokens != null && !(dropEarlyTokens >= 0)) {
      throw UserException.badInput("--drop-early-tokens must be a token count >= 0, got " + dropEarlyTokens);
    }
    if (minParams != null && maxParams != null && minParams > maxParams) {
      throw UserException.badInput("--min-params " + minParams + " is above --max-params " + maxParams);
    }
    Limits caps = Limits.DEFAULTS;
    for (Map.Entry<String, String> e : limits.entrySet()) {
      try {
        caps = caps.with(e.getKey(), e.getValue());
      } catch (IllegalArgumentException x) {
        throw UserException.badInput("--limit " + e.getKey() + "=" + e.getValue() + ": " + x.getMessage());
      }
    }
    LoadOptions load = new LoadOptions(mapping, runKey, onDuplicate, dropInvalid, inputFormat).withLimits(caps);
    Filters filters = new Filters(families, Map.copyOf(where), finalOnly, dropEarlyTokens, dropEarlyFraction, minParams, maxParams, excludeRuns);
    return new Request(files, load, filters, groupBy);
  }

  /** The run-level columns a dataset can be grouped or filtered by, as a hint after an error. */
  private static String columnsHint(Dataset all) {
    List<String> usable = new ArrayList<>(List.of("family", "run"));
    all.columns().stream().filter(Column::isRunLevelNumber).forEach(usable::add);
    usable.addAll(all.tagColumns());
    return "; use " + String.join(", ", usable);
  }

  /** How the logs were read, as recorded in fit documents. */
  public static dev.lawfit.report.FitDocument.Load record(LoadOptions load) {
    Map<String, String> mapping = new java.util.TreeMap<>();
    load.columns().forEach((c, theirs) -> mapping.put(c.canonical(), theirs));
    return new dev.lawfit.report.FitDocument.Load(mapping, load.runKey(),
        load.onDuplicate().name().toLowerCase(java.util.Locale.ROOT), load.dropInvalid());
  }

  /**
   * Loads the logs and applies the selection; problems with the selection are user errors. What
   * loading warns about is printed on stderr (not under -q).
   */
  public static Dataset load(Request request, picocli.CommandLine.Model.CommandSpec spec) throws InputException {
    Dataset all = new LogLoader(request.load()).load(LogFiles.expand(request.files()));
    Commands.warn(spec, all.warnings(), "");
    Filters f = request.filters();
    for (String family : f.families()) {
      if (!all.families().contains(family)) {
        throw UserException.badInput("--family " + family + ": no such family; families are " + String.join(", ", all.families()));
      }
    }
    for (String run : f.excludeRuns()) {
      if (all.runs().stream().noneMatch(r -> r.id().equals(run))) {
        throw UserException.badInput("--exclude-run " + run + ": no run has this id");
      }
    }
    if (request.groupBy() != null && !all.hasGroupColumn(request.groupBy())) {
      throw UserException.badInput("--group-by " + request.groupBy() + ": no such column" + columnsHint(all));
    }
    Dataset d = all.families(f.families());
    for (Map.Entry<String, String> w : new java.util.TreeMap<>(f.where()).entrySet()) {
      if (!all.hasGroupColumn(w.getKey())) {
        throw UserException.badInput("--where " + w.getKey() + "=" + w.getValue() + ": no such column" + columnsHint(all));
      }
      Dataset kept = d.where(w.getKey(), w.getValue());
      if (kept.runs().isEmpty()) {
        java.util.Set<String> values = new java.util.TreeSet<>();
        d.runs().forEach(r -> { if (r.column(w.getKey()) != null) { values.add(r.column(w.getKey())); } });
        throw UserException.badInput("--where " + w.getKey() + "=" + w.getValue() + ": no run has that value"
            + (values.isEmpty() ? "" : " (values: " + String.join(", ", values.stream().limit(12).toList())
                + (values.size() > 12 ? ", ..." : "") + ")"));
      }
      d = kept;
    }
    d = d.excludeRuns(f.excludeRuns()).paramsBetween(f.minParams(), f.maxParams());
    if (f.dropEarlyTokens() != null) {
      d = d.dropEarlyTokens(f.dropEarlyTokens());
    }
    if (f.dropEarlyFraction() != null) {
      d = d.dropEarlyFraction(f.dropEarlyFraction());
    }
    if (f.finalOnly()) {
      d = d.finalOnly();
    }
    return d;
  }
}
