package dev.lawfit.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Run-level facts that a log lacks, one row per run ({@code --runs runs.csv}): a {@code run} column
 * and any of params, lr, batch_size, family, seed. Exports of one metric per file or per column
 * (TensorBoard, a tracker's chart) carry no model size or learning rate; this table supplies them,
 * joined by run name.
 */
final class RunTable {
  static final List<Column> FACTS =
      List.of(Column.PARAMS, Column.LR, Column.BATCH_SIZE, Column.FAMILY, Column.SEED);

  private final String name;
  private final EnumMap<Column, String> headers = new EnumMap<>(Column.class);
  private final Map<String, EnumMap<Column, String>> byRun = new HashMap<>();
  private final Map<String, String> whereRun = new HashMap<>();

  private RunTable(String name) {
    this.name = name;
  }

  /**
   * Reads and checks the table: a run column, only the columns above, each run once, numbers where
   * numbers go.
   */
  static RunTable read(java.nio.file.Path path, LogLoader loader) throws InputException {
    Table table = loader.loadTable(List.of(path));
    String file = path.toString();
    RunTable runs = new RunTable(file);
    String runColumn = null;
    List<String> columns = table.columns();
    for (int i = 0; i < columns.size(); i++) {
      String header = columns.get(i);
      Column c = Column.byHeader(header).orElse(null);
      if (c == Column.RUN && runColumn == null) {
        runColumn = header;
      } else if (c != null && FACTS.contains(c) && !runs.headers.containsKey(c)) {
        runs.headers.put(c, header);
      } else {
        throw new InputException(
            file,
            1,
            i + 1,
            "a run table has a 'run' column and any of params, lr, batch_size, family, "
                + "seed; '"
                + header
                + "' is none of them: remove the column");
      }
    }
    if (runColumn == null) {
      throw new InputException(
          file,
          1,
          0,
          "a run table needs a 'run' column naming each run as the logs do; columns are "
              + String.join(", ", columns));
    }
    String[] ids = table.text(runColumn);
    Map<Column, String[]> values = new EnumMap<>(Column.class);
    runs.headers.forEach((c, header) -> values.put(c, table.text(header)));
    for (int r = 0; r < ids.length; r++) {
      if (ids[r] == null || ids[r].isBlank()) {
        throw new InputException(table.where(r) + ": the run name is empty");
      }
      String id = ids[r].strip();
      String first = runs.whereRun.putIfAbsent(id, table.where(r));
      if (first != null) {
        throw new InputException(
            table.where(r)
                + ": run '"
                + id
                + "' has a second row here (the first is at "
                + first
                + "): keep one row per run");
      }
      EnumMap<Column, String> facts = new EnumMap<>(Column.class);
      for (Map.Entry<Column, String[]> e : values.entrySet()) {
        String v = e.getValue()[r];
        if (v == null || v.isBlank()) {
          continue;
        }
        if (e.getKey() != Column.FAMILY) {
          try {
            Numbers.parseCount(v);
          } catch (NumberFormatException x) {
            throw new InputException(
                table.where(r)
                    + ": "
                    + e.getKey().canonical()
                    + " is not a number: '"
                    + v.strip()
                    + "'");
          }
        }
        facts.put(e.getKey(), v.strip());
      }
      runs.byRun.put(id, facts);
    }
    return runs;
  }

  String name() {
    return name;
  }

  /** The facts this table has a column for. */
  java.util.Set<Column> columns() {
    return headers.keySet();
  }

  /** The header that holds {@code column}. */
  String header(Column column) {
    return headers.get(column);
  }

  /** The facts of run {@code id} as text, {@code null} when the table has no row for it. */
  Map<Column, String> facts(String id) {
    return byRun.get(id);
  }

  /** Runs named in the table, for messages. */
  List<String> runs() {
    return new ArrayList<>(whereRun.keySet());
  }
}
