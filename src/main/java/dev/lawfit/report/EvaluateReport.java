package dev.lawfit.report;

import dev.lawfit.analysis.Holdout;
import dev.lawfit.analysis.Points;
import dev.lawfit.data.Dataset;
import dev.lawfit.fit.FitResult;
import dev.lawfit.law.Law;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds holdout documents ({@code lawfit.evaluate/2}) and renders them for a terminal. */
public final class EvaluateReport {
  private EvaluateReport() {}

  /** The document of a holdout evaluation; {@code load} and {@code fit} are recorded as given. */
  public static EvaluateDocument document(
      List<Holdout.Group> groups,
      String groupBy,
      Dataset dataset,
      Holdout.Settings settings,
      FitDocument.Load load,
      EvaluateDocument.Fit fit,
      String version) {
    Law law = settings.law();
    String percent = Formats.sig(100 * (1 - settings.window()), 4) + "%";
    var protocol =
        new EvaluateDocument.Protocol(
            settings.trainModels(),
            settings.trainFractions(),
            settings.window(),
            lower(settings.modelsFrom()),
            lower(settings.fractionOf()),
            "the largest model size of each group; runs of one size (seeds) count as one model",
            settings.modelsFrom() == Holdout.ModelsFrom.SMALLEST
                ? "the m smallest sizes of the group"
                : "the m largest sizes below the target",
            settings.fractionOf() == Holdout.FractionOf.FAMILY
                ? "every training run's checkpoints at tokens < p x the longest training run's final tokens (all at p = 1)"
                : "each training run's checkpoints at tokens <= p x its own final tokens",
            "mean |L - L_hat| / L over the target's checkpoints at tokens >= "
                + percent
                + " of each target run's final tokens",
            settings.rollout()
                ? "for k = 2 up to all sizes but one: fit the k smallest sizes, predict the next size up"
                : null,
            fit);
    var input =
        new EvaluateDocument.Input(
            InputFile.of(dataset.files()),
            load,
            dataset.selection(),
            Points.computeCounting(dataset),
            dataset.notes());
    List<EvaluateDocument.Group> out = new ArrayList<>();
    List<EvaluateDocument.Cell> all = new ArrayList<>();
    for (Holdout.Group g : groups) {
      List<EvaluateDocument.Cell> grid = cells(g.grid());
      all.addAll(grid);
      out.add(
          new EvaluateDocument.Group(
              Map.of(groupBy, g.key()),
              g.sizes(),
              finite(g.targetParams()),
              g.targetRuns(),
              g.evalPoints(),
              grid,
              settings.rollout() ? cells(g.rollout()) : null,
              summary(grid)));
    }
    return new EvaluateDocument(
        EvaluateDocument.SCHEMA,
        version,
        law.name(),
        law.formula(),
        protocol,
        input,
        groupBy,
        out,
        summary(all));
  }

  /** Counts, and the mean and median ARE of the reliable scored cells. */
  static EvaluateDocument.Summary summary(List<EvaluateDocument.Cell> cells) {
    int scored = 0;
    int unreliable = 0;
    List<Double> reliable = new ArrayList<>();
    for (EvaluateDocument.Cell c : cells) {
      if (c.are() == null) {
        continue;
      }
      scored++;
      if (c.unreliable() != null) {
        unreliable++;
      } else {
        reliable.add(c.are());
      }
    }
    double[] values = reliable.stream().mapToDouble(Double::doubleValue).toArray();
    Double mean = values.length == 0 ? null : java.util.Arrays.stream(values).sum() / values.length;
    Double median = values.length == 0 ? null : dev.lawfit.stats.Quantiles.of(values, 0.5);
    return new EvaluateDocument.Summary(cells.size(), scored, unreliable, mean, median);
  }

