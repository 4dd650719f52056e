package dev.lawfit.report;

import dev.lawfit.analysis.Drift;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CI gate's document, {@code lawfit.check/2}, and its diff table. Version 2 writes a group as
 * its key object {@code {group_by: value}}, as every grouped document does; version 1 wrote the
 * bare value.
 */
public final class CheckReport {
  private CheckReport() {}

  public static final String SCHEMA = "lawfit.check/2";

  /** One comparison; {@code group} is the group's key, null for ungrouped fits. */
  public record Row(
      Map<String, String> group,
      String kind,
      String name,
      double baseline,
      double current,
      double change,
      Double relativeChange,
      double limit,
      String rule,
      boolean pass) {}

  /**
   * @param current the fit document compared, or the logs re-fitted
   * @param groupsAdded groups only the current fit has (reported, not failed)
   * @param groupsMissing groups only the baseline has (failed)
   */
  public record Document(
      String schema,
      String lawfitVersion,
      String baseline,
      List<String> current,
      String law,
      boolean passed,
      List<Row> checks,
      List<Map<String, String>> groupsAdded,
      List<Map<String, String>> groupsMissing) {}

  public static List<Row> rows(Map<String, String> group, List<Drift.Check> checks) {
    List<Row> rows = new ArrayList<>();
    for (Drift.Check c : checks) {
      Double relative =
          c.relativeChange() == null || !Double.isFinite(c.relativeChange())
              ? null
              : c.relativeChange();
      rows.add(
          new Row(
              group,
              c.kind(),
              c.name(),
              c.baseline(),
              c.current(),
              c.change(),
              relative,
              c.limit(),
              c.rule(),
              c.pass()));
    }
    return rows;
  }

  public static Page table(Document doc) {
    boolean grouped =
        doc.checks().stream().anyMatch(r -> r.group() != null) || !doc.groupsMissing().isEmpty();
    List<String> headers = new ArrayList<>();
    if (grouped) {
      headers.add("group");
    }
    headers.addAll(List.of("check", ">baseline", ">current", ">change", ">limit", "result"));
    TextTable t = new TextTable(headers.toArray(String[]::new));
    for (Row r : doc.checks()) {
      List<Object> cells = new ArrayList<>();
      if (grouped) {
        cells.add(label(r.group()));
      }
      cells.add(
          r.kind().equals("parameter")
              ? r.name()
              : r.kind().equals("loss") ? "loss at " + r.name() : "optimal " + r.name());
      cells.add(Formats.sig(r.baseline(), 5));
      cells.add(Formats.sig(r.current(), 5));
      cells.add(
          r.relativeChange() == null || r.kind().equals("exponent")
              ? String.format(Locale.ROOT, "%+.4f", r.change())
              : String.format(Locale.ROOT, "%+.2f%%", 100 * r.relativeChange()));
      cells.add(r.rule().startsWith("95%") ? "intervals overlap" : limit(r));
      cells.add(r.pass() ? "PASS" : "FAIL");
      t.row(cells.toArray());
    }
    Page out = new Page();
    out.append("baseline   ").append(doc.baseline()).append("  (").append(doc.law()).append(")\n");
    out.append("current    ").append(String.join(", ", doc.current())).append("\n\n");
    out.append(t);
    for (Map<String, String> g : doc.groupsMissing()) {
      out.append("FAIL       group ")
          .append(label(g))
          .append(" is in the baseline but not in the current fit\n");
    }
    for (Map<String, String> g : doc.groupsAdded()) {
      out.append("note       group ")
          .append(label(g))
          .append(" is new: nothing to compare it with\n");
    }
    long failed = doc.checks().stream().filter(r -> !r.pass()).count() + doc.groupsMissing().size();
    out.append('\n')
        .append(
            doc.passed()
                ? "PASS: all " + doc.checks().size() + " checks hold"
                : "FAIL: "
                    + failed
                    + " of "
                    + (doc.checks().size() + doc.groupsMissing().size())
                    + " checks failed")
        .append('\n');
    return out;
  }

  /** A group's value as the table names it (fit --group-by takes one column: one value). */
  private static String label(Map<String, String> key) {
    return String.join(",", key.values());
  }

  private static String limit(Row r) {
    if (r.kind().equals("exponent")) {
      return "±" + Formats.sig(r.limit(), 3);
    }
    return r.baseline() == 0
        ? "±" + Formats.sig(r.limit(), 3)
        : String.format(Locale.ROOT, "±%.2f%%", 100 * r.limit() / Math.abs(r.baseline()));
  }
}
