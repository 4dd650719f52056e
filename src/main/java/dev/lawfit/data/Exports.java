package dev.lawfit.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CSV layouts that training tools export, recognised by their header and turned into lawfit's
 * long layout (one row per run and checkpoint) as the rows go by:
 *
 * <ul>
 *   <li>a tracker's chart export: a {@code Step} column, then {@code <run name> - <metric>}
 *       columns, each with {@code __MIN} and {@code __MAX} companions (ignored). Each row becomes
 *       one row per run that has a value there, named by the column prefix, with the metrics as
 *       columns ({@code eval/loss}, {@code train/loss}: the usual loss rule chooses among them);
 *   <li>TensorBoard's scalar export: exactly {@code Wall time,Step,Value}, one run per file, named
 *       by the file ({@code Value} is the loss).
 * </ul>
 *
 * Any other header passes through untouched.
 */
final class Exports {
  private static final String SEPARATOR = " - ";

  private Exports() {}

  /**
   * A sink that melts the layouts above into {@code sink}, or passes other files straight through.
   */
  static RowSink adapt(RowSink sink, String file) {
    return new RowSink() {
      private RowSink layout;

      @Override
      public void origins(Map<String, String> byHeader) {
        sink.origins(byHeader);
      }

      @Override
      public void header(List<String> names) throws InputException {
        if (isTensorBoard(names)) {
          layout = new TensorBoard(sink, LogTable.stem(file));
        } else {
          int step = stepColumn(names);
          layout = step >= 0 && isWide(names, step) ? new Wide(sink, step, file) : sink;
        }
        layout.header(names);
      }

      @Override
      public void row(long line, int[] columns, String[] values, int[] positions, int count)
          throws InputException {
        layout.row(line, columns, values, positions, count);
      }
    };
  }

  static boolean isTensorBoard(List<String> names) {
    return names.size() == 3
        && names.get(0).equalsIgnoreCase("wall time")
        && names.get(1).equalsIgnoreCase("step")
        && names.get(2).equalsIgnoreCase("value");
  }

