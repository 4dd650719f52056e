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

/** Builds holdout documents ({@code lawfit.evaluate/1}) and renders them for a terminal. */
public final class EvaluateReport {
  private EvaluateReport() {}

  /** The document of a holdout evaluation; {@code load} and {@code fit} are recorded as given. */
  public static EvaluateDocument document(List<Holdout.Group> groups, String groupBy, Dataset dataset, Holdout.Settings settings,
      FitDocument.Load load, EvaluateDocument.Fit fit, String version) {
    Law law = settings.law();
    String percent = Formats.sig(100 * (1 - settings.window()), 4) + "%";
    var protocol = new EvaluateDocument.Protocol(settings.trainModels(), settings.trainFractions(), settings.window(),
        "the largest model size of each group; runs of one size (seeds) count as one model",
        "the m largest sizes below the target",
        "each training run's checkpoints at tokens <= p x its final tokens",
        "mean |L - L_hat| / L over the target's checkpoints at tokens >= " + percent + " of each target run's final tokens",
        settings.rollout() ? "for k = 2 up to all sizes but one: fit the k smallest sizes, predict the next size up" : null,
        fit);
    var input = new EvaluateDocument.Input(InputFile.of(dataset.files()), load, dataset.selection(),
        Points.computeCounting(dataset), dataset.notes());
    List<EvaluateDocument.Group> out = new ArrayList<>();
    for (Holdout.Group g : groups) {
      out.add(new EvaluateDocument.Group(Map.of(groupBy, g.key()), g.sizes(), finite(g.targetParams()), g.targetRuns(),
          g.evalPoints(), cells(g.grid()), settings.rollout() ? cells(g.rollout()) : null));
    }
    return new EvaluateDocument(EvaluateDocument.SCHEMA, version, law.name(), law.formula(), protocol, input, groupBy, out);
  }

  private static List<EvaluateDocument.Cell> cells(List<Holdout.Cell> cells) {
    List<EvaluateDocument.Cell> out = new ArrayList<>(cells.size());
    for (Holdout.Cell c : cells) {
      Holdout.Score s = c.score();
      if (s == null) {
        out.add(new EvaluateDocument.Cell(c.models(), c.fraction(), c.trainParams(), finite(c.targetParams()), null, null, null,
            null, null, null, null, new FitsDocument.Failure(c.failure().reason(), c.failure().message())));
        continue;
      }
      FitResult fit = s.fit().fit();
      Map<String, Double> parameters = new LinkedHashMap<>();
      fit.parameters().forEach(p -> parameters.put(p.name(), p.value()));
      out.add(new EvaluateDocument.Cell(c.models(), c.fraction(), c.trainParams(), c.targetParams(), s.trainRuns(),
          s.trainPoints(), s.evalPoints(), s.are(), s.maxAre(), parameters, fit.warnings(), null));
    }
    return out;
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
    out.append("fit       ").append(p.models()).append(" (m); ").append(p.fraction()).append(" (p)\n");
    out.append("score     ARE = ").append(p.score()).append('\n');
    var sel = doc.input().selection();
    if (sel != null && sel.dropEarlyTokens() != null) {
      out.append("selection checkpoints at or below ").append(Formats.sig(sel.dropEarlyTokens(), 3))
          .append(" tokens dropped first\n");
    }
    out.append('\n');
    out.append(cellTable(doc, false, "m"));
    if (p.rollout() != null) {
      out.append("\nrollout   ").append(p.rollout()).append("\n\n");
      out.append(cellTable(doc, true, "k"));
    }
    return out;
  }

  private static TextTable cellTable(EvaluateDocument doc, boolean rollout, String models) {
    TextTable t = new TextTable(doc.groupBy(), ">sizes", ">target N", ">" + models, ">p", "train N", ">points", ">ARE",
        ">max ARE", "note");
    for (EvaluateDocument.Group g : doc.groups()) {
      String key = g.key().get(doc.groupBy());
      List<EvaluateDocument.Cell> cells = rollout ? g.rollout() : g.grid();
      if (cells.isEmpty()) {
        t.row(key, g.sizes().size(), number(g.targetParams()), "-", "-", "-", "-", "-", "-",
            rollout ? "fewer than 3 sizes: no rollout step" : "");
      }
      for (EvaluateDocument.Cell c : cells) {
        String train = c.trainParams().isEmpty() ? "-" : c.trainParams().size() == 1 ? Formats.sig(c.trainParams().get(0), 3)
            : Formats.sig(c.trainParams().get(0), 3) + ".." + Formats.sig(c.trainParams().get(c.trainParams().size() - 1), 3);
        String note = c.error() != null ? c.error().reason().replace('_', ' ') + ": " + c.error().message()
            : c.warnings().isEmpty() ? "" : c.warnings().size() + (c.warnings().size() == 1 ? " fit warning" : " fit warnings");
        t.row(key, g.sizes().size(), number(c.targetParams()), c.trainModels(), Formats.sig(c.trainFraction(), 3), train,
            c.trainPoints() == null ? "-" : Formats.count(c.trainPoints()), percent(c.are()), percent(c.maxAre()), note);
      }
    }
    return t;
  }

  private static String number(Double v) {
    return v == null ? "-" : Formats.sig(v, 3);
  }

  private static String percent(Double fraction) {
    return fraction == null ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }
}