  private static List<EvaluateDocument.Cell> cells(List<Holdout.Cell> cells) {
    List<EvaluateDocument.Cell> out = new ArrayList<>(cells.size());
    for (Holdout.Cell c : cells) {
      Holdout.Score s = c.score();
      if (s == null) {
        out.add(
            new EvaluateDocument.Cell(
                c.models(),
                c.fraction(),
                c.trainParams(),
                finite(c.targetParams()),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new FitsDocument.Failure(c.failure().reason(), c.failure().message())));
        continue;
      }
      FitResult fit = s.fit().fit();
      Map<String, FitDocument.Parameter> parameters = new LinkedHashMap<>();
      fit.parameters().forEach(p -> parameters.put(p.name(), FitReport.parameter(p)));
      out.add(
          new EvaluateDocument.Cell(
              c.models(),
              c.fraction(),
              c.trainParams(),
              c.targetParams(),
              s.trainRuns(),
              s.trainPoints(),
              s.evalPoints(),
              s.are(),
              s.maxAre(),
              parameters,
              fit.warnings(),
              s.unreliable(),
              null));
    }
    return out;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** The document for a terminal: one row per grid cell, then one per rollout step. */
  public static Page table(EvaluateDocument doc) {
    Page out = new Page();
    var p = doc.protocol();
    out.append("law       ").append(doc.law()).append("   ").append(doc.formula()).append('\n');
    out.append("target    per ").append(doc.groupBy()).append(": ").append(p.target()).append('\n');
    out.append("fit       ")
        .append(p.models())
        .append(" (m, --train-models-from ")
        .append(p.trainModelsFrom())
        .append("); ")
        .append(p.fraction())
        .append(" (p, --fraction-of ")
        .append(p.fractionOf())
        .append(")\n");
    out.append("score     ARE = ").append(p.score()).append('\n');
    var sel = doc.input().selection();
    if (sel != null && sel.dropEarlyTokens() != null) {
      out.append("selection checkpoints at or below ")
          .append(Formats.sig(sel.dropEarlyTokens(), 3))
          .append(" tokens dropped first\n");
    }
    out.append('\n');
    out.append(cellTable(doc, false, "m"));
    out.append('\n').append(summaryTable(doc));
    if (p.rollout() != null) {
      out.append("\nrollout   ").append(p.rollout()).append("\n\n");
      out.append(cellTable(doc, true, "k"));
    }
    return out;
  }

  private static TextTable cellTable(EvaluateDocument doc, boolean rollout, String models) {
    TextTable t =
        new TextTable(
            doc.groupBy(),
            ">sizes",
            ">target N",
            ">" + models,
            ">p",
            "train N",
            ">points",
            ">ARE",
            ">max ARE",
            "note");
    for (EvaluateDocument.Group g : doc.groups()) {
      String key = g.key().get(doc.groupBy());
      List<EvaluateDocument.Cell> cells = rollout ? g.rollout() : g.grid();
      if (cells.isEmpty()) {
        t.row(
            key,
            g.sizes().size(),
            number(g.targetParams()),
            "-",
            "-",
            "-",
            "-",
            "-",
            "-",
            rollout ? "fewer than 3 sizes: no rollout step" : "");
      }
      for (EvaluateDocument.Cell c : cells) {
        String train =
            c.trainParams().isEmpty()
                ? "-"
                : c.trainParams().size() == 1
                    ? Formats.sig(c.trainParams().get(0), 3)
                    : Formats.sig(c.trainParams().get(0), 3)
                        + ".."
                        + Formats.sig(c.trainParams().get(c.trainParams().size() - 1), 3);
        String warned =
            c.warnings() == null || c.warnings().isEmpty()
                ? ""
                : c.warnings().size()
                    + (c.warnings().size() == 1 ? " fit warning" : " fit warnings");
        String note =
            c.error() != null
                ? c.error().reason().replace('_', ' ') + ": " + c.error().message()
                : c.unreliable() != null
                    ? "UNRELIABLE (" + c.unreliable() + "); " + warned
                    : warned;
        t.row(
            key,
            g.sizes().size(),
            number(c.targetParams()),
            c.trainModels(),
            Formats.sig(c.trainFraction(), 3),
            train,
            c.trainPoints() == null ? "-" : Formats.count(c.trainPoints()),
            percent(c.are()),
            percent(c.maxAre()),
            note);
      }
    }
    return t;
  }

  /**
   * Per group and over all groups: the grid's cells, how many were scored and unreliable, mean and
   * median ARE.
   */
  private static String summaryTable(EvaluateDocument doc) {
    TextTable t =
        new TextTable(
            doc.groupBy(), ">cells", ">scored", ">unreliable", ">mean ARE", ">median ARE");
    for (EvaluateDocument.Group g : doc.groups()) {
      summaryRow(t, g.key().get(doc.groupBy()), g.summary());
    }
    if (doc.groups().size() > 1) {
      summaryRow(t, "all", doc.summary());
    }
    return "summary   grid cells; mean and median ARE over the reliable cells (unreliable ones left out)\n\n"
        + t.render();
  }

  private static void summaryRow(TextTable t, String key, EvaluateDocument.Summary s) {
    t.row(key, s.cells(), s.scored(), s.unreliable(), percent(s.meanAre()), percent(s.medianAre()));
  }

  private static String number(Double v) {
    return v == null ? "-" : Formats.sig(v, 3);
  }

  private static String percent(Double fraction) {
    return fraction == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }
}
