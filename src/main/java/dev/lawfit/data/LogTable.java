package dev.lawfit.data;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rows of every log file being loaded, column-wise, and their assembly into runs.
 *
 * <p>Loading has two phases. {@link #forFile} returns the sink of one file ({@link FileRows}:
 * header mapping, parsing and row validation), which appends to the columns held here. Once every
 * file is read, {@link #build} rejects or drops unusable rows, identifies runs ({@link RunIds}) and
 * assembles each ({@link RunAssembly}, {@link Duplicates}), and says what loading read, derived and
 * suspects.
 */
final class LogTable implements LogLoader.Target {
  static final String MISSING = "";

  final LoadOptions options;

  // One entry per row, across files.
  final IntColumn file = new IntColumn();
  final IntColumn line = new IntColumn();
  final IntColumn run = new IntColumn();
  final IntColumn family = new IntColumn();
  final EnumMap<Column, DoubleColumn> numbers = new EnumMap<>(Column.class);
  // Columns that are not canonical ("extras"), by id in order of first appearance. Their values
  // are stored per row, only where present (compressed sparse rows): the row's entries, sorted by
  // column id, are extraColumn/extraCode[extraStart[row] .. extraStart[row + 1]).
  final Map<String, Integer> extras = new LinkedHashMap<>();
  final List<Dictionary> extraValues = new ArrayList<>();

  /**
   * Per extra column, while every value so far is a number and --run-key does not name it: the
   * values, a row's code being an index here (codes are not interned: such a column is neither a
   * tag nor part of a default run key, so only a later text value needs them, see {@link
   * #promote}); {@code null} for a column whose codes index {@link #extraValues}.
   */
  final List<DoubleColumn> extraNumbers = new ArrayList<>();

  final BitSet extraIsText = new BitSet();
  final IntColumn extraStart = new IntColumn();
  final IntColumn extraColumn = new IntColumn();
  final IntColumn extraCode = new IntColumn();
  long[] entryBuffer = new long[16];
  final Dictionary runIds = new Dictionary();
  final Dictionary families = new Dictionary();
  int rows;

  final List<String> fileNames = new ArrayList<>();
  final List<Boolean> fileHasRun = new ArrayList<>();
  final Set<String> columnsFound = new LinkedHashSet<>();
  final Set<String> mappedHeadersSeen = new java.util.HashSet<>();

  /** Which of several loss-like columns each file's loss was read from, said as a warning. */
  final List<String> lossChoices = new ArrayList<>();

  /** Rows whose tokens were derived, by how. */
  final Map<String, Long> derivedTokens = new LinkedHashMap<>();

  /** Which header (or derivation) feeds each canonical column, over all files. */
  final EnumMap<Column, Set<String>> sources = new EnumMap<>(Column.class);

  /** Loss columns whose name says bits or perplexity while the unit is nats. */
  final List<String> unitHints = new ArrayList<>();

  double lowestLoss = Double.POSITIVE_INFINITY;
  final RunTable runTable;

  /** How a file's tokens are had; README, "Input: run logs", gives the order. */
  enum TokenRule {
    COLUMN,
    PER_STEP,
    FLOPS,
    STEP_BATCH;

    String describe(LoadOptions options) {
      return switch (this) {
        case COLUMN -> "tokens";
        case PER_STEP ->
            "step x " + Numbers.format(options.tokensPerStep()) + " (--tokens-per-step)";
        case FLOPS -> "flops / (6 params)";
        case STEP_BATCH ->
            options.seqLen() == null
                ? "step x batch_size"
                : "step x batch_size x " + Numbers.format(options.seqLen()) + " (--seq-len)";
      };
    }
  }

  void source(Column column, String from) {
    sources.computeIfAbsent(column, c -> new LinkedHashSet<>()).add(from);
  }

  /** Unusable values: the first one of each row, in row order. */
  record Problem(int row, int column, String reason) {}

  final List<Problem> problems = new ArrayList<>();
  final BitSet problemRows = new BitSet();

  LogTable(LoadOptions options, RunTable runTable) {
    this.options = options;
    this.runTable = runTable;
    for (Column c : Column.values()) {
      if (c.numeric()) {
        numbers.put(c, new DoubleColumn());
      }
    }
  }

  @Override
  public int rows() {
    return rows;
  }

  /** The sink for the next file; rows it receives are appended to this table. */
  @Override
  public RowSink forFile(String name) {
    int index = fileNames.size();
    fileNames.add(name);
    fileHasRun.add(false);
    return new FileRows(this, index, name);
  }

  /** Stores a row's extra entries (column id << 32 | code), sorted by column id. */
  void addEntries(int n) {
    extraStart.add(extraColumn.size());
    boolean sorted = true;
    for (int k = 1; k < n && sorted; k++) {
      sorted = entryBuffer[k - 1] < entryBuffer[k];
    }
    if (!sorted) {
      java.util.Arrays.sort(entryBuffer, 0, n);
    }
    for (int k = 0; k < n; k++) {
      extraColumn.add((int) (entryBuffer[k] >>> 32));
      extraCode.add((int) entryBuffer[k]);
    }
  }

  /**
   * Makes an extra column of numbers a text column, once its first value that is not a number
   * arrives: the numbers stored so far are interned as text ({@link Numbers#format}) and the codes
   * of the rows read so far rewritten, so tags and run keys see every row.
   */
  void promote(int id) {
    DoubleColumn values = extraNumbers.get(id);
    Dictionary dictionary = extraValues.get(id);
    int[] remap = new int[values.size()];
    for (int k = 0; k < remap.length; k++) {
      remap[k] = dictionary.code(Numbers.format(values.get(k)));
    }
    for (int e = 0; e < extraColumn.size(); e++) {
      if (extraColumn.get(e) == id) {
        extraCode.set(e, remap[extraCode.get(e)]);
      }
    }
    // The row being read holds no entry of this column yet: a column has one value per row.
    extraNumbers.set(id, null);
    extraIsText.set(id);
  }

  /** The code of extra column {@code id} in {@code row}, or -1 where the row has no value. */
  int extraCode(int row, int id) {
    int lo = extraStart.get(row);
    int hi = row + 1 < rows ? extraStart.get(row + 1) : extraColumn.size();
    hi--;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = extraColumn.get(mid);
      if (c < id) {
        lo = mid + 1;
      } else if (c > id) {
        hi = mid - 1;
      } else {
        return extraCode.get(mid);
      }
    }
    return -1;
  }

  String where(int row) {
    return fileNames.get(file.get(row)) + ":" + line.get(row);
  }

  /** Assembles the loaded rows into runs. */
  Dataset build(List<SourceFile> sources) throws InputException {
    for (Map.Entry<Column, String> mapping : options.columns().entrySet()) {
      if (!mappedHeadersSeen.contains(mapping.getKey().canonical())) {
        throw new MissingColumnException(mapping.getKey().canonical(), mapping.getValue());
      }
    }
    List<String> textColumns = new ArrayList<>();
    List<String> numericColumns = new ArrayList<>();
    for (Map.Entry<String, Integer> e : extras.entrySet()) {
      (extraIsText.get(e.getValue()) ? textColumns : numericColumns).add(e.getKey());
    }
    if (!problems.isEmpty() && !options.dropInvalid()) {
      Problem p = problems.get(0);
      String more =
          problems.size() > 1 ? " (and " + (problems.size() - 1) + " more rows like it)" : "";
      throw new InputException(
          fileNames.get(file.get(p.row)),
          line.get(p.row),
          p.column,
          p.reason + more + "; pass --drop-invalid to drop such rows");
    }

    RunIds keys = new RunIds(this, textColumns);
    RunAssembly assembly = new RunAssembly(this);
    int[] runOf = keys.assign();
    List<String> ids = keys.ids();

    List<DroppedRows> dropped = new ArrayList<>();
    if (!problems.isEmpty()) {
      Map<String, Map<String, Long>> byReason = new LinkedHashMap<>();
      for (Problem p : problems) {
        byReason
            .computeIfAbsent(p.reason, k -> new LinkedHashMap<>())
            .merge(ids.get(runOf[p.row]), 1L, Long::sum);
      }
      byReason.forEach(
          (reason, byRun) ->
              dropped.add(
                  new DroppedRows(
                      reason, byRun.values().stream().mapToLong(Long::longValue).sum(), byRun)));
    }

    // Rows of each run, contiguous, in input order (a counting sort by run).
    int runCount = ids.size();
    int[] start = new int[runCount + 1];
    for (int r = 0; r < rows; r++) {
      if (!problemRows.get(r)) {
        start[runOf[r] + 1]++;
      }
    }
    for (int i = 0; i < runCount; i++) {
      start[i + 1] += start[i];
    }
    int[] order = new int[start[runCount]];
    int[] fill = start.clone();
    for (int r = 0; r < rows; r++) {
      if (!problemRows.get(r)) {
        order[fill[runOf[r]]++] = r;
      }
    }

    List<Run> runs = new ArrayList<>(runCount);
    long merged = 0;
    for (int k = 0; k < runCount; k++) {
      if (start[k] == start[k + 1]) {
        continue;
      }
      int[] members = java.util.Arrays.copyOfRange(order, start[k], start[k + 1]);
      RunAssembly.Assembled a = assembly.assemble(members, ids.get(k));
      merged += a.merged();
      runs.add(a.run());
    }

    if (runs.isEmpty()) {
      // Only --drop-invalid can empty a table: every reader rejects a file without rows.
      Problem p = problems.get(0);
      throw new InputException(
          fileNames.get(file.get(p.row)),
          line.get(p.row),
          p.column,
          "no usable rows: --drop-invalid dropped "
              + (rows == 1 ? "the only row" : "all " + rows + " rows")
              + " (this one: "
              + p.reason
              + ")");
    }
    List<String> notes = new ArrayList<>();
    derivedTokens.forEach(
        (how, n) -> notes.add("tokens derived as " + how + " for " + n + " rows"));
    if (merged > 0) {
      notes.add(
          merged
              + " duplicate rows resolved with --on-duplicate "
              + options.onDuplicate().name().toLowerCase(Locale.ROOT));
    }
    List<String> columns = new ArrayList<>();
    for (Column c : Column.values()) {
      if (columnsFound.contains(c.canonical())) {
        columns.add(c.canonical());
      }
    }
    List<String> warnings = new ArrayList<>(lossChoices);
    warnings.addAll(unitHints);
    if (unitHints.isEmpty()
        && options.lossUnit() == LossUnit.NATS
        && lowestLoss > PERPLEXITY_LIKE
        && lowestLoss < Double.POSITIVE_INFINITY) {
      warnings.add(
          "every loss is above "
              + (int) PERPLEXITY_LIKE
              + " (the lowest is "
              + Numbers.format(lowestLoss)
              + "): this looks like perplexity, not cross-entropy in nats; pass --loss-unit ppl to convert it");
    }
    if (derivedTokens.containsKey(TokenRule.STEP_BATCH.describe(options))
        && options.seqLen() == null) {
      warnings.add(
          "tokens derived as step x batch_size, reading batch_size as tokens per step; if it counts sequences, "
              + "pass --seq-len L (or --tokens-per-step N)");
    }
    warnings.addAll(IsolatedSizes.warnings(runs));
    Map<String, String> read = new LinkedHashMap<>();
    this.sources.forEach((c, from) -> read.put(c.canonical(), String.join(" | ", from)));
    return new Dataset(
        runs,
        sources,
        columns,
        textColumns,
        numericColumns,
        notes,
        dropped,
        Selection.none(),
        warnings,
        read);
  }

  static String stem(String path) {
    String name = java.nio.file.Path.of(path).getFileName().toString();
    for (String ext : List.of(".gz", ".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".json")) {
      if (name.toLowerCase(Locale.ROOT).endsWith(ext)) {
        name = name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }

  /**
   * Cross-entropy in nats stays below this for any sensible vocabulary (ln 50,000 is 10.8);
   * perplexity rarely does.
   */
  private static final double PERPLEXITY_LIKE = 15;
}
