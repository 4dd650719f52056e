package dev.lawfit.report;

import dev.lawfit.analysis.hparams.HparamsAnalysis;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.DroppedRows;
import dev.lawfit.data.Selection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code lawfit hparams} reports: document {@code lawfit.hparams/2}. The groups with their
 * optima come first, then the laws; absent values are {@code null}, never NaN. Version 2 writes
 * every estimate as {@code {value, stderr, ci95}}, as every document writes a parameter; version 1
 * had no {@code stderr}.
 */
public record HparamsReport(
    String schema,
    String lawfitVersion,
    Settings settings,
    Input input,
    List<Group> groups,
    List<BatchOptimum> batchOptima,
    Laws laws,
    Comparison comparison,
    List<String> warnings) {

  public static final String SCHEMA = "lawfit.hparams/2";

  /**
   * How the analysis was run.
   *
   * @param over the laws' variable
   * @param grouping what one group is
   * @param windowHalfWidth swept values each side of the lowest in a parabola's window
   * @param divergedAbove a loss above this counted as diverged ({@code null}: only NaN and inf)
   * @param sensitivity what s means
   */
  public record Settings(
      String over,
      String grouping,
      int windowHalfWidth,
      Double divergedAbove,
      String sensitivity,
      int bootstrap,
      long seed) {}

  public record Input(
      List<InputFile> files,
      Selection selection,
      int runs,
      long checkpoints,
      List<DroppedRows> dropped) {}

  /** A group's status as the document names it ({@link HparamsAnalysis.LrStatus}). */
  public enum LrStatus implements StatusLabel {
    OK,
    EDGE_LOW,
    EDGE_HIGH,
    NOT_CONVEX,
    TOO_FEW_LRS,
    ALL_DIVERGED
  }

  /**
   * A batch-size optimum's status as the document names it ({@link HparamsAnalysis.BatchStatus}).
   */
  public enum BatchStatus implements StatusLabel {
    OK,
    EDGE_LOW,
    EDGE_HIGH,
    NOT_CONVEX,
    TOO_FEW_BATCH_SIZES,
    POORLY_DETERMINED
  }

  /**
   * An estimate with its standard error and 95% interval (each {@code null} when there is none; see
   * {@link HparamsAnalysis.Estimate}).
   */
  public record Estimate(double value, Double stderr, List<Double> ci95) {
    public static Estimate of(HparamsAnalysis.Estimate e) {
      return e == null ? null : new Estimate(e.value(), e.stderr(), e.ci95());
    }
  }

  /**
   * The learning-rate optimum of one (N, B, T) group (see {@link HparamsAnalysis.LrGroup}).
   *
   * @param status {@code ok}, {@code edge_low}, {@code edge_high}, {@code not_convex}, {@code
   *     too_few_lrs} or {@code all_diverged}
   */
  public record Group(
      Double params,
      double batchSize,
      double tokens,
      int runs,
      int diverged,
      List<Double> lrRange,
      Double lowestDivergedLr,
      LrStatus status,
      Double bestLr,
      Estimate etaStar,
      Estimate sensitivity,
      Double lossAtOptimum,
      List<Double> window,
      List<String> warnings) {
    static Group of(HparamsAnalysis.LrGroup g) {
      return new Group(
          g.params(),
          g.batchSize(),
          g.tokens(),
          g.runs(),
          g.diverged(),
          g.lrRange(),
          g.lowestDivergedLr(),
          LrStatus.valueOf(g.status().name()),
          g.bestLr(),
          Estimate.of(g.etaStar()),
          Estimate.of(g.sensitivity()),
          g.lossAtOptimum(),
          g.window(),
          g.warnings());
    }
  }

  /**
   * The batch-size optimum of one (N, T) (see {@link HparamsAnalysis.BatchGroup}).
   *
   * @param status as for {@link Group}, with {@code too_few_batch_sizes} and {@code
   *     poorly_determined}
   */
  public record BatchOptimum(
      Double params,
      double tokens,
      int batchSizes,
      BatchStatus status,
      Double bestBatchSize,
      Estimate bStar,
      Double lossAtOptimum,
      List<Double> window,
      List<String> warnings) {
    static BatchOptimum of(HparamsAnalysis.BatchGroup g) {
      return new BatchOptimum(
          g.params(),
          g.tokens(),
          g.batchSizes(),
          BatchStatus.valueOf(g.status().name()),
          g.bestBatchSize(),
          Estimate.of(g.bStar()),
          g.lossAtOptimum(),
          g.window(),
          g.warnings());
    }
  }

  /** The three laws; each {@code null} when the data cannot give it. */
  public record Laws(FittedLaw etaStar, FittedLaw bStar, FittedLaw sensitivity) {}

  /** Measured, our law's and the published law's optimum at one point of the data. */
  public record ComparedPoint(
      Double params,
      Double batchSize,
      double tokens,
      double compute,
      Double measured,
      Double law,
      double published) {}

  /**
   * A published law beside ours over the data's range.
   *
   * @param units what B and C mean here
   */
  public record Comparison(
      String law,
      String source,
      String etaFormula,
      String batchFormula,
      String units,
      List<ComparedPoint> etaStar,
      List<ComparedPoint> bStar) {
    static Comparison of(HparamsAnalysis.Comparison c) {
      if (c == null) {
        return null;
      }
      return new Comparison(
          c.law(),
          c.source(),
          c.etaFormula(),
          c.batchFormula(),
          c.units(),
          points(c.etaStar()),
          points(c.bStar()));
    }

    private static List<ComparedPoint> points(List<HparamsAnalysis.ComparedPoint> points) {
      return points.stream()
          .map(
              p ->
                  new ComparedPoint(
                      p.params(),
                      p.batchSize(),
                      p.tokens(),
                      p.compute(),
                      p.measured(),
                      p.law(),
                      p.published()))
          .toList();
    }
  }

  public static HparamsReport of(
      Dataset dataset,
      HparamsAnalysis.Options options,
      HparamsAnalysis.Result result,
      String version) {
    Settings settings =
        new Settings(
            options.over().label(),
            dataset.selection().finalOnly()
                ? "(params, batch_size, tokens): each run's final checkpoint is one run of that budget"
                : "(params, batch_size, tokens): each checkpoint at T counts as a run of budget T (tokens to 3 significant digits)",
            options.halfWidth(),
            options.divergedAbove(),
            "L = L* + s ln^2(eta / eta*): the loss rise at eta = e^(+-1) eta*",
            options.resamples(),
            options.seed());
    Input input =
        new Input(
            InputFile.of(dataset.files()),
            dataset.selection(),
            dataset.runs().size(),
            dataset.checkpointCount(),
            dataset.dropped());
    List<String> warnings = new ArrayList<>();
    Map<String, Integer> byStatus = new TreeMap<>();
    for (HparamsAnalysis.LrGroup g : result.groups()) {
      if (g.status() != HparamsAnalysis.LrStatus.OK) {
        byStatus.merge(g.status().label(), 1, Integer::sum);
      }
    }
    if (!byStatus.isEmpty()) {
      int n = byStatus.values().stream().mapToInt(Integer::intValue).sum();
      List<String> parts = new ArrayList<>();
      byStatus.forEach((s, c) -> parts.add(c + " " + s));
      warnings.add(
          n
              + " of "
              + result.groups().size()
              + " groups give no eta* ("
              + String.join(", ", parts)
              + "); see each group's warnings");
    }
    int diverged = result.groups().stream().mapToInt(HparamsAnalysis.LrGroup::diverged).sum();
    if (diverged > 0) {
      warnings.add(
          diverged
              + " (run, budget) points diverged: counted as evidence that eta was too high, never fitted");
    }
    warnings.addAll(result.warnings());
    Laws laws =
        new Laws(
            FittedLaw.of(result.laws().etaStar()),
            FittedLaw.of(result.laws().bStar()),
            FittedLaw.of(result.laws().sensitivity()));
    for (FittedLaw law : new FittedLaw[] {laws.etaStar(), laws.bStar(), laws.sensitivity()}) {
      if (law != null) {
        law.warnings().forEach(w -> warnings.add(law.formula() + ": " + w));
      }
    }
    return new HparamsReport(
        SCHEMA,
        version,
        settings,
        input,
        result.groups().stream().map(Group::of).toList(),
        result.batchOptima().stream().map(BatchOptimum::of).toList(),
        laws,
        Comparison.of(result.comparison()),
        warnings);
  }

  /** The report for a terminal. */
  public Page toTable() {
    Page out = new Page();
    out.append("eta* per (params, batch size, tokens); s: L = L* + s ln^2(eta/eta*)\n");
    TextTable t =
        new TextTable(
            ">params",
            ">batch",
            ">tokens",
            ">runs",
            ">diverged",
            ">eta*",
            "95% CI",
            ">s",
            "status");
    for (Group g : groups) {
      t.row(
          sig(g.params()),
          exact(g.batchSize()),
          sig(g.tokens()),
          g.runs(),
          g.diverged(),
          value(g.etaStar()),
          ci(g.etaStar()),
          value(g.sensitivity()),
          g.status().label());
    }
    out.append(t);
    if (!batchOptima.isEmpty()) {
      out.append("\nB* per (params, tokens), in tokens\n");
      TextTable b = new TextTable(">params", ">tokens", ">batch sizes", ">B*", "95% CI", "status");
      for (BatchOptimum g : batchOptima) {
        b.row(
            sig(g.params()),
            sig(g.tokens()),
            g.batchSizes(),
            value(g.bStar()),
            ci(g.bStar()),
            g.status().label());
      }
      out.append(b);
    }
    out.append("\nlaws\n");
    TextTable l = new TextTable("law", "parameter", ">value", ">stderr", "95% CI", ">points");
    for (FittedLaw law : new FittedLaw[] {laws.etaStar(), laws.bStar(), laws.sensitivity()}) {
      if (law == null) {
        continue;
      }
      boolean first = true;
      for (Map.Entry<String, FittedLaw.Parameter> p : law.parameters().entrySet()) {
        FittedLaw.Parameter v = p.getValue();
        l.row(
            first ? law.formula() : "",
            p.getKey(),
            Formats.sig(v.value(), 4),
            sig(v.stderr()),
            ci(v.ci95()),
            first ? Integer.toString(law.points()) : "");
        first = false;
      }
    }
    out.append(l);
    if (comparison != null) {
      out.append("\ncompared with ")
          .append(comparison.source())
          .append(": ")
          .append(comparison.etaFormula())
          .append(", ")
          .append(comparison.batchFormula())
          .append(" (")
          .append(comparison.units())
          .append(")\n");
      TextTable c =
          new TextTable(
              ">params", ">batch", ">tokens", ">eta* measured", ">eta* our law", ">eta* published");
      for (ComparedPoint p : sample(comparison.etaStar())) {
        c.row(
            sig(p.params()),
            exact(p.batchSize()),
            sig(p.tokens()),
            sig(p.measured()),
            sig(p.law()),
            sig(p.published()));
      }
      out.append(c);
      if (comparison.etaStar().size() > 20) {
        out.append("(20 of ")
            .append(comparison.etaStar().size())
            .append(" groups, evenly spread; all in --format json)\n");
      }
      if (!comparison.bStar().isEmpty()) {
        TextTable cb =
            new TextTable(">params", ">tokens", ">B* measured", ">B* our law", ">B* published");
        for (ComparedPoint p : sample(comparison.bStar())) {
          cb.row(
              sig(p.params()),
              sig(p.tokens()),
              sig(p.measured()),
              sig(p.law()),
              sig(p.published()));
        }
        out.append('\n').append(cb);
      }
    }
    for (String w : warnings) {
      out.append("\nwarning: ").append(w);
    }
    if (!warnings.isEmpty()) {
      out.append('\n');
    }
    return out;
  }

  /** At most 20 points, evenly spread over the list (first and last included), for a terminal. */
  static <T> List<T> sample(List<T> all) {
    int n = all.size();
    if (n <= 20) {
      return all;
    }
    List<T> out = new ArrayList<>();
    for (int k = 0; k < 20; k++) {
      out.add(all.get((int) Math.round((double) k * (n - 1) / 19)));
    }
    return out;
  }

  static String sig(Double v) {
    return v == null ? "-" : Formats.sig(v, 3);
  }

  /** Batch sizes as the integers they usually are: 131072, not 1.31e5. */
  static String exact(Double v) {
    return v != null && v == Math.rint(v) && Math.abs(v) < 1e9
        ? Long.toString(v.longValue())
        : sig(v);
  }

  static String value(Estimate e) {
    return e == null ? "-" : Formats.sig(e.value(), 3);
  }

  static String ci(Estimate e) {
    return e == null ? "-" : ci(e.ci95());
  }

  static String ci(List<Double> ci) {
    return ci == null
        ? "-"
        : "[" + Formats.sig(ci.get(0), 3) + ", " + Formats.sig(ci.get(1), 3) + "]";
  }
}
