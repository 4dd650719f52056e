package dev.lawfit.report;

import dev.lawfit.analysis.hparams.CriticalBatch;
import dev.lawfit.analysis.hparams.GradientNoise;
import dev.lawfit.analysis.hparams.Law;
import java.util.List;
import java.util.Map;

/**
 * What {@code lawfit critical-batch} reports: document {@code lawfit.critical-batch/1}. Per target
 * B_crit and E_min with intervals, then the law B_crit = k E_min^gamma; or, from gradient-noise
 * logs, the noise-scale series. B and E are in tokens.
 *
 * @param mode {@code sweep}, {@code steps} or {@code gradient-noise}
 */
public record CriticalBatchReport(
    String schema,
    String lawfitVersion,
    String mode,
    Map<String, Object> settings,
    List<InputFile> files,
    List<CriticalBatch.Target> targets,
    Law law,
    Noise gradientNoise,
    List<String> warnings) {

  public static final String SCHEMA = "lawfit.critical-batch/1";

  /**
   * The gradient-noise series.
   *
   * @param decay the moving averages' decay per step
   * @param normTestEta the norm test's eta, {@code null} when no schedule was asked for
   * @param bSimpleLast B_simple at the last step
   */
  public record Noise(double decay, Double normTestEta, Double bSimpleLast, List<GradientNoise.Step> steps) {}

  /** The report for a terminal. */
  public Page toTable() {
    Page out = new Page();
    if (targets != null) {
      out.append("critical batch size per target: E = E_min (1 + B/B_crit), B and E in tokens, S_min in steps\n");
      TextTable t = new TextTable("group", ">target loss", ">batch sizes", ">E_min", "95% CI", ">B_crit", "95% CI",
          ">S_min", "status");
      for (CriticalBatch.Target g : targets) {
        t.row(g.group(), HparamsReport.sig(g.targetLoss()), g.points().size(), HparamsReport.value(g.eMin()),
            HparamsReport.ci(g.eMin()), HparamsReport.value(g.bCrit()), HparamsReport.ci(g.bCrit()),
            HparamsReport.sig(g.sMin()), g.status());
      }
      out.append(t);
      if (law != null) {
        out.append("\nlaw\n");
        TextTable l = new TextTable("law", "parameter", ">value", ">stderr", "95% CI", ">points");
        boolean first = true;
        for (Map.Entry<String, Law.Parameter> p : law.parameters().entrySet()) {
          l.row(first ? law.formula() : "", p.getKey(), Formats.sig(p.getValue().value(), 4),
              HparamsReport.sig(p.getValue().stderr()), HparamsReport.ci(p.getValue().ci95()),
              first ? Integer.toString(law.points()) : "");
          first = false;
        }
        out.append(l);
      }
    }
    if (gradientNoise != null) {
      List<GradientNoise.Step> steps = gradientNoise.steps();
      out.append("gradient noise scale (moving averages, decay ").append(gradientNoise.decay()).append(")")
          .append(steps.size() > 20 ? ", 20 of " + steps.size() + " steps" : "").append('\n');
      TextTable t = new TextTable(">step", ">|G|^2", ">tr(Sigma)", ">avg |G|^2", ">avg tr(Sigma)", ">B_simple",
          ">norm-test batch");
      int n = steps.size();
      int shown = Math.min(n, 20);
      for (int k = 0; k < shown; k++) {
        GradientNoise.Step s = steps.get(shown == n ? k : (int) Math.round((double) k * (n - 1) / (shown - 1)));
        t.row(Formats.sig(s.step(), 6), Formats.sig(s.gradSq(), 3), Formats.sig(s.trace(), 3),
            Formats.sig(s.gradSqAverage(), 3), Formats.sig(s.traceAverage(), 3), HparamsReport.sig(s.bSimple()),
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
