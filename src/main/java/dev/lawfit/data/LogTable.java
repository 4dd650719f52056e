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
  private static final String MISSING = "";

  private final LoadOptions options;

  // One entry per row, across files.
  private final IntColumn file = new IntColumn();
  private final IntColumn line = new IntColumn();
  private final IntColumn run = new IntColumn();
  private final IntColumn family = new IntColumn();
  private final EnumMap<Column, DoubleColumn> numbers = new EnumMap<>(Column.class);
  private final Map<String, IntColumn> extras = new LinkedHashMap<>();
  private final Map<String, Dictionary> extraValues = new HashMap<>();
  private final Dictionary runIds = new Dictionary();
  private final Dictionary families = new Dictionary();
  private int rows;

  private final List<String> fileNames = new ArrayList<>();
  private final List<Boolean> fileHasRun = new ArrayList<>();
  private final Set<String> columnsFound = new LinkedHashSet<>();
  private final Set<String> mappedHeadersSeen = new java.util.HashSet<>();
  private long derivedTokens;

  /** Unusable values: the first one of each row, in row order. */
  private record Problem(int row, int column, String reason) {}

  private final List<Problem> problems = new ArrayList<>();
  private final BitSet problemRows = new BitSet();

  LogTable(LoadOptions options) {
    this.options = options;
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
    private String[] extra;
    private String[] lastText;
    private double[] lastValue;
    private final EnumMap<Column, Integer> where = new EnumMap<>(Column.class);

    FileSink(int index, String name) {
      this.index = index;
      this.name = name;
    }

    @Override
    public void header(List<String> names) throws InputException {
      canonical = new Column[names.size()];
      extra = new String[names.size()];
      lastText = new String[names.size()];
      lastValue = new double[names.size()];
      Map<String, Integer> byLower = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        byLower.putIfAbsent(names.get(i).toLowerCase(Locale.ROOT), i);
      }
      // Priority: an explicit --column mapping, then the canonical name, then the first alias.
      for (Map.Entry<Column, String> mapping : options.columns().entrySet()) {
        Integer i = byLower.get(mapping.getValue().toLowerCase(Locale.ROOT));
        if (i != null) {
          claim(mapping.getKey(), i);
          mappedHeadersSeen.add(mapping.getKey().canonical());
        }
      }
      for (int i = 0; i < names.size(); i++) {
        var c = Column.byCanonical(names.get(i));
        if (c.isPresent() && canonical[i] == null && !where.containsKey(c.get())) {
          claim(c.get(), i);
        }
      }
      for (int i = 0; i < names.size(); i++) {
        var c = Column.byHeader(names.get(i));
        if (c.isPresent() && canonical[i] == null && !where.containsKey(c.get())) {
          claim(c.get(), i);
        }
      }
      for (int i = 0; i < names.size(); i++) {
        if (canonical[i] == null) {
          extra[i] = names.get(i);
          extras.computeIfAbsent(names.get(i), k -> new IntColumn());
          extraValues.computeIfAbsent(names.get(i), k -> new Dictionary());
        }
      }
      if (!where.containsKey(Column.LOSS)) {
        throw new InputException(name, 1, 0, missingColumn(Column.LOSS, names));
      }
      boolean canDerive = where.containsKey(Column.FLOPS) && where.containsKey(Column.PARAMS);
      if (!where.containsKey(Column.TOKENS) && !canDerive) {
        throw new InputException(name, 1, 0, missingColumn(Column.TOKENS, names)
            + "; tokens can also be derived from 'flops' and 'params'");
      }
      fileHasRun.set(index, where.containsKey(Column.RUN));
      for (Column c : where.keySet()) {
        columnsFound.add(c.canonical());
      }
      if (!where.containsKey(Column.TOKENS)) {
        columnsFound.add(Column.TOKENS.canonical());
      }
    }

    private void claim(Column column, int i) {
      if (!where.containsKey(column) && canonical[i] == null) {
        canonical[i] = column;
        where.put(column, i);
      }
    }

    @Override
    public void row(long lineNumber, String[] values, int[] positions, int count) throws InputException {
      int row = rows;
      file.add(index);
      line.add((int) Math.min(lineNumber, Integer.MAX_VALUE));
      double[] parsed = new double[Column.values().length];
      java.util.Arrays.fill(parsed, Double.NaN);
      boolean[] present = new boolean[parsed.length];
      int runCode = -1;
      int familyCode = -1;
      for (int i = 0; i < canonical.length; i++) {
        String text = i < count ? values[i] : null;
        boolean empty = text == null || text.isEmpty();
        if (canonical[i] == null) {
          extras.get(extra[i]).fill(row, -1);
          extras.get(extra[i]).add(empty ? -1 : code(i, text, extraValues.get(extra[i])));
          continue;
        }
        Column c = canonical[i];
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
              v = text.equals(lastText[i]) ? lastValue[i] : Numbers.parse(text);
              lastText[i] = text;
              lastValue[i] = v;
            } catch (NumberFormatException e) {
              throw new InputException(name, lineNumber, positionOf(positions, i, count),
                  c.canonical() + " is not a number: '" + abbreviate(text) + "'");
            }
            if (c == Column.SEED && !(Double.isFinite(v) && v == Math.rint(v))) {
              throw new InputException(name, lineNumber, positionOf(positions, i, count),
                  "seed is not an integer: '" + abbreviate(text) + "'");
            }
            parsed[c.ordinal()] = v;
            present[c.ordinal()] = true;
          }
        }
      }
      if (where.containsKey(Column.RUN) && runCode < 0) {
        problem(row, where.get(Column.RUN), positions, count, "run is missing");
      }
      // Unusable values, in the order of the checks below; the first one names the row's problem.
      double tokens = parsed[Column.TOKENS.ordinal()];
      if (!present[Column.TOKENS.ordinal()]) {
        double flops = parsed[Column.FLOPS.ordinal()];
        double params = parsed[Column.PARAMS.ordinal()];
        if (present[Column.FLOPS.ordinal()] && present[Column.PARAMS.ordinal()] && flops > 0 && params > 0) {
          tokens = flops / (6.0 * params); // C = 6 N T (Kaplan et al. 2020, arXiv 2001.08361)
          derivedTokens++;
        } else {
          problem(row, where.getOrDefault(Column.TOKENS, -1), positions, count, "tokens is missing");
        }
      }
      parsed[Column.TOKENS.ordinal()] = tokens;
      if (!present[Column.LOSS.ordinal()]) {
        problem(row, where.get(Column.LOSS), positions, count, "loss is missing");
      }
      for (Column c : new Column[] {Column.LOSS, Column.TOKENS, Column.PARAMS, Column.LR, Column.BATCH_SIZE, Column.FLOPS}) {
        double v = parsed[c.ordinal()];
        if (c == Column.LOSS && options.divergedLoss() && (Double.isNaN(v) || v == Double.POSITIVE_INFINITY)) {
          continue; // a diverged run's loss: evidence that eta was too high, kept for the sweep analyses
        }
        if (present[c.ordinal()] && !(v > 0 && v < Double.POSITIVE_INFINITY)) {
          problem(row, where.get(c), positions, count, c.canonical() + " is " + describe(v));
        }
      }
      double step = parsed[Column.STEP.ordinal()];
      if (present[Column.STEP.ordinal()] && !(step >= 0 && step < Double.POSITIVE_INFINITY)) {
        problem(row, where.get(Column.STEP), positions, count, "step is " + describe(step));
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

    private void problem(int row, int column, int[] positions, int count, String reason) {
      if (!problemRows.get(row)) {
        problemRows.set(row);
        problems.add(new Problem(row, column < 0 ? 0 : positionOf(positions, column, count), reason));
      }
    }
  }

  private static int positionOf(int[] positions, int i, int count) {
    return i < count && positions[i] > 0 ? positions[i] : i + 1;
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

  private String where(int row) {
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
    for (IntColumn codes : extras.values()) {
      codes.fill(rows, -1);
    }
    List<String> textColumns = new ArrayList<>();
    List<String> numericColumns = new ArrayList<>();
    for (String name : extras.keySet()) {
      (isText(extraValues.get(name)) ? textColumns : numericColumns).add(name);
    }
    if (!problems.isEmpty() && !options.dropInvalid()) {
      Problem p = problems.get(0);
      String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more rows like it)" : "";
      throw new InputException(fileNames.get(file.get(p.row)), line.get(p.row), p.column,
          p.reason + more + "; pass --drop-invalid to drop such rows");
    }

    RunKeys keys = new RunKeys(textColumns);
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
      checkConstant(members, ids.get(k));
      sortByTokens(members);
      Assembled a = assemble(members, ids.get(k));
      merged += a.merged;
      runs.add(toRun(ids.get(k), members[0], a.checkpoints, tags(members, textColumns)));
    }

    if (runs.isEmpty()) {
      // Only --drop-invalid can empty a table: every reader rejects a file without rows.
      Problem p = problems.get(0);
      throw new InputException(fileNames.get(file.get(p.row)), line.get(p.row), p.column,
          "no usable rows: --drop-invalid dropped " + (rows == 1 ? "the only row" : "all " + rows + " rows")
              + " (this one: " + p.reason + ")");
    }
    List<String> notes = new ArrayList<>();
    if (derivedTokens > 0) {
      notes.add("tokens derived as flops / (6 params) for " + derivedTokens + " rows");
    }
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
    return new Dataset(runs, sources, columns, textColumns, numericColumns, notes, dropped, Selection.none());
  }

  private boolean isText(Dictionary values) {
    for (String v : values.values()) {
      try {
        Numbers.parse(v);
      } catch (NumberFormatException e) {
        return true;
      }
    }
    return false;
  }

  /** Identifies the run of every row: by the run column where there is one, else by key columns. */
  private final class RunKeys {
    private final List<String> keyColumns;
    private final List<String> ids = new ArrayList<>();

    RunKeys(List<String> textColumns) throws InputException {
      if (options.runKey().isEmpty()) {
        List<String> k = new ArrayList<>();
        if (columnsFound.contains("family")) {
          k.add("family");
        }
        k.addAll(textColumns);
        for (Column c : Column.RUN_LEVEL_NUMBERS) {
          if (columnsFound.contains(c.canonical())) {
            k.add(c.canonical());
          }
        }
        keyColumns = k;
      } else {
        for (String c : options.runKey()) {
          boolean known = extras.containsKey(c) || (columnsFound.contains(c) && !c.equals("run"));
          if (!known) {
            List<String> all = new ArrayList<>(columnsFound);
            all.remove("run");
            all.addAll(extras.keySet());
            throw new InputException("--run-key names no column '" + c + "'; columns are " + String.join(", ", all));
          }
        }
        keyColumns = options.runKey();
      }
    }

    List<String> ids() {
      return ids;
    }

    /**
     * A key column resolved once: rows are keyed by a code (dictionary code or the double's bits),
     * and text is made only for the first row of each run.
     */
    private record KeyColumn(java.util.function.IntToLongFunction code, java.util.function.IntFunction<String> text) {}

    private KeyColumn resolve(String column) {
      if (column.equals("family")) {
        return new KeyColumn(family::get, row -> family.get(row) < 0 ? MISSING : families.value(family.get(row)));
      }
      var numeric = Column.byCanonical(column).filter(Column::numeric);
      if (numeric.isPresent()) {
        DoubleColumn values = numbers.get(numeric.get());
        return new KeyColumn(row -> Double.doubleToLongBits(values.get(row)), row -> {
          double v = values.get(row);
          return Double.isNaN(v) ? MISSING : Numbers.format(v);
        });
      }
      IntColumn codes = extras.get(column);
      Dictionary dictionary = extraValues.get(column);
      return new KeyColumn(codes::get, row -> codes.get(row) < 0 ? MISSING : dictionary.value(codes.get(row)));
    }

    int[] assign() {
      int[] runOf = new int[rows];
      int[] byRunCode = new int[runIds.size()];
      java.util.Arrays.fill(byRunCode, -1);
      Map<String, Integer> byKey = new HashMap<>();
      List<List<String>> keyValues = new ArrayList<>();
      List<Integer> keyFile = new ArrayList<>();
      List<Integer> idSlot = new ArrayList<>();
      long derivedFiles = fileHasRun.stream().filter(b -> !b).count();
      StringBuilder key = new StringBuilder();
      List<KeyColumn> resolved = keyColumns.stream().map(this::resolve).toList();
      for (int r = 0; r < rows; r++) {
        int code = run.get(r);
        if (fileHasRun.get(file.get(r)) && code >= 0) {
          if (byRunCode[code] < 0) {
            byRunCode[code] = ids.size();
            ids.add(runIds.value(code));
            idSlot.add(-1);
          }
          runOf[r] = byRunCode[code];
          continue;
        }
        key.setLength(0);
        key.append(file.get(r));
        for (KeyColumn c : resolved) {
          key.append('\u0001').append(c.code().applyAsLong(r));
        }
        String k = key.toString();
        Integer slot = byKey.get(k);
        if (slot == null) {
          slot = ids.size();
          byKey.put(k, slot);
          List<String> vs = new ArrayList<>(resolved.size());
          for (KeyColumn c : resolved) {
            vs.add(c.text().apply(r));
          }
          idSlot.add(keyValues.size());
          keyValues.add(vs);
          keyFile.add(file.get(r));
          ids.add(null);
        }
        runOf[r] = slot;
      }
      // Name derived runs by as few key values as tell them apart: a run's id takes a key
      // column's value only when runs that share the id so far differ in that column.
      List<List<String>> parts = new ArrayList<>();
      List<String> prefix = new ArrayList<>();
      for (int i = 0; i < keyValues.size(); i++) {
        parts.add(new ArrayList<>());
        prefix.add(derivedFiles > 1 ? stem(fileNames.get(keyFile.get(i))) : "");
      }
      for (int c = 0; c < keyColumns.size(); c++) {
        Map<String, Set<String>> valuesByPrefix = new HashMap<>();
        for (int i = 0; i < keyValues.size(); i++) {
          valuesByPrefix.computeIfAbsent(prefix.get(i), p -> new java.util.HashSet<>()).add(keyValues.get(i).get(c));
        }
        for (int i = 0; i < keyValues.size(); i++) {
          if (valuesByPrefix.get(prefix.get(i)).size() > 1) {
            String v = keyValues.get(i).get(c);
            parts.get(i).add(v.isEmpty() ? "-" : v);
            prefix.set(i, prefix.get(i) + "\u0001" + v);
          }
        }
      }
      Set<String> taken = new java.util.HashSet<>(ids);
      for (int i = 0; i < ids.size(); i++) {
        if (idSlot.get(i) < 0) {
          continue;
        }
        List<String> named = new ArrayList<>();
        String stem = stem(fileNames.get(keyFile.get(idSlot.get(i))));
        if (derivedFiles > 1) {
          named.add(stem);
        }
        named.addAll(parts.get(idSlot.get(i)));
        String id = named.isEmpty() ? stem : String.join("/", named);
        String unique = id;
        for (int n = 2; taken.contains(unique); n++) {
          unique = id + "#" + n;
        }
        taken.add(unique);
        ids.set(i, unique);
      }
      return runOf;
    }
  }

  private static String stem(String path) {
    String name = java.nio.file.Path.of(path).getFileName().toString();
    for (String ext : List.of(".gz", ".csv", ".tsv", ".tab", ".jsonl", ".ndjson", ".json")) {
      if (name.toLowerCase(Locale.ROOT).endsWith(ext)) {
        name = name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }

  private void checkConstant(int[] members, String id) throws InputException {
    int first = members[0];
    for (int i = 1; i < members.length; i++) {
      int r = members[i];
      if (family.get(r) != family.get(first)) {
        throw inconsistent(r, first, id, "family",
            family.get(r) < 0 ? "none" : families.value(family.get(r)),
            family.get(first) < 0 ? "none" : families.value(family.get(first)));
      }
      for (Column c : Column.RUN_LEVEL_NUMBERS) {
        double a = numbers.get(c).get(r);
        double b = numbers.get(c).get(first);
        if (Double.doubleToLongBits(a) != Double.doubleToLongBits(b)) {
          throw inconsistent(r, first, id, c.canonical(), show(a), show(b));
        }
      }
    }
  }

  private static String show(double v) {
    return Double.isNaN(v) ? "none" : Numbers.format(v);
  }

  private InputException inconsistent(int row, int first, String id, String column, String here, String there) {
    return new InputException(fileNames.get(file.get(row)), line.get(row), 0,
        "run '" + id + "' has " + column + " " + here + " here but " + there + " at " + where(first)
            + "; a run's " + column + " must not change (or identify runs with --run-key)");
  }

  private void sortByTokens(int[] members) {
    DoubleColumn tokens = numbers.get(Column.TOKENS);
    boolean sorted = true;
    for (int i = 1; i < members.length && sorted; i++) {
      sorted = tokens.get(members[i - 1]) <= tokens.get(members[i]);
    }
    if (sorted) {
      return;
    }
    // Stable, so rows at equal tokens keep input order for --on-duplicate first|last.
    Integer[] boxed = new Integer[members.length];
    for (int i = 0; i < members.length; i++) {
      boxed[i] = members[i];
    }
    java.util.Arrays.sort(boxed, (a, b) -> Double.compare(tokens.get(a), tokens.get(b)));
    for (int i = 0; i < members.length; i++) {
      members[i] = boxed[i];
    }
  }

  private record Assembled(Checkpoints checkpoints, long merged) {}

  private Assembled assemble(int[] members, String id) throws InputException {
    DoubleColumn tokens = numbers.get(Column.TOKENS);
    DoubleColumn loss = numbers.get(Column.LOSS);
    DoubleColumn step = numbers.get(Column.STEP);
    DoubleColumn flops = numbers.get(Column.FLOPS);
    int n = members.length;
    double[] t = new double[n];
    double[] l = new double[n];
    double[] s = new double[n];
    double[] f = new double[n];
    int out = 0;
    long merged = 0;
    for (int i = 0; i < n; ) {
      int j = i + 1;
      while (j < n && options.onDuplicate() != OnDuplicate.KEEP && tokens.get(members[j]) == tokens.get(members[i])) {
        j++;
      }
      int r = members[i];
      if (j - i > 1) {
        switch (options.onDuplicate()) {
          case ERROR -> throw new InputException(fileNames.get(file.get(members[i + 1])), line.get(members[i + 1]), 0,
              "run '" + id + "' has a second row at tokens " + Numbers.format(tokens.get(r)) + " (the first is at "
                  + where(r) + "); choose with --on-duplicate first|last|mean|keep");
          case FIRST -> r = members[i];
          case LAST -> r = members[j - 1];
          case MEAN -> r = -1;
          case KEEP -> throw new AssertionError("kept duplicates are never grouped");
        }
        merged += j - i - 1;
      }
      t[out] = tokens.get(members[i]);
      if (r >= 0) {
        l[out] = loss.get(r);
        s[out] = step.get(r);
        f[out] = flops.get(r);
      } else {
        l[out] = mean(loss, members, i, j);
        s[out] = mean(step, members, i, j);
        f[out] = mean(flops, members, i, j);
      }
      out++;
      i = j;
    }
    if (out < n) {
      t = java.util.Arrays.copyOf(t, out);
      l = java.util.Arrays.copyOf(l, out);
      s = java.util.Arrays.copyOf(s, out);
      f = java.util.Arrays.copyOf(f, out);
    }
    return new Assembled(Checkpoints.adopt(t, l, s, f), merged);
  }

  /** Mean of the values that are present, NaN when none is. */
  private static double mean(DoubleColumn column, int[] members, int from, int to) {
    double sum = 0;
    int count = 0;
    for (int i = from; i < to; i++) {
      double v = column.get(members[i]);
      if (!Double.isNaN(v)) {
        sum += v;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }

  private Map<String, String> tags(int[] members, List<String> textColumns) {
    Map<String, String> tags = new java.util.TreeMap<>();
    for (String name : textColumns) {
      IntColumn codes = extras.get(name);
      int code = codes.get(members[0]);
      boolean constant = code >= 0;
      for (int i = 1; i < members.length && constant; i++) {
        constant = codes.get(members[i]) == code;
      }
      if (constant) {
        tags.put(name, extraValues.get(name).value(code));
      }
    }
    return tags;
  }

  private Run toRun(String id, int row, Checkpoints checkpoints, Map<String, String> tags) {
    double seed = numbers.get(Column.SEED).get(row);
    return new Run(
        id,
        family.get(row) < 0 ? Run.DEFAULT_FAMILY : families.value(family.get(row)),
        numbers.get(Column.PARAMS).get(row),
        numbers.get(Column.LR).get(row),
        numbers.get(Column.BATCH_SIZE).get(row),
        Double.isNaN(seed) ? null : (long) seed,
        tags,
        checkpoints);
  }
}
