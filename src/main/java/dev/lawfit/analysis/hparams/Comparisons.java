package dev.lawfit.analysis.hparams;

import dev.lawfit.analysis.hparams.HparamsAnalysis.BatchGroup;
import dev.lawfit.analysis.hparams.HparamsAnalysis.BatchStatus;
import dev.lawfit.analysis.hparams.HparamsAnalysis.ComparedPoint;
import dev.lawfit.analysis.hparams.HparamsAnalysis.Comparison;
import dev.lawfit.analysis.hparams.HparamsAnalysis.Laws;
import dev.lawfit.analysis.hparams.HparamsAnalysis.LrGroup;
import dev.lawfit.analysis.hparams.HparamsAnalysis.LrStatus;
import dev.lawfit.stats.PowerLawFit;
import java.util.ArrayList;
import java.util.List;

/**
 * A published hyperparameter law set beside the measured optima and ours (HparamsAnalysis's last,
 * optional step).
 */
final class Comparisons {
  private Comparisons() {}

  static Comparison of(
      PublishedLaw law, List<LrGroup> groups, List<BatchGroup> batches, Laws laws, Axis over)
      throws AnalysisException {
    List<ComparedPoint> eta = new ArrayList<>();
    for (LrGroup g : groups) {
      if (g.params() == null) {
        throw new AnalysisException(
            "--compare "
                + law.label()
                + " needs model sizes: name the column with --column params=YOURS");
      }
      if (g.status() != LrStatus.OK) {
        continue;
      }
      Double ours = null;
      if (laws.etaStar() != null) {
        PowerLawFit l = laws.etaStar();
        double v = l.value("c") * Math.pow(over.of(g.params(), g.tokens()), l.value("p"));
        if (l.parameters().containsKey("q")) {
          v *= Math.pow(g.batchSize(), l.value("q"));
        }
        ours = v;
      }
      eta.add(
          new ComparedPoint(
              g.params(),
              g.batchSize(),
              g.tokens(),
              6 * g.params() * g.tokens(),
              g.etaStar().value(),
              ours,
              law.etaStar(g.params(), g.tokens())));
    }
    List<ComparedPoint> b = new ArrayList<>();
    for (BatchGroup g : batches) {
      if (g.status() != BatchStatus.OK || g.params() == null) {
        continue;
      }
      Double ours =
          laws.bStar() == null
              ? null
              : laws.bStar().value("k")
                  * Math.pow(over.of(g.params(), g.tokens()), laws.bStar().value("r"));
      b.add(
          new ComparedPoint(
              g.params(),
              null,
              g.tokens(),
              6 * g.params() * g.tokens(),
              g.bStar().value(),
              ours,
              law.batchStar(g.params(), g.tokens())));
    }
    return new Comparison(
        law.label(),
        law.source(),
        law.etaFormula(),
        law.batchFormula(),
        "B in tokens per step; C = 6 N T FLOPs; published values at each point's N and T",
        eta,
        b);
  }
}
