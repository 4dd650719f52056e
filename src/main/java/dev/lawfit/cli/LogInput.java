package dev.lawfit.cli;

import dev.lawfit.data.Column;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Filters;
import dev.lawfit.data.Format;
import dev.lawfit.data.InputException;
import dev.lawfit.data.Limits;
import dev.lawfit.data.LoadOptions;
import dev.lawfit.data.LogFiles;
import dev.lawfit.data.LogLoader;
import dev.lawfit.data.LossUnit;
import dev.lawfit.data.OnDuplicate;
import dev.lawfit.data.PooledCurves;
import dev.lawfit.report.FitDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options of every command that reads run logs, in two groups: how to read the files, and which
 * runs and checkpoints to keep. Reading and selecting themselves happen in {@code data}.
 */
public final class LogInput {

  @Parameters(
      paramLabel = "LOGS",
      arity = "1..*",
      description =
          "Run logs: .csv, .tsv, .jsonl or .json, each optionally .gz, one row per evaluated checkpoint; "
              + "a folder stands for every log below it; '-' reads standard input (as --input-format says, else CSV).")
  List<Path> files = new ArrayList<>();

  @ArgGroup(validate = false, heading = "%nReading logs:%n", order = 1)
  Reading reading = new Reading();

  @ArgGroup(validate = false, heading = "%nSelecting runs and checkpoints:%n", order = 2)
  Selecting selecting = new Selecting();

  /** How files are read and mapped to lawfit's columns. */
  static final class Reading {
    @Option(
        names = "--column",
        paramLabel = "CANONICAL=YOURS",
        order = 1,
        description =
            "Read a canonical column (run, family, params, tokens, loss, step, lr, batch_size, flops, seed) "
                + "from your column of another name (a dotted path such as config.model.n_params reaches into nested JSON); "
                + "repeatable.")
    Map<String, String> columns = new LinkedHashMap<>();

