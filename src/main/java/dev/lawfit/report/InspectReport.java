package dev.lawfit.report;

import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.DroppedRows;
import dev.lawfit.data.Run;
import dev.lawfit.data.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code lawfit inspect} reports about a dataset: document {@code lawfit.inspect/2} (version 1
 * wrote a group's {@code key} as the bare value; it is an object {@code {group_by: value}} in every
 * document now).
 *
 * @param load how the logs were read, as every other document records it under {@code input.load}:
 *     {@code columns} maps each canonical column to the header (or derivation) that feeds it
 * @param groupBy the column the summary is split by ({@code family} unless asked otherwise)
 */
public record InspectReport(
    String schema,
    String lawfitVersion,
    List<InputFile> files,
    FitDocument.Load load,
    List<String> columns,
    List<String> tagColumns,
    List<String> ignoredColumns,
    String groupBy,
    List<Group> groups,
    Summary total,
    Selection selection,
    List<String> notes,
    List<DroppedRows> dropped) {

  public static final String SCHEMA = "lawfit.inspect/2";

  /** Smallest and largest value, {@code null} when there is none. */
  public record Range(Double min, Double max) {
    static Range of(double min, double max) {
      return min > max ? new Range(null, null) : new Range(min, max);
    }
  }

  /** Counts and ranges of a set of runs. */
  public record Summary(int runs, long checkpoints, Range params, Range tokens, Range loss) {}

  /**
   * One group: {@code key} maps the grouping column to the group's value, as in every grouped
   * document.
   */
  public record Group(Map<String, String> key, Summary summary) {}

  /**
   * Summarises {@code dataset}, read as {@code load} records, split by {@code groupBy} (a run-level
   * column or tag).
   */
  public static InspectReport of(
      Dataset dataset, FitDocument.Load load, String groupBy, String version) {
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<String, Dataset> e : dataset.groupBy(groupBy).entrySet()) {
      groups.add(new Group(Map.of(groupBy, e.getKey()), summarise(e.getValue().runs())));
    }
    return new InspectReport(
        SCHEMA,
        version,
        InputFile.of(dataset.files()),
        load,
        dataset.columns(),
        dataset.tagColumns(),
        dataset.ignoredColumns(),
        groupBy,
        groups,
        summarise(dataset.runs()),
        dataset.selection(),
        dataset.notes(),
        dataset.dropped());
  }

  static Summary summarise(List<Run> runs) {
    double pMin = Double.POSITIVE_INFINITY;
    double pMax = Double.NEGATIVE_INFINITY;
    double tMin = Double.POSITIVE_INFINITY;
    double tMax = Double.NEGATIVE_INFINITY;
    double lMin = Double.POSITIVE_INFINITY;
    double lMax = Double.NEGATIVE_INFINITY;
    long checkpoints = 0;
    for (Run run : runs) {
      if (!Double.isNaN(run.params())) {
        pMin = Math.min(pMin, run.params());
        pMax = Math.max(pMax, run.params());
      }
      Checkpoints c = run.checkpoints();
      checkpoints += c.size();
      tMin = Math.min(tMin, c.tokens(0));
      tMax = Math.max(tMax, c.maxTokens());
      for (int i = 0; i < c.size(); i++) {
        lMin = Math.min(lMin, c.loss(i));
        lMax = Math.max(lMax, c.loss(i));
      }
    }
    return new Summary(
        runs.size(), checkpoints, Range.of(pMin, pMax), Range.of(tMin, tMax), Range.of(lMin, lMax));
  }

  /** The report for a terminal. */
  public Page toTable() {
    Page out = new Page();
    for (InputFile f : files) {
      out.append("file     ")
          .append(f.path())
          .append("  (")
          .append(f.format())
          .append(f.gzip() ? ", gzip" : "")
          .append(", ")
          .append(Formats.count(f.rows()))
          .append(f.rows() == 1 ? " row)\n" : " rows)\n");
    }
    out.append("columns  ").append(String.join(", ", columns)).append('\n');
    if (!load.columns().isEmpty()) {
      List<String> read = new ArrayList<>();
      load.columns().forEach((canonical, from) -> read.add(canonical + " <- " + from));
      out.append("read     ").append(String.join(", ", read)).append('\n');
    }
    if (!tagColumns.isEmpty()) {
      out.append("tags     ").append(String.join(", ", tagColumns)).append('\n');
    }
    if (!ignoredColumns.isEmpty()) {
      out.append("ignored  ")
          .append(String.join(", ", ignoredColumns))
          .append(" (numeric, not a lawfit column)\n");
    }
    out.append('\n');
    TextTable table =
        new TextTable(
            groupBy,
            ">runs",
            ">checkpoints",
            ">params min",
            ">params max",
            ">tokens min",
            ">tokens max",
            ">loss min",
            ">loss max");
    for (Group g : groups) {
      addRow(table, g.key().get(groupBy), g.summary());
    }
    if (groups.size() > 1) {
      addRow(table, "(all)", total);
    }
    out.append(table);
    for (String note : notes) {
      out.append("\nnote: ").append(note);
    }
    for (DroppedRows d : dropped) {
      out.append("\ndropped ")
          .append(Formats.count(d.count()))
          .append(d.count() == 1 ? " row: " : " rows: ")
          .append(d.reason())
          .append(" (");
      List<String> parts = new ArrayList<>();
      d.byRun().forEach((run, n) -> parts.add(run + ": " + n));
      out.append(
              parts.size() > 5
                  ? String.join(", ", parts.subList(0, 5))
                      + ", ... "
                      + (parts.size() - 5)
                      + " more runs"
                  : String.join(", ", parts))
          .append(')');
    }
    if (!notes.isEmpty() || !dropped.isEmpty()) {
      out.append('\n');
    }
    return out;
  }

  private static void addRow(TextTable table, String key, Summary s) {
    table.row(
        key,
        Formats.count(s.runs()),
        Formats.count(s.checkpoints()),
        sig(s.params().min()),
        sig(s.params().max()),
        sig(s.tokens().min()),
        sig(s.tokens().max()),
        sig(s.loss().min()),
        sig(s.loss().max()));
  }

  private static String sig(Double v) {
    return v == null ? "-" : Formats.sig(v, 3);
  }
}
