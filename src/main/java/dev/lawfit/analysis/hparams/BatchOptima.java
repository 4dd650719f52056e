package dev.lawfit.analysis.hparams;

import dev.lawfit.analysis.hparams.HparamsAnalysis.BatchGroup;
import dev.lawfit.analysis.hparams.HparamsAnalysis.BatchStatus;
import dev.lawfit.analysis.hparams.HparamsAnalysis.Estimate;
import dev.lawfit.analysis.hparams.HparamsAnalysis.LrGroup;
import dev.lawfit.analysis.hparams.HparamsAnalysis.LrStatus;
import dev.lawfit.stats.Parabola;
import dev.lawfit.stats.Summary;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The batch-size optimum B* of each (N, T), from each batch size's loss at its eta*
 * (HparamsAnalysis's second step).
 */
final class BatchOptima {
  private BatchOptima() {}

  static List<BatchGroup> of(List<LrGroup> groups, int halfWidth) {
    Map<List<Double>, List<LrGroup>> byBudget =
        new TreeMap<>(
            (a, b) -> {
              int c = Double.compare(a.get(0), b.get(0));
              return c != 0 ? c : Double.compare(a.get(1), b.get(1));
            });
    for (LrGroup g : groups) {
      byBudget
          .computeIfAbsent(
              List.of(g.params() == null ? Double.NaN : g.params(), g.tokens()),
              k -> new ArrayList<>())
          .add(g);
    }
    List<BatchGroup> out = new ArrayList<>();
    for (Map.Entry<List<Double>, List<LrGroup>> e : byBudget.entrySet()) {
      List<LrGroup> ok = e.getValue().stream().filter(g -> g.status() == LrStatus.OK).toList();
      Set<Double> swept = new HashSet<>();
      e.getValue().forEach(g -> swept.add(g.batchSize()));
      if (swept.size() < 2) {
        continue; // no batch-size sweep at this budget: nothing to say
      }
      double[] x = new double[ok.size()];
      double[] y = new double[ok.size()];
      for (int i = 0; i < ok.size(); i++) {
        x[i] = Math.log(ok.get(i).batchSize());
        y[i] = ok.get(i).lossAtOptimum();
      }
      Optimum opt = Optimum.find(x, y, halfWidth, true);
      List<String> warnings = new ArrayList<>();
      int missing = swept.size() - ok.size();
      if (missing > 0) {
        warnings.add(
            missing
                + " of "
                + swept.size()
                + " batch sizes have no interior eta* here and are left out");
      }
      BatchStatus status =
          switch (opt.status()) {
            case NONE, TOO_FEW -> {
              warnings.add(
                  "only "
                      + opt.distinct()
                      + " batch size"
                      + (opt.distinct() == 1 ? "" : "s")
                      + " with an interior eta*: a parabola in log B needs at least 3");
              yield BatchStatus.TOO_FEW_BATCH_SIZES;
            }
            case NOT_CONVEX -> {
              warnings.add(
                  "the loss at eta* is not convex in log B around its lowest point: no B*");
              yield BatchStatus.NOT_CONVEX;
            }
            case EDGE_LOW -> {
              warnings.add(
                  "the lowest loss is at the smallest batch size ("
                      + HparamsAnalysis.fmt(Math.exp(opt.rangeLow()))
                      + " tokens): B* is at or below it");
              yield BatchStatus.EDGE_LOW;
            }
            case EDGE_HIGH -> {
              warnings.add(
                  "the lowest loss is at the largest batch size ("
                      + HparamsAnalysis.fmt(Math.exp(opt.rangeHigh()))
                      + " tokens): B* is at or above it");
              yield BatchStatus.EDGE_HIGH;
            }
            case OK -> BatchStatus.OK;
          };
      Estimate bStar = null;
      Double loss = Summary.finite(opt.bestLoss());
      if (opt.status() == Optimum.Status.OK) {
        Parabola p = opt.fit();
        bStar = Estimate.ofLog(p.vertex(), p.vertexStderr(), p.vertexLow(), p.vertexHigh());
        loss = p.minimum();
      }
      if (bStar != null && Double.isNaN(lnBStar(opt))) {
        // An optimum whose interval leaves the sweep is not bracketed by it: like an edge optimum,
        // it is reported, and the B* law takes it only where the law itself puts B* inside the
        // sweep (HparamsLaws.lnBStars).
        warnings.add(
            "B* is poorly determined (its interval reaches beyond the batch sizes swept): the loss is nearly "
                + "flat in B here");
        status = BatchStatus.POORLY_DETERMINED;
      }
      List<Double> window =
          opt.fit() == null
              ? null
              : List.of(batch(ok, opt.windowLow()), batch(ok, opt.windowHigh()));
      double params = e.getKey().get(0);
      BatchGroup group =
          new BatchGroup(
              Summary.finite(params),
              e.getKey().get(1),
              ok.size(),
              status,
              ok.isEmpty() ? null : batch(ok, opt.best()),
              bStar,
              loss,
              window,
              warnings);
      out.add(group);
    }
    return out;
  }

  /**
   * The ln B* that the B* law takes from a batch-size sweep's optimum: its vertex when the status
   * is ok and its 95% interval lies within the batch sizes swept, else NaN (an edge or poorly
   * determined optimum).
   */
  static double lnBStar(Optimum opt) {
    if (opt.status() != Optimum.Status.OK) {
      return Double.NaN;
    }
    Parabola p = opt.fit();
    Estimate e = Estimate.ofLog(p.vertex(), p.vertexStderr(), p.vertexLow(), p.vertexHigh());
    boolean inside =
        e.ci95() != null
            && e.ci95().get(0) >= Math.exp(opt.rangeLow())
            && e.ci95().get(1) <= Math.exp(opt.rangeHigh());
    return inside ? p.vertex() : Double.NaN;
  }

  private static double batch(List<LrGroup> groups, double x) {
    for (LrGroup g : groups) {
      if (Math.log(g.batchSize()) == x) {
        return g.batchSize();
      }
    }
    return Math.exp(x);
  }
}