  private static int stepColumn(List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      if (Column.byHeader(names.get(i)).orElse(null) == Column.STEP) {
        return i;
      }
    }
    return -1;
  }

  /** Every column but the step names a run and a metric, and at least one does. */
  private static boolean isWide(List<String> names, int step) {
    if (names.size() < 2) {
      return false;
    }
    for (int i = 0; i < names.size(); i++) {
      int at = names.get(i).lastIndexOf(SEPARATOR);
      if (i != step && (at <= 0 || at + SEPARATOR.length() >= names.get(i).length())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBand(String metric) {
    String upper = metric.toUpperCase(Locale.ROOT);
    return upper.endsWith("__MIN") || upper.endsWith("__MAX");
  }

  /** TensorBoard: the file is one run; {@code Value} is its loss. */
  private static final class TensorBoard implements RowSink {
    private final RowSink sink;
    private final String run;
    private int[] columns = new int[4];
    private String[] values = new String[4];
    private int[] positions = new int[4];

    TensorBoard(RowSink sink, String run) {
      this.sink = sink;
      this.run = run;
    }

    @Override
    public void header(List<String> names) throws InputException {
      sink.origins(Map.of("run", "(file name)", "loss", "(TensorBoard Value)"));
      sink.header(List.of("run", names.get(0), names.get(1), "loss"));
    }

    @Override
    public void row(long line, int[] in, String[] text, int[] at, int count) throws InputException {
      columns[0] = 0;
      values[0] = run;
      positions[0] = 0;
      for (int k = 0; k < count; k++) {
        columns[k + 1] = in[k] + 1;
        values[k + 1] = text[k];
        positions[k + 1] = at[k] > 0 ? at[k] : in[k] + 1;
      }
      sink.row(line, columns, values, positions, count + 1);
    }
  }

  /** A tracker's chart export: one row per run that has a value in the row. */
  private static final class Wide implements RowSink {
    private final RowSink sink;
    private final int step;

    /** Per input column: its run (index into runs), or -1 for the step and the ignored bands. */
    private int[] runOf;

    /** Per input column: its metric's column in the melted header. */
    private int[] metricOf;

    private final List<String> runs = new ArrayList<>();

    /** Per run, the input columns that hold its metrics. */
    private int[][] columnsOfRun;

    private int[] columns = new int[8];
    private String[] values = new String[8];
    private int[] positions = new int[8];

    /** Per input column, the row's value there (or null), filled per row. */
    private String[] byColumn;

    private int[] positionOf;

    private final String file;

    Wide(RowSink sink, int step, String file) {
      this.sink = sink;
      this.step = step;
      this.file = file;
    }

    @Override
    public void header(List<String> names) throws InputException {
      runOf = new int[names.size()];
      metricOf = new int[names.size()];
      byColumn = new String[names.size()];
      positionOf = new int[names.size()];
      Map<String, Integer> runIndex = new LinkedHashMap<>();
      Map<String, Integer> metricIndex = new LinkedHashMap<>();
      List<List<Integer>> perRun = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        runOf[i] = -1;
        if (i == step) {
          continue;
        }
        String name = names.get(i);
        int at = name.lastIndexOf(SEPARATOR);
        String metric = name.substring(at + SEPARATOR.length()).strip();
        if (isBand(metric)) {
          continue;
        }
        String run = name.substring(0, at).strip();
        int r =
            runIndex.computeIfAbsent(
                run,
                k -> {
                  runs.add(k);
                  perRun.add(new ArrayList<>());
                  return runs.size() - 1;
                });
        runOf[i] = r;
        metricOf[i] = 2 + metricIndex.computeIfAbsent(metric, k -> metricIndex.size());
        perRun.get(r).add(i);
      }
      if (runs.isEmpty()) {
        throw new InputException(
            file,
            1,
            0,
            "a chart export with only __MIN and __MAX columns: export the metric itself");
      }
      columnsOfRun =
          perRun.stream()
              .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
              .toArray(int[][]::new);
      List<String> melted = new ArrayList<>();
      melted.add("run");
      melted.add(names.get(step));
      melted.addAll(metricIndex.keySet());
      sink.origins(Map.of("run", "(run name: the prefix of '<run> - <metric>' columns)"));
      sink.header(melted);
    }

    @Override
    public void row(long line, int[] in, String[] text, int[] at, int count) throws InputException {
      String stepText = null;
      int stepPosition = step + 1;
      for (int k = 0; k < count; k++) {
        int i = in[k];
        if (i == step) {
          stepText = text[k];
          stepPosition = at[k] > 0 ? at[k] : i + 1;
        } else if (runOf[i] >= 0) {
          byColumn[i] = text[k];
          positionOf[i] = at[k] > 0 ? at[k] : i + 1;
        }
      }
      for (int r = 0; r < columnsOfRun.length; r++) {
        int n = 0;
        for (int i : columnsOfRun[r]) {
          String v = byColumn[i];
          if (v != null && !v.isEmpty()) {
            if (n + 2 >= columns.length) {
              columns = Arrays.copyOf(columns, columns.length * 2);
              values = Arrays.copyOf(values, columns.length);
              positions = Arrays.copyOf(positions, columns.length);
            }
            columns[2 + n] = metricOf[i];
            values[2 + n] = v;
            positions[2 + n] = positionOf[i];
            n++;
          }
        }
        if (n == 0) {
          continue; // this run logged nothing at this step: sparse rows are the norm
        }
        columns[0] = 0;
        values[0] = runs.get(r);
        positions[0] = positionOf[columnsOfRun[r][0]];
        columns[1] = 1;
        values[1] = stepText;
        positions[1] = stepPosition;
        sink.row(line, columns, values, positions, n + 2);
      }
      for (int k = 0; k < count; k++) {
        byColumn[in[k]] = null;
      }
    }
  }
}
