package dev.lawfit.data;

/** The duplicate policy: what two rows of one run at the same token count become. */
final class Duplicates {
  private final LogTable table;

  Duplicates(LogTable table) {
    this.table = table;
  }

  /**
   * The checkpoints of a run, one per token count unless --on-duplicate keep, and how many rows
   * were merged.
   */
  record Resolved(Checkpoints checkpoints, long merged) {}

  /**
   * Resolves rows of one run at the same tokens by the --on-duplicate policy: an error naming both
   * rows, the first, the last, the mean of each value present, or both kept.
   *
   * @param members the run's rows, sorted by tokens (stable, so first and last are in input order)
   */
  Resolved resolve(int[] members, String id) throws InputException {
    DoubleColumn tokens = table.numbers.get(Column.TOKENS);
    DoubleColumn loss = table.numbers.get(Column.LOSS);
    DoubleColumn step = table.numbers.get(Column.STEP);
    DoubleColumn flops = table.numbers.get(Column.FLOPS);
    int n = members.length;
    double[] t = new double[n];
    double[] l = new double[n];
    double[] s = new double[n];
    double[] f = new double[n];
    int out = 0;
    long merged = 0;
    for (int i = 0; i < n; ) {
      int j = i + 1;
      while (j < n
          && table.options.onDuplicate() != OnDuplicate.KEEP
          && tokens.get(members[j]) == tokens.get(members[i])) {
        j++;
      }
      int r = members[i];
      if (j - i > 1) {
        switch (table.options.onDuplicate()) {
          case ERROR ->
              throw new InputException(
                  table.fileNames.get(table.file.get(members[i + 1])),
                  table.line.get(members[i + 1]),
                  0,
                  "run '"
                      + id
                      + "' has a second row at tokens "
                      + Numbers.format(tokens.get(r))
                      + " (the first is at "
                      + table.where(r)
                      + "); choose with --on-duplicate first|last|mean|keep");
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
    return new Resolved(Checkpoints.adopt(t, l, s, f), merged);
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
}