    @Option(
        names = "--loss-unit",
        paramLabel = "UNIT",
        defaultValue = "nats",
        order = 2,
        completionCandidates = EnumValues.LossUnits.class,
        description =
            "The unit of the logged loss, converted to nats on load: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    LossUnit lossUnit = LossUnit.NATS;

    @Option(
        names = "--tokens-per-step",
        paramLabel = "N",
        order = 3,
        description = "Without a tokens column: tokens = step x N.")
    Double tokensPerStep;

    @Option(
        names = "--seq-len",
        paramLabel = "L",
        order = 4,
        description =
            "The batch size counts sequences of L tokens: batch_size is read as batch_size x L tokens "
                + "(and tokens, when derived, as step x batch_size x L).")
    Double seqLen;

    @Option(
        names = "--runs",
        paramLabel = "RUNS.csv",
        order = 5,
        description =
            "A run table: a 'run' column and any of params, lr, batch_size, family, seed, joined to the logs' "
                + "runs by name (for exports that lack them, such as TensorBoard or a tracker's chart).")
    Path runs;

    @Option(
        names = "--delimiter",
        paramLabel = "CHAR",
        order = 6,
        description =
            "The separator of CSV files: , ; | or tab (default: the one the header line uses most).")
    String delimiter;

    @Option(
        names = "--run-key",
        split = ",",
        paramLabel = "COLUMN",
        order = 7,
        description =
            "Without a 'run' column, the columns whose values identify a run "
                + "(default: every text column, with params, lr, batch_size and seed).")
    List<String> runKey = new ArrayList<>();

    @Option(
        names = "--on-duplicate",
        paramLabel = "POLICY",
        defaultValue = "error",
        order = 8,
        completionCandidates = EnumValues.DuplicatePolicies.class,
        description =
            "Two rows of one run at the same tokens: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OnDuplicate onDuplicate = OnDuplicate.ERROR;

    @Option(
        names = "--drop-invalid",
        order = 9,
        description =
            "Drop rows with missing, NaN, infinite or non-positive values instead of failing; the count is reported.")
    boolean dropInvalid;

    @Option(
        names = "--input-format",
        paramLabel = "LOG_FORMAT",
        order = 10,
        completionCandidates = EnumValues.LogFormats.class,
        description =
            "Read every file as ${COMPLETION-CANDIDATES} instead of going by its extension.")
    Format inputFormat;

    @Option(
        names = "--limit",
        paramLabel = "NAME=VALUE",
        order = 11,
        description =
            "Raise (or lower) a cap on each input file: value-length (characters, default 1048576), columns (10000), "
                + "rows (10000000), decompressed-bytes (per .gz file, 256M), pipe-wait (seconds to wait for a writer on a named pipe, 10); "
                + "VALUE takes a k, M, G or T suffix; repeatable.")
    Map<String, String> limits = new LinkedHashMap<>();
  }

  /** Which runs and checkpoints are kept, and how they are grouped. */
  static final class Selecting {
    @Option(
        names = "--family",
        paramLabel = "NAME",
        order = 20,
        description = "Keep only this family; repeatable.")
    List<String> families = new ArrayList<>();

    @Option(
        names = "--where",
        paramLabel = "COLUMN=VALUE",
        order = 21,
        description =
            "Keep only runs with this value of a text column or of params, lr, batch_size, seed; repeatable (all must hold).")
    Map<String, String> where = new LinkedHashMap<>();

    @Option(
        names = "--final-only",
        order = 22,
        description = "Keep only each run's last checkpoint.")
    boolean finalOnly;

    @Option(
        names = "--drop-early-tokens",
        paramLabel = "T",
        order = 23,
        description = "Drop checkpoints at or below T tokens (e.g. 1e10).")
    Double dropEarlyTokens;

    @Option(
        names = "--drop-early-fraction",
        paramLabel = "F",
        order = 24,
        description = "Drop checkpoints below fraction F of each run's final tokens (e.g. 0.1).")
    Double dropEarlyFraction;

    @Option(
        names = "--min-params",
        paramLabel = "N",
        order = 25,
        description = "Keep runs with at least N parameters.")
    Double minParams;

    @Option(
        names = "--max-params",
        paramLabel = "N",
        order = 26,
        description = "Keep runs with at most N parameters.")
    Double maxParams;

    @Option(
        names = "--exclude-run",
        paramLabel = "ID",
        order = 27,
        description = "Leave this run out; repeatable.")
    List<String> excludeRuns = new ArrayList<>();

    @Option(
        names = "--group-by",
        paramLabel = "COLUMN",
        order = 28,
        description =
            "Treat each value of this column (family, run, params, lr, batch_size, seed or a text column) as its own group.")
    String groupBy;
  }

  /** What the user asked for, as an immutable value. */
  public record Request(List<Path> files, LoadOptions load, Filters filters, String groupBy) {}

  /** Checks the options and freezes them. */
  public Request request() {
    Reading r = reading;
    Selecting f = selecting;
    Map<Column, String> mapping = columns(r.columns);
    if (f.dropEarlyFraction != null && !(f.dropEarlyFraction >= 0 && f.dropEarlyFraction < 1)) {
      throw UserException.badInput(
          "--drop-early-fraction must be in [0, 1), got " + f.dropEarlyFraction);
    }
    if (f.dropEarlyTokens != null && !(f.dropEarlyTokens >= 0)) {
      throw UserException.badInput(
          "--drop-early-tokens must be a token count >= 0, got " + f.dropEarlyTokens);
    }
    if (f.minParams != null && f.maxParams != null && f.minParams > f.maxParams) {
      throw UserException.badInput(
          "--min-params " + f.minParams + " is above --max-params " + f.maxParams);
    }
    for (var count :
        new Object[][] {{"--tokens-per-step", r.tokensPerStep}, {"--seq-len", r.seqLen}}) {
      Double v = (Double) count[1];
      if (v != null && !(v > 0 && v < Double.POSITIVE_INFINITY)) {
        throw UserException.badInput(count[0] + " must be a positive number of tokens, got " + v);
      }
    }
    if (r.tokensPerStep != null && r.seqLen != null) {
      throw UserException.badInput(
          "--tokens-per-step and --seq-len both say how many tokens a step holds: give one");
    }
    Limits caps = Limits.DEFAULTS;
    for (Map.Entry<String, String> e : r.limits.entrySet()) {
      try {
        caps = caps.with(e.getKey(), e.getValue());
      } catch (IllegalArgumentException x) {
        throw UserException.badInput(
            "--limit " + e.getKey() + "=" + e.getValue() + ": " + x.getMessage());
      }
    }
    LoadOptions load =
        new LoadOptions(mapping, r.runKey, r.onDuplicate, r.dropInvalid, r.inputFormat)
            .withLimits(caps)
            .withLossUnit(r.lossUnit)
            .withSteps(r.tokensPerStep, r.seqLen)
            .withDelimiter(delimiter(r.delimiter))
            .withRuns(r.runs);
    Filters filters =
        new Filters(
            f.families,
            f.where,
            f.finalOnly,
            f.dropEarlyTokens,
            f.dropEarlyFraction,
            f.minParams,
            f.maxParams,
            f.excludeRuns);
    return new Request(files, load, filters, f.groupBy);
  }

  /** What {@code --column CANONICAL=YOURS} options map, checked. */
  static Map<Column, String> columns(Map<String, String> typed) {
    Map<Column, String> mapping = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : typed.entrySet()) {
      Column c =
          Column.byCanonical(e.getKey())
              .orElseThrow(
                  () ->
                      UserException.badInput(
                          "--column "
                              + e.getKey()
                              + "="
                              + e.getValue()
                              + ": '"
                              + e.getKey()
                              + "' is not a canonical column ("
                              + String.join(
                                  ", ",
                                  java.util.Arrays.stream(Column.values())
                                      .map(Column::canonical)
                                      .toList())
                              + ")"));
      mapping.put(c, e.getValue());
    }
    return mapping;
  }

  private static Character delimiter(String text) {
    if (text == null) {
      return null;
    }
    return switch (text) {
      case ",", ";", "|" -> text.charAt(0);
      case "\t", "\\t", "tab", "TAB" -> '\t'; // a tab as typed, or written out
      default -> throw UserException.badInput("--delimiter " + text + ": use , ; | or tab");
    };
  }

  /**
   * How the logs were read, as recorded in documents: the options, and which header fed each
   * column.
   */
  public static FitDocument.Load record(LoadOptions load, Dataset dataset) {
    Map<String, String> mapping = new LinkedHashMap<>(dataset.sources());
    load.columns().forEach((c, theirs) -> mapping.putIfAbsent(c.canonical(), theirs));
    return new FitDocument.Load(
        mapping,
        load.runKey(),
        load.onDuplicate().name().toLowerCase(java.util.Locale.ROOT),
        load.dropInvalid(),
        load.lossUnit().label(),
        load.tokensPerStep(),
        load.seqLen(),
        load.runs() == null ? null : load.runs().toString());
  }

  /**
   * Loads the logs and applies the selection. What loading warns about, and curves pooled in one
   * group that should not be, are printed on stderr (not under -q).
   */
  public static Dataset load(Request request, picocli.CommandLine.Model.CommandSpec spec)
      throws InputException {
    Dataset all = new LogLoader(request.load()).load(LogFiles.expand(request.files()));
    Commands.warn(spec, all.warnings(), "");
    Dataset selected = request.filters().apply(all, request.groupBy());
    Commands.warn(spec, PooledCurves.warnings(selected, request.groupBy()), "");
    return selected;
  }
}
