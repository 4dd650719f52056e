package dev.lawfit.report;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.lawfit.analysis.hparams.CriticalBatch;
import dev.lawfit.analysis.hparams.GradientNoise;
import dev.lawfit.report.HparamsReport.Estimate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code lawfit critical-batch} reports: document {@code lawfit.critical-batch/2}. Per target
 * B_crit and E_min with intervals, then the law B_crit = k E_min^gamma; or, from gradient-noise
 * logs, the noise-scale series. B and E are in tokens. Version 2 writes a target's {@code group} as
 * its key object ({@code {params: "1.2e8"}}, {@code {model: "small"}}; {@code null} when there is
 * one group) and E_min and B_crit as {@code {value, stderr, ci95}}; version 1 wrote the bare group
 * value and no {@code stderr} ({@link Documents} still reads it).
 *
 * @param mode {@code sweep}, {@code steps} or {@code gradient-noise}
 */
public record CriticalBatchReport(
    String schema,
    String lawfitVersion,
    String mode,
    Settings settings,
    List<InputFile> files,
    List<Target> targets,
    FittedLaw law,
    Noise gradientNoise,
    List<String> warnings) {

  public static final String SCHEMA = "lawfit.critical-batch/2";
  public static final String SCHEMA_1 = "lawfit.critical-batch/1";

  /**
   * How the analysis was run: one record per mode, its fields in alphabetical order. A document
   * read back is told apart by the fields it has (no type field is written).
   */
  @JsonTypeInfo(use = JsonTypeInfo.Id.DEDUCTION)
  @JsonSubTypes({
    @JsonSubTypes.Type(SweepSettings.class),
    @JsonSubTypes.Type(StepsSettings.class),
    @JsonSubTypes.Type(NoiseSettings.class)
  })
  public sealed interface Settings permits SweepSettings, StepsSettings, NoiseSettings {}

  /**
   * Mode {@code sweep}.
   *
   * @param curves how each batch size's loss curve was made
   * @param targets the target losses given (a list of numbers), or a sentence naming the grid of
   *     losses used instead
   */
  public record SweepSettings(
      int bootstrap,
      String curves,
      Double divergedAbove,
      long seed,
      Object targets,
      int windowHalfWidth)
      implements Settings {}

  /**
   * Mode {@code steps}: the columns read.
   *
   * @param tokens where the tokens to the target came from
   */
  public record StepsSettings(
      String batchColumn,
      int bootstrap,
      String groupColumn,
      long seed,
      String targetColumn,
      String tokens)
      implements Settings {}

  /**
   * Mode {@code gradient-noise}.
   *
   * @param columns step, |G_small|^2, |G_big|^2, B_small and B_big, as named in the input
   */
  public record NoiseSettings(int bootstrap, List<String> columns, long seed) implements Settings {}

  /** A target's status as the document names it ({@link CriticalBatch.Status}). */
  public enum Status implements StatusLabel {
    OK,
    TOO_FEW_BATCH_SIZES,
    NO_TRADEOFF,
    NO_FIT
  }

  /** Tokens (and steps) one batch size needs to reach a target. */
  public record Point(double batchSize, double tokens, double steps) {}

  /**
   * The trade-off at one target (see {@link CriticalBatch.Target}).
   *
   * @param group the group's key {@code {column: value}}, {@code null} when the data are one group
   */
  public record Target(
      Map<String, String> group,
      Double params,
      Double targetLoss,
      List<Point> points,
      Status status,
      Estimate eMin,
      Estimate bCrit,
      Double sMin,
      Double bCritLogStderr,
      List<String> warnings) {
    static Target of(CriticalBatch.Target t, String column) {
      return new Target(
          key(column, t.group()),
          t.params(),
          t.targetLoss(),
          t.points().stream().map(p -> new Point(p.batchSize(), p.tokens(), p.steps())).toList(),
          Status.valueOf(t.status().name()),
          Estimate.of(t.eMin()),
          Estimate.of(t.bCrit()),
          t.sMin(),
          t.bCritLogStderr(),
          t.warnings());
    }
  }

  /**
   * What a target's group value is a value of: the model size in a sweep, the group column in a
   * steps table ({@code null} when there is none: one group).
   */
  public static String groupColumn(Settings settings) {
    return settings instanceof StepsSettings s
        ? s.groupColumn()
        : settings instanceof SweepSettings ? "params" : null;
  }

  /**
   * A group's key: {@code {column: value}}; {@code null} for the one group of ungrouped data
   * ({@code column} null, or a sweep without model sizes, whose group analysis names {@value
   * CriticalBatch#ALL}).
   */
  public static Map<String, String> key(String column, String value) {
    return column == null || value == null || value.equals(CriticalBatch.ALL)
        ? null
        : Map.of(column, value);
  }

  /**
   * A group's value as a table or a legend names it: {@code all} for the one group of ungrouped
   * data.
   */
  public static String label(Map<String, String> key) {
    return key == null ? CriticalBatch.ALL : String.join(",", key.values());
  }

  /** One step of the gradient-noise series (see {@link GradientNoise.Step}). */
  public record Step(
      double step,
      double gradSq,
      double trace,
      double gradSqAverage,
      double traceAverage,
      Double bSimple,
      Double batchSize) {}

  /** The document of a trade-off analysis (mode {@code sweep} or {@code steps}). */
  public static CriticalBatchReport of(
      String mode,
      Settings settings,
      List<InputFile> files,
      CriticalBatch.Result r,
      String version) {
    List<String> warnings = new ArrayList<>(r.warnings());
    long bad = r.targets().stream().filter(t -> t.status() != CriticalBatch.Status.OK).count();
    if (bad > 0) {
      warnings.add(
          bad
              + " of "
              + r.targets().size()
              + " targets give no B_crit; see each target's warnings");
    }
    String column = groupColumn(settings);
    return new CriticalBatchReport(
        SCHEMA,
        version,
        mode,
        settings,
        files,
        r.targets().stream().map(t -> Target.of(t, column)).toList(),
        FittedLaw.of(r.law()),
        null,
        warnings);
  }

  /** The document of a gradient-noise series. */
  public static CriticalBatchReport of(
      NoiseSettings settings,
      List<InputFile> files,
      double decay,
      Double normTestEta,
      List<GradientNoise.Step> steps,
      String version) {
    List<String> warnings = new ArrayList<>();
    long negative = steps.stream().filter(s -> s.bSimple() == null).count();
    if (negative > 0) {
      warnings.add(
          negative
              + " of "
              + steps.size()
              + " steps have a moving-average |G|^2 that is not positive: no B_simple "
              + "there (raise --decay to average over more steps)");
    }
    Double last = steps.isEmpty() ? null : steps.get(steps.size() - 1).bSimple();
    List<Step> out =
        steps.stream()
            .map(
                s ->
                    new Step(
                        s.step(),
                        s.gradSq(),
                        s.trace(),
                        s.gradSqAverage(),
                        s.traceAverage(),
                        s.bSimple(),
                        s.batchSize()))
            .toList();
    return new CriticalBatchReport(
        SCHEMA,
        version,
        "gradient-noise",
        settings,
        files,
        null,
        null,
        new Noise(decay, normTestEta, last, out),
        warnings);
  }

  /**
   * The gradient-noise series.
   *
   * @param decay the moving averages' decay per step
   * @param normTestEta the norm test's eta, {@code null} when no schedule was asked for
   * @param bSimpleLast B_simple at the last step
   */
  public record Noise(double decay, Double normTestEta, Double bSimpleLast, List<Step> steps) {}

  /** The report for a terminal. */
  public Page toTable() {
    Page out = new Page();
    if (targets != null) {
      out.append(
          "critical batch size per target: E = E_min (1 + B/B_crit), B and E in tokens, S_min in steps\n");
      TextTable t =
          new TextTable(
              "group",
              ">target loss",
              ">batch sizes",
              ">E_min",
              "95% CI",
              ">B_crit",
              "95% CI",
              ">S_min",
              "status");
      for (Target g : targets) {
        t.row(
            label(g.group()),
            HparamsReport.sig(g.targetLoss()),
            g.points().size(),
            HparamsReport.value(g.eMin()),
            HparamsReport.ci(g.eMin()),
            HparamsReport.value(g.bCrit()),
            HparamsReport.ci(g.bCrit()),
            HparamsReport.sig(g.sMin()),
            g.status().label());
      }
      out.append(t);
      if (law != null) {
        out.append("\nlaw\n");
        TextTable l = new TextTable("law", "parameter", ">value", ">stderr", "95% CI", ">points");
        boolean first = true;
        for (Map.Entry<String, FittedLaw.Parameter> p : law.parameters().entrySet()) {
          l.row(
              first ? law.formula() : "",
              p.getKey(),
              Formats.sig(p.getValue().value(), 4),
              HparamsReport.sig(p.getValue().stderr()),
              HparamsReport.ci(p.getValue().ci95()),
              first ? Integer.toString(law.points()) : "");
          first = false;
        }
        out.append(l);
      }
    }
    if (gradientNoise != null) {
      List<Step> steps = gradientNoise.steps();
      out.append("gradient noise scale (moving averages, decay ")
          .append(gradientNoise.decay())
          .append(")")
          .append(steps.size() > 20 ? ", 20 of " + steps.size() + " steps" : "")
          .append('\n');
      TextTable t =
          new TextTable(
              ">step",
              ">|G|^2",
              ">tr(Sigma)",
              ">avg |G|^2",
              ">avg tr(Sigma)",
              ">B_simple",
              ">norm-test batch");
      int n = steps.size();
      int shown = Math.min(n, 20);
      for (int k = 0; k < shown; k++) {
        Step s = steps.get(shown == n ? k : (int) Math.round((double) k * (n - 1) / (shown - 1)));
        t.row(
            Formats.sig(s.step(), 6),
            Formats.sig(s.gradSq(), 3),
            Formats.sig(s.trace(), 3),
            Formats.sig(s.gradSqAverage(), 3),
            Formats.sig(s.traceAverage(), 3),
            HparamsReport.sig(s.bSimple()),
            HparamsReport.exact(s.batchSize()));
      }
      out.append(t);
    }
    for (String w : warnings) {
      out.append("\nwarning: ").append(w);
    }
    if (!warnings.isEmpty()) {
      out.append('\n');
    }
    return out;
  }
}
