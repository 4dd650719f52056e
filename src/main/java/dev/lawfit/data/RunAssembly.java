package dev.lawfit.data;

import java.util.List;
import java.util.Map;

/**
 * One run from its rows: run-level columns constant within it, rows sorted by tokens, steps in the
 * order of tokens, duplicate checkpoints resolved ({@link Duplicates}), tags (text columns constant
 * within the run) collected.
 */
final class RunAssembly {
  private final LogTable table;
  private final Duplicates duplicates;

  RunAssembly(LogTable table) {
    this.table = table;
    this.duplicates = new Duplicates(table);
  }

  /** A run and how many of its rows were merged as duplicates. */
  record Assembled(Run run, long merged) {}

  /**
   * The run {@code id} of rows {@code members} (row indexes of the table, in input order; sorted in
   * place).
   */
  Assembled assemble(int[] members, String id) throws InputException {
    checkConstant(members, id);
    sortByTokens(members);
    checkStepOrder(members, id);
    Duplicates.Resolved r = duplicates.resolve(members, id);
    return new Assembled(toRun(id, members[0], r.checkpoints(), tags(members)), r.merged());
  }

  private void checkConstant(int[] members, String id) throws InputException {
    int first = members[0];
    for (int i = 1; i < members.length; i++) {
      int r = members[i];
      if (table.family.get(r) != table.family.get(first)) {
        throw inconsistent(
            r,
            first,
            id,
            "family",
            table.family.get(r) < 0 ? "none" : table.families.value(table.family.get(r)),
            table.family.get(first) < 0 ? "none" : table.families.value(table.family.get(first)));
      }
      for (Column c : Column.RUN_LEVEL_NUMBERS) {
        double a = table.numbers.get(c).get(r);
        double b = table.numbers.get(c).get(first);
        if (Double.doubleToLongBits(a) != Double.doubleToLongBits(b)) {
          throw inconsistent(r, first, id, c.canonical(), show(a), show(b));
        }
      }
    }
  }

  private static String show(double v) {
    return Double.isNaN(v) ? "none" : Numbers.format(v);
  }

  private InputException inconsistent(
      int row, int first, String id, String column, String here, String there) {
    return new InputException(
        table.fileNames.get(table.file.get(row)),
        table.line.get(row),
        0,
        "run '"
            + id
            + "' has "
            + column
            + " "
            + here
            + " here but "
            + there
            + " at "
            + table.where(first)
            + "; a run's "
            + column
            + " must not change (or identify runs with --run-key)");
  }

  /**
   * Within a run, more steps mean more tokens: a row with more tokens than a later step's row means
   * the columns are mixed up (tokens read from a per-step or per-batch column, say). {@code
   * members} are sorted by tokens.
   */
  private void checkStepOrder(int[] members, String id) throws InputException {
    DoubleColumn tokens = table.numbers.get(Column.TOKENS);
    DoubleColumn step = table.numbers.get(Column.STEP);
    int highest = -1; // the row with the highest step among those with fewer tokens
    for (int i = 0; i < members.length; i++) {
      int r = members[i];
      double s = step.get(r);
      if (Double.isNaN(s)) {
        continue;
      }
      if (highest >= 0 && s < step.get(highest) && tokens.get(r) > tokens.get(highest)) {
        throw new InputException(
            table.fileNames.get(table.file.get(highest)),
            table.line.get(highest),
            0,
            "run '"
                + id
                + "' has tokens "
                + Numbers.format(tokens.get(highest))
                + " at step "
                + Numbers.format(step.get(highest))
                + " here but more tokens ("
                + Numbers.format(tokens.get(r))
                + ") at the earlier step "
                + Numbers.format(s)
                + " at "
                + table.where(r)
                + ": tokens decrease while step increases; check the column mapping "
                + "(--column tokens=..., --column step=...)");
      }
      if (highest < 0 || s > step.get(highest)) {
        highest = r;
      }
    }
  }

  private void sortByTokens(int[] members) {
    DoubleColumn tokens = table.numbers.get(Column.TOKENS);
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

  /** The text columns whose value is the same in every row of a run (absent in none), by name. */
  private Map<String, String> tags(int[] members) {
    Map<String, String> tags = new java.util.TreeMap<>();
    int first = members[0];
    int end = first + 1 < table.rows ? table.extraStart.get(first + 1) : table.extraColumn.size();
    for (int e = table.extraStart.get(first); e < end; e++) {
      int id = table.extraColumn.get(e);
      int code = table.extraCode.get(e);
      if (!table.extraIsText.get(id)) {
        continue;
      }
      boolean constant = true;
      for (int i = 1; i < members.length && constant; i++) {
        constant = table.extraCode(members[i], id) == code;
      }
      if (constant) {
        tags.put(extraNames().get(id), table.extraValues.get(id).value(code));
      }
    }
    return tags;
  }

  private List<String> extraNames() {
    if (extraNames == null) {
      extraNames = List.copyOf(table.extras.keySet());
    }
    return extraNames;
  }

  private List<String> extraNames;

  private Run toRun(String id, int row, Checkpoints checkpoints, Map<String, String> tags) {
    double seed = table.numbers.get(Column.SEED).get(row);
    return new Run(
        id,
        table.family.get(row) < 0
            ? Run.DEFAULT_FAMILY
            : table.families.value(table.family.get(row)),
        table.numbers.get(Column.PARAMS).get(row),
        table.numbers.get(Column.LR).get(row),
        table.numbers.get(Column.BATCH_SIZE).get(row),
        Double.isNaN(seed) ? null : (long) seed,
        tags,
        checkpoints);
  }
}
