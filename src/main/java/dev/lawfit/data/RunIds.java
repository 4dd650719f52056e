package dev.lawfit.data;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Identifies the run of every row: by the run column where a file has one, else by key columns
 * ({@code --run-key}, or every text column with params, lr, batch_size and seed), and names the
 * runs of files without a run column by as few key values as tell them apart.
 */
final class RunIds {
  /** Most text columns that identify runs by default: naming runs costs runs x key columns. */
  private static final int MAX_KEY_TEXT_COLUMNS = 1000;

  private final LogTable table;
  private final List<String> keyColumns;
  private final List<String> ids = new ArrayList<>();

  RunIds(LogTable table, List<String> textColumns) throws InputException {
    this.table = table;
    int derived = table.fileHasRun.indexOf(false);
    if (table.options.runKey().isEmpty()
        && derived >= 0
        && textColumns.size() > MAX_KEY_TEXT_COLUMNS) {
      throw new InputException(
          table.fileNames.get(derived),
          0,
          0,
          "no 'run' column, and runs would be told apart by every "
              + "text column: these logs have "
              + textColumns.size()
              + " (more than "
              + MAX_KEY_TEXT_COLUMNS
              + "); name the run "
              + "column with --column run=YOURS, or the columns that identify a run with --run-key");
    }
    if (table.options.runKey().isEmpty()) {
      List<String> k = new ArrayList<>();
      if (table.columnsFound.contains("family")) {
        k.add("family");
      }
      k.addAll(textColumns);
      for (Column c : Column.RUN_LEVEL_NUMBERS) {
        if (table.columnsFound.contains(c.canonical())) {
          k.add(c.canonical());
        }
      }
      keyColumns = k;
    } else {
      for (String c : table.options.runKey()) {
        boolean known =
            table.extras.containsKey(c) || (table.columnsFound.contains(c) && !c.equals("run"));
        if (!known) {
          List<String> all = new ArrayList<>(table.columnsFound);
          all.remove("run");
          all.addAll(table.extras.keySet());
          throw new InputException(
              "--run-key names no column '" + c + "'; columns are " + String.join(", ", all));
        }
      }
      keyColumns = table.options.runKey();
    }
  }

  List<String> ids() {
    return ids;
  }

  /**
   * A key column resolved once: rows are keyed by a code (dictionary code or the double's bits),
   * and text is made only for the first row of each run.
   */
  private record KeyColumn(
      java.util.function.IntToLongFunction code, java.util.function.IntFunction<String> text) {}

  private KeyColumn resolve(String column) {
    if (column.equals("family")) {
      return new KeyColumn(
          table.family::get,
          row ->
              table.family.get(row) < 0
                  ? LogTable.MISSING
                  : table.families.value(table.family.get(row)));
    }
    var numeric = Column.byCanonical(column).filter(Column::numeric);
    if (numeric.isPresent()) {
      DoubleColumn values = table.numbers.get(numeric.get());
      return new KeyColumn(
          row -> Double.doubleToLongBits(values.get(row)),
          row -> {
            double v = values.get(row);
            return Double.isNaN(v) ? LogTable.MISSING : Numbers.format(v);
          });
    }
    int id = table.extras.get(column);
    Dictionary dictionary = table.extraValues.get(id);
    return new KeyColumn(
        row -> table.extraCode(row, id),
        row -> {
          int code = table.extraCode(row, id);
          return code < 0 ? LogTable.MISSING : dictionary.value(code);
        });
  }

  int[] assign() {
    int[] runOf = new int[table.rows];
    int[] byRunCode = new int[table.runIds.size()];
    java.util.Arrays.fill(byRunCode, -1);
    Map<String, Integer> byKey = new HashMap<>();
    List<Integer> keyRow =
        new ArrayList<>(); // the first row of each derived run, whose key values name it
    List<Integer> keyFile = new ArrayList<>();
    List<Integer> idSlot = new ArrayList<>();
    long derivedFiles = table.fileHasRun.stream().filter(b -> !b).count();
    StringBuilder key = new StringBuilder();
    List<KeyColumn> resolved = keyColumns.stream().map(this::resolve).toList();
    // Extra columns enter a row's key sparsely (only where the row has a value), so a key over
    // thousands of mostly empty columns costs what the rows hold, not rows x columns.
    List<KeyColumn> dense = new ArrayList<>();
    BitSet keyExtras = new BitSet();
    for (int c = 0; c < keyColumns.size(); c++) {
      Integer id =
          Column.byCanonical(keyColumns.get(c)).isPresent()
              ? null
              : table.extras.get(keyColumns.get(c));
      if (id != null) {
        keyExtras.set(id);
      } else {
        dense.add(resolved.get(c));
      }
    }
    for (int r = 0; r < table.rows; r++) {
      int code = table.run.get(r);
      if (table.fileHasRun.get(table.file.get(r)) && code >= 0) {
        if (byRunCode[code] < 0) {
          byRunCode[code] = ids.size();
          ids.add(table.runIds.value(code));
          idSlot.add(-1);
        }
        runOf[r] = byRunCode[code];
        continue;
      }
      key.setLength(0);
      key.append(table.file.get(r));
      for (KeyColumn c : dense) {
        key.append('\u0001').append(c.code().applyAsLong(r));
      }
      int end = r + 1 < table.rows ? table.extraStart.get(r + 1) : table.extraColumn.size();
      for (int e = table.extraStart.get(r); e < end; e++) {
        if (keyExtras.get(table.extraColumn.get(e))) {
          key.append('\u0002')
              .append(table.extraColumn.get(e))
              .append(':')
              .append(table.extraCode.get(e));
        }
      }
      String k = key.toString();
      Integer slot = byKey.get(k);
      if (slot == null) {
        slot = ids.size();
        byKey.put(k, slot);
        idSlot.add(keyRow.size());
        keyRow.add(r);
        keyFile.add(table.file.get(r));
        ids.add(null);
      }
      runOf[r] = slot;
    }
    // Name derived runs by as few key values as tell them apart: a run's id takes a key
    // column's value only when runs that share the id so far differ in that column.
    List<List<String>> parts = new ArrayList<>();
    List<String> prefix = new ArrayList<>();
    for (int i = 0; i < keyRow.size(); i++) {
      parts.add(new ArrayList<>());
      prefix.add(derivedFiles > 1 ? LogTable.stem(table.fileNames.get(keyFile.get(i))) : "");
    }
    for (int c = 0; c < keyColumns.size(); c++) {
      Map<String, Set<String>> valuesByPrefix = new HashMap<>();
      KeyColumn column = resolved.get(c);
      for (int i = 0; i < keyRow.size(); i++) {
        valuesByPrefix
            .computeIfAbsent(prefix.get(i), p -> new java.util.HashSet<>())
            .add(column.text().apply(keyRow.get(i)));
      }
      for (int i = 0; i < keyRow.size(); i++) {
        if (valuesByPrefix.get(prefix.get(i)).size() > 1) {
          String v = column.text().apply(keyRow.get(i));
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
      String stem = LogTable.stem(table.fileNames.get(keyFile.get(idSlot.get(i))));
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
