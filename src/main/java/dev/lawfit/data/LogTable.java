package dev.lawfit.data;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rows of every log file being loaded, column-wise, and their assembly into runs.
 *
 * <p>Loading has two phases. {@link #forFile} returns the sink of one file: it maps the file's
 * header to canonical columns, parses numbers and notes unusable values as it goes. Once every
 * file is read, {@link #build} identifies runs, checks that run-level columns are constant within
 * a run, drops or rejects unusable rows, resolves duplicate checkpoints and sorts by tokens.
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
  final BitSet extraIsText = new BitSet();
  final IntColumn extraStart = new IntColumn();
  final IntColumn extraColumn = new IntColumn();
  final IntColumn extraCode = new IntColumn();
  private long[] entryBuffer = new long[16];
  final Dictionary runIds = new Dictionary();
  final Dictionary families = new Dictionary();
  int rows;

  final List<String> fileNames = new ArrayList<>();
  final List<Boolean> fileHasRun = new ArrayList<>();
  final Set<String> columnsFound = new LinkedHashSet<>();
  private final Set<String> mappedHeadersSeen = new java.util.HashSet<>();
  /** Which of several loss-like columns each file's loss was read from, said as a warning. */
  private final List<String> lossChoices = new ArrayList<>();
  /** Rows whose tokens were derived, by how. */
  private final Map<String, Long> derivedTokens = new LinkedHashMap<>();
  /** Which header (or derivation) feeds each canonical column, over all files. */
  private final EnumMap<Column, Set<String>> sources = new EnumMap<>(Column.class);
  /** Loss columns whose name says bits or perplexity while the unit is nats. */
  private final List<String> unitHints = new ArrayList<>();
  private double lowestLoss = Double.POSITIVE_INFINITY;
  private final RunTable runTable;

  /** How a file's tokens are had; README, "Input: run logs", gives the order. */
  private enum TokenRule {
    COLUMN, PER_STEP, FLOPS, STEP_BATCH;

    String describe(LoadOptions options) {
      return switch (this) {
        case COLUMN -> "tokens";
        case PER_STEP -> "step x " + Numbers.format(options.tokensPerStep()) + " (--tokens-per-step)";
        case FLOPS -> "flops / (6 params)";
        case STEP_BATCH -> options.seqLen() == null ? "step x batch_size"
            : "step x batch_size x " + Numbers.format(options.seqLen()) + " (--seq-len)";
      };
    }
  }

  private void source(Column column, String from) {
    sources.computeIfAbsent(column, c -> new LinkedHashSet<>()).add(from);
  }

  /** Unusable values: the first one of each row, in row order. */
  private record Problem(int row, int column, String reason) {}

  private final List<Problem> problems = new ArrayList<>();
  private final BitSet problemRows = new BitSet();

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
    return new FileSink(index, name);
  }

  private final class FileSink implements RowSink {
    private final int index;
    private final String name;
    private Column[] canonical;
    private int[] extra;
    private String[] lastText;
    private double[] lastValue;
    private HeaderMapping mapping;
    private Map<String, String> origins = Map.of();
    private TokenRule tokenRule;
    /** Run-level columns this file lacks and the run table supplies. */
    private final List<Column> fromRunTable = new ArrayList<>();
    private int lastRunCode = -1;
    private Map<Column, String> lastFacts;

    FileSink(int index, String name) {
      this.index = index;
      this.name = name;
    }

    @Override
    public void origins(Map<String, String> byHeader) {
      origins = Map.copyOf(byHeader);
    }

    @Override
    public void header(List<String> names) throws InputException {
      canonical = new Column[names.size()];
      extra = new int[names.size()];
      lastText = new String[names.size()];
      lastValue = new double[names.size()];
      mapping = HeaderMapping.of(name, names, options.columns());
      mapping.mappedByOption().forEach(c -> mappedHeadersSeen.add(c.canonical()));
      if (mapping.lossChoice() != null) {
        lossChoices.add(mapping.lossChoice());
      }
      for (int i = 0; i < names.size(); i++) {
        canonical[i] = mapping.canonical(i);
        if (canonical[i] == null) {
          Integer id = extras.get(names.get(i));
          if (id == null) {
            id = extras.size();
            extras.put(names.get(i), id);
            extraValues.add(new Dictionary());
          }
          extra[i] = id;
        }
      }
      if (!mapping.has(Column.LOSS)) {
        throw new InputException(name, 1, 0, missingColumn(Column.LOSS, names));
      }
      if (runTable != null) {
        if (!mapping.has(Column.RUN)) {
          throw new InputException(name, 1, 0, "--runs joins runs by name, and this file has no 'run' column: name it with "
              + "--column run=YOURS");
        }
        runTable.columns().stream().filter(c -> !mapping.has(c)).forEach(fromRunTable::add);
      }
      tokenRule = tokenRule(names);
      fileHasRun.set(index, mapping.has(Column.RUN));
      for (Column c : mapping.columns()) {
        columnsFound.add(c.canonical());
        String header = mapping.source(c);
        source(c, origins.getOrDefault(header, header));
      }
      for (Column c : fromRunTable) {
        columnsFound.add(c.canonical());
        source(c, runTable.name() + ": " + runTable.header(c));
      }
      if (tokenRule != TokenRule.COLUMN) {
        columnsFound.add(Column.TOKENS.canonical());
        source(Column.TOKENS, tokenRule.describe(options));
      }
      if (options.lossUnit() == LossUnit.NATS) {
        String loss = mapping.source(Column.LOSS).toLowerCase(Locale.ROOT);
        if (loss.contains("bits") || loss.contains("bpb") || loss.contains("bpc")) {
          unitHints.add(name + ": the loss column '" + mapping.source(Column.LOSS) + "' looks like bits: pass --loss-unit bits "
              + "to convert it to nats (x ln 2)");
        } else if (loss.contains("ppl") || loss.contains("perplexity")) {
          unitHints.add(name + ": the loss column '" + mapping.source(Column.LOSS) + "' looks like perplexity: pass "
              + "--loss-unit ppl to convert it to nats (ln)");
        }
      }
    }

    private boolean has(Column c) {
      return mapping.has(c) || fromRunTable.contains(c);
    }

    /** How this file's tokens are had: read, or derived (README, "Input: run logs", the order). */
    private TokenRule tokenRule(List<String> names) throws InputException {
      if (mapping.has(Column.TOKENS)) {
        return TokenRule.COLUMN;
      }
      if (options.tokensPerStep() != null && mapping.has(Column.STEP)) {
        return TokenRule.PER_STEP;
      }
      if (mapping.has(Column.FLOPS) && has(Column.PARAMS)) {
        return TokenRule.FLOPS;
      }
      if (mapping.has(Column.STEP) && has(Column.BATCH_SIZE)) {
        return TokenRule.STEP_BATCH;
      }
      throw new InputException(name, 1, 0, missingColumn(Column.TOKENS, names)
          + "; tokens can also be derived from 'flops' and 'params', from 'step' and 'batch_size', "
          + "or from 'step' with --tokens-per-step N");
    }

    /** The run table's facts for the run of this row, {@code null} for a row without a run. */
    private Map<Column, String> facts(int runCode, long lineNumber, int position) throws InputException {
      if (runCode != lastRunCode) {
        String id = runIds.value(runCode);
        Map<Column, String> found = runTable.facts(id);
        if (found == null) {
          throw new InputException(name, lineNumber, position, "run '" + id + "' has no row in the run table "
              + runTable.name() + ": add one (run," + String.join(",", runTable.columns().stream().map(Column::canonical).toList())
              + ")");
        }
        lastRunCode = runCode;
        lastFacts = found;
      }
      return lastFacts;
    }

    @Override
    public void row(long lineNumber, int[] columns, String[] values, int[] positions, int count) throws InputException {
      int row = rows;
      file.add(index);
      line.add((int) Math.min(lineNumber, Integer.MAX_VALUE));
      double[] parsed = new double[Column.values().length];
      java.util.Arrays.fill(parsed, Double.NaN);
      boolean[] present = new boolean[parsed.length];
      int[] at = new int[parsed.length]; // 1-based position of each canonical value in this row, 0 when absent
      int runCode = -1;
      int familyCode = -1;
      int entries = 0;
      for (int k = 0; k < count; k++) {
        int i = columns[k];
        String text = values[k];
        boolean empty = text == null || text.isEmpty();
        int position = positions[k] > 0 ? positions[k] : i + 1;
        if (canonical[i] == null) {
          if (!empty) {
            if (entries == entryBuffer.length) {
              entryBuffer = java.util.Arrays.copyOf(entryBuffer, entries * 2);
            }
            entryBuffer[entries++] = (long) extra[i] << 32 | extraCode(i, text);
          }
          continue;
        }
        Column c = canonical[i];
        at[c.ordinal()] = position;
        if (empty) {
          continue;
        }
        switch (c) {
          case RUN -> runCode = code(i, text, runIds);
          case FAMILY -> familyCode = code(i, text, families);
          default -> {
            double v;
            try {
              // Run-level columns repeat row after row: parse a value once while it repeats.
              v = text.equals(lastText[i]) ? lastValue[i]
                  : c == Column.PARAMS || c == Column.TOKENS ? Numbers.parseCount(text) : Numbers.parse(text);
              lastText[i] = text;
              lastValue[i] = v;
            } catch (NumberFormatException e) {
              throw new InputException(name, lineNumber, position,
                  c.canonical() + " is not a number: '" + abbreviate(text) + "'");
            }
            if (c == Column.SEED && !(Double.isFinite(v) && v == Math.rint(v))) {
              throw new InputException(name, lineNumber, position,
                  "seed is not an integer: '" + abbreviate(text) + "'");
            }
            if (c == Column.LOSS && options.lossUnit() != LossUnit.NATS) {
              if (options.lossUnit() == LossUnit.PPL && v > 0 && v < 1) {
                problem(row, position, "loss is a perplexity below 1 (" + Numbers.format(v) + ")");
              }
              v = options.lossUnit().toNats(v);
            } else if (c == Column.LOSS && v < lowestLoss) {
              lowestLoss = v;
            }
            parsed[c.ordinal()] = v;
            present[c.ordinal()] = true;
          }
        }
      }
      addEntries(entries);
      if (mapping.has(Column.RUN) && runCode < 0) {
        problem(row, at[Column.RUN.ordinal()], "run is missing");
      }
      if (!fromRunTable.isEmpty() && runCode >= 0) {
        Map<Column, String> facts = facts(runCode, lineNumber, at[Column.RUN.ordinal()]);
        for (Column c : fromRunTable) {
          String text = facts.get(c);
          if (text == null) {
            continue;
          }
          if (c == Column.FAMILY) {
            familyCode = families.code(text);
          } else {
            parsed[c.ordinal()] = Numbers.parseCount(text);
            present[c.ordinal()] = true;
          }
        }
      }
      if (options.seqLen() != null && present[Column.BATCH_SIZE.ordinal()]) {
        parsed[Column.BATCH_SIZE.ordinal()] *= options.seqLen(); // sequences x tokens per sequence
      }
      // Unusable values, in the order of the checks below; the first one names the row's problem.
      double tokens = parsed[Column.TOKENS.ordinal()];
      if (!present[Column.TOKENS.ordinal()]) {
        double step = parsed[Column.STEP.ordinal()];
        boolean hasStep = present[Column.STEP.ordinal()];
        double flops = parsed[Column.FLOPS.ordinal()];
        double params = parsed[Column.PARAMS.ordinal()];
        double batch = parsed[Column.BATCH_SIZE.ordinal()];
        if (tokenRule == TokenRule.PER_STEP && hasStep) {
          tokens = step * options.tokensPerStep();
          derivedTokens.merge(tokenRule.describe(options), 1L, Long::sum);
        } else if (tokenRule != TokenRule.PER_STEP && present[Column.FLOPS.ordinal()] && present[Column.PARAMS.ordinal()]
            && flops > 0 && params > 0) {
          tokens = flops / (6.0 * params); // C = 6 N T (Kaplan et al. 2020, arXiv 2001.08361)
          derivedTokens.merge(TokenRule.FLOPS.describe(options), 1L, Long::sum);
        } else if (tokenRule == TokenRule.STEP_BATCH && hasStep && present[Column.BATCH_SIZE.ordinal()]) {
          tokens = step * batch;
          derivedTokens.merge(tokenRule.describe(options), 1L, Long::sum);
        } else {
          problem(row, at[Column.TOKENS.ordinal()], "tokens is missing");
        }
      }
      parsed[Column.TOKENS.ordinal()] = tokens;
      if (!present[Column.LOSS.ordinal()]) {
        problem(row, at[Column.LOSS.ordinal()], "loss is missing");
      }
      for (Column c : new Column[] {Column.LOSS, Column.TOKENS, Column.PARAMS, Column.LR, Column.BATCH_SIZE, Column.FLOPS}) {
        double v = parsed[c.ordinal()];
        if (c == Column.LOSS && options.divergedLoss() && (Double.isNaN(v) || v == Double.POSITIVE_INFINITY)) {
          continue; // a diverged run's loss: evidence that eta was too high, kept for the sweep analyses
        }
        if (present[c.ordinal()] && !(v > 0 && v < Double.POSITIVE_INFINITY)) {
          problem(row, at[c.ordinal()], c.canonical() + " is " + describe(v));
        }
      }
      double params = parsed[Column.PARAMS.ordinal()];
      if (present[Column.PARAMS.ordinal()] && params > 0 && tokens > 0 && Double.isFinite(params) && Double.isFinite(tokens)
          && Double.isInfinite(6.0 * params * tokens)) {
        // C = 6 N T (Kaplan et al. 2020) is used by every compute-based analysis: unusable like an infinite value.
        Column larger = params >= tokens || !present[Column.TOKENS.ordinal()] ? Column.PARAMS : Column.TOKENS;
        problem(row, at[larger.ordinal()], larger.canonical() + " is too large: compute C = 6 N T overflows ("
            + Numbers.format(params) + " params x " + Numbers.format(tokens) + " tokens)");
      }
      double step = parsed[Column.STEP.ordinal()];
      if (present[Column.STEP.ordinal()] && !(step >= 0 && step < Double.POSITIVE_INFINITY)) {
        problem(row, at[Column.STEP.ordinal()], "step is " + describe(step));
      }
      run.add(runCode);
      family.add(familyCode);
      for (Map.Entry<Column, DoubleColumn> e : numbers.entrySet()) {
        e.getValue().add(parsed[e.getKey().ordinal()]);
      }
      rows++;
    }

    /** The dictionary code of a text value; runs' rows are contiguous, so the last code usually serves. */
    private int code(int i, String text, Dictionary dictionary) {
      if (!text.equals(lastText[i])) {
        lastText[i] = text;
        lastValue[i] = dictionary.code(text);
      }
      return (int) lastValue[i];
    }

    /** The code of an extra column's value; notes the column as text when a new value is not a number. */
    private int extraCode(int i, String text) {
      Dictionary dictionary = extraValues.get(extra[i]);
      int before = dictionary.size();
      int code = code(i, text, dictionary);
      if (dictionary.size() > before && !extraIsText.get(extra[i])) {
        try {
          Numbers.parse(text);
        } catch (NumberFormatException e) {
          extraIsText.set(extra[i]);
        }
      }
      return code;
    }

    private void problem(int row, int position, String reason) {
      if (!problemRows.get(row)) {
        problemRows.set(row);
        problems.add(new Problem(row, position, reason));
      }
    }
  }

  /** Stores a row's extra entries (column id << 32 | code), sorted by column id. */
  private void addEntries(int n) {
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

  private static String describe(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "infinite" : "negative infinite";
    }
    return v == 0 ? "zero" : "negative (" + Numbers.format(v) + ")";
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private String missingColumn(Column column, List<String> names) {
    String mapped = options.columns().get(column);
    StringBuilder m = new StringBuilder("no '").append(column.canonical()).append("' column");
    if (mapped != null) {
      m.append(" (--column ").append(column.canonical()).append('=').append(mapped).append(" names no column here)");
    }
    m.append("; columns are ").append(String.join(", ", names))
        .append("; name it with --column ").append(column.canonical()).append("=YOURS");
    return m.toString();
  }

  String where(int row) {
    return fileNames.get(file.get(row)) + ":" + line.get(row);
  }

  /** Assembles the loaded rows into runs. */
  Dataset build(List<SourceFile> sources) throws InputException {
    for (Map.Entry<Column, String> mapping : options.columns().entrySet()) {
      if (!mappedHeadersSeen.contains(mapping.getKey().canonical())) {
        throw new InputException("--column " + mapping.getKey().canonical() + "=" + mapping.getValue()
            + ": no input file has a column '" + mapping.getValue() + "'");
      }
    }
    List<String> textColumns = new ArrayList<>();
    List<String> numericColumns = new ArrayList<>();
    for (Map.Entry<String, Integer> e : extras.entrySet()) {
      (extraIsText.get(e.getValue()) ? textColumns : numericColumns).add(e.getKey());
    }
    if (!problems.isEmpty() && !options.dropInvalid()) {
      Problem p = problems.get(0);
      String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more rows like it)" : "";
      throw new InputException(fileNames.get(file.get(p.row)), line.get(p.row), p.column,
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
        byReason.computeIfAbsent(p.reason, k -> new LinkedHashMap<>())
            .merge(ids.get(runOf[p.row]), 1L, Long::sum);
      }
      byReason.forEach((reason, byRun) ->
          dropped.add(new DroppedRows(reason, byRun.values().stream().mapToLong(Long::longValue).sum(), byRun)));
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
      throw new InputException(fileNames.get(file.get(p.row)), line.get(p.row), p.column,
          "no usable rows: --drop-invalid dropped " + (rows == 1 ? "the only row" : "all " + rows + " rows")
              + " (this one: " + p.reason + ")");
    }
    List<String> notes = new ArrayList<>();
    derivedTokens.forEach((how, n) -> notes.add("tokens derived as " + how + " for " + n + " rows"));
    if (merged > 0) {
      notes.add(merged + " duplicate rows resolved with --on-duplicate "
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
    if (unitHints.isEmpty() && options.lossUnit() == LossUnit.NATS && lowestLoss > PERPLEXITY_LIKE && lowestLoss < Double.POSITIVE_INFINITY) {
      warnings.add("every loss is above " + (int) PERPLEXITY_LIKE + " (the lowest is " + Numbers.format(lowestLoss)
          + "): this looks like perplexity, not cross-entropy in nats; pass --loss-unit ppl to convert it");
    }
    if (derivedTokens.containsKey(TokenRule.STEP_BATCH.describe(options)) && options.seqLen() == null) {
      warnings.add("tokens derived as step x batch_size, reading batch_size as tokens per step; if it counts sequences, "
          + "pass --seq-len L (or --tokens-per-step N)");
    }
    warnings.addAll(IsolatedSizes.warnings(runs));
    Map<String, String> read = new LinkedHashMap<>();
    this.sources.forEach((c, from) -> read.put(c.canonical(), String.join(" | ", from)));
    return new Dataset(runs, sources, columns, textColumns, numericColumns, notes, dropped, Selection.none(), warnings, read);
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


  /** Cross-entropy in nats stays below this for any sensible vocabulary (ln 50,000 is 10.8); perplexity rarely does. */
  private static final double PERPLEXITY_LIKE = 15;

}
