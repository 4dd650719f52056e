package dev.lawfit.analysis.hparams;

import dev.lawfit.analysis.hparams.HparamsAnalysis.BatchGroup;
import dev.lawfit.analysis.hparams.HparamsAnalysis.BatchStatus;
import dev.lawfit.analysis.hparams.HparamsAnalysis.Laws;
import dev.lawfit.analysis.hparams.HparamsAnalysis.LrGroup;
import dev.lawfit.analysis.hparams.HparamsAnalysis.LrStatus;
import dev.lawfit.analysis.hparams.HparamsAnalysis.Options;
import dev.lawfit.stats.LinearFit;
import dev.lawfit.stats.Parabola;
import dev.lawfit.stats.PowerLawFit;
import dev.lawfit.stats.Resampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The laws of eta*, B* and the sensitivity, lines in log-log with their bootstraps
 * (HparamsAnalysis's third step).
 */
final class HparamsLaws {
  private HparamsLaws() {}

  /**
   * A law whose exponent's 95% interval includes 0 says nothing about the scaling: say so with it.
   */
  private static PowerLawFit unresolved(PowerLawFit law) {
    if (law == null) {
      return null;
    }
    List<String> warnings = new ArrayList<>(law.warnings());
    law.parameters()
        .forEach(
            (name, p) -> {
              boolean exponent = !name.equals("c") && !name.equals("k") && !name.equals("s0");
              if (exponent && p.ci95() != null && p.ci95().get(0) <= 0 && p.ci95().get(1) >= 0) {
                warnings.add(
                    "the 95% interval of exponent "
                        + name
                        + " includes 0: these data do not resolve this scaling");
              }
            });
    return new PowerLawFit(
        law.formula(),
        law.over(),
        law.parameters(),
        law.points(),
        law.r2(),
        law.rmseLog(),
        law.interval(),
        warnings,
        law.draws());
  }

  /**
   * The laws, lines in log-log: eta* by weighted least squares ({@link LawWeights}), s and B*
   * unweighted.
   */
  static Laws of(
      List<SweepGroups.Fitted> groups, List<BatchGroup> batches, int runCount, Options o) {
    Axis over = o.over();
    String X = over.symbol();
    // An ok group's parabola is convex (Optimum), so the eta* and sensitivity laws share their
    // groups.
    List<SweepGroups.Fitted> okFitted =
        groups.stream().filter(g -> g.group().status() == LrStatus.OK).toList();
    List<LrGroup> ok = okFitted.stream().map(SweepGroups.Fitted::group).toList();
    WindowResampler[] windows =
        okFitted.stream().map(SweepGroups.Fitted::resampler).toArray(WindowResampler[]::new);

    // eta* = c X^p B^q: a plane in (log X, log B); q only when more than one batch size is in it.
    List<String> etaWarnings = new ArrayList<>();
    boolean withB = ok.stream().map(LrGroup::batchSize).distinct().count() > 1;
    if (!withB) {
      etaWarnings.add("one batch size: q is not fitted");
    }
    int n = ok.size();
    double[][] etaX = new double[n][];
    double[] etaY = new double[n];
    double[][] sX = new double[n][];
    double[] sY = new double[n];
    double[] curvature = new double[n];
    for (int i = 0; i < n; i++) {
      LrGroup g = ok.get(i);
      double x = Math.log(over.of(nan(g.params()), g.tokens()));
      etaX[i] = withB ? new double[] {x, Math.log(g.batchSize())} : new double[] {x};
      etaY[i] = Math.log(g.etaStar().value());
      sX[i] = new double[] {x};
      curvature[i] = g.sensitivity().value();
      sY[i] = Math.log(curvature[i]);
    }
    // WLS, not OLS: eta* is noisier where the loss is flatter (large T); weights from a smooth
    // variance model, never a group's own noise (LawWeights).
    LawWeights lawWeights = new LawWeights(etaX, windows);
    double[] weights = lawWeights.etaStar(etaY, curvature, sY);
    LawBootstrap.Law eta =
        law(
            withB ? "eta* = c " + X + "^p B^q" : "eta* = c " + X + "^p",
            over,
            new PowerLawFit.Names(
                "c",
                withB ? List.of("p", "q") : List.of("p"),
                withB ? List.of(false, false) : List.of(false)),
            etaX,
            etaY,
            weights,
            etaWarnings);

    double[] original = new double[okFitted.size()];
    for (int i = 0; i < original.length; i++) {
      original[i] = okFitted.get(i).group().lossAtOptimum();
    }
    Budgets budgets = new Budgets(batches, okFitted, o);
    double[][] allX = budgets.x;
    double[] allY = lnBStars(budgets, original);
    int taken = (int) Arrays.stream(allY).filter(v -> !Double.isNaN(v)).count();
    double[][] bX = new double[taken][];
    double[] bY = new double[taken];
    for (int j = 0, i = 0; j < allY.length; j++) {
      if (!Double.isNaN(allY[j])) {
        bX[i] = allX[j];
        bY[i++] = allY[j];
      }
    }
    LawBootstrap.Law bStar =
        law(
            "B* = k " + X + "^r",
            over,
            new PowerLawFit.Names("k", List.of("r"), List.of(false)),
            bX,
            bY,
            null,
            new ArrayList<>());
    LawBootstrap.Law sens =
        law(
            "s = s0 " + X + "^-u",
            over,
            new PowerLawFit.Names("s0", List.of("u"), List.of(true)),
            sX,
            sY,
            null,
            new ArrayList<>());

    // Each resample refits every group's parabola to its resampled window (WindowResampler, one
    // sign per run), once for the three laws: eta* takes the new vertices and recomputes its
    // weights from them, so that its interval carries each optimum's own uncertainty, their
    // correlation through shared runs, and the weighting's; s takes the new curvatures; B* takes
    // each group's new loss at its eta* and redoes every budget's B* and the law's choice of
    // budgets ({@link #lnBStars}), so that every budget's B* in a resample comes from the same
    // redrawn runs and the budgets that enter the law are chosen again. A group without a minimum
    // in a resample drops out of all three. B*'s rows are every budget with a batch-size sweep; a
    // budget whose resampled B* the law would not take is NaN (left out).
    boolean drawB = bStar != null;
    LawBootstrap.JointResampler resampler =
        r -> {
          double[] signs = WindowResampler.signs(Resampling.generator(o.seed(), r), runCount);
          double[] a = new double[n];
          double[] vertex = new double[n];
          double[] loss = new double[n];
          double[] lnA = new double[n];
          for (int i = 0; i < n; i++) {
            WindowResampler.Draw d = windows[i].draw(signs);
            a[i] = d.curvature();
            boolean minimum = a[i] > 0;
            vertex[i] = minimum ? d.vertex() : Double.NaN;
            loss[i] = minimum ? d.minimum() : Double.NaN;
            lnA[i] = minimum ? Math.log(a[i]) : Double.NaN;
          }
          return new LawBootstrap.Sample[] {
            new LawBootstrap.Sample(
                etaX, vertex, weights == null ? null : lawWeights.etaStar(vertex, a, lnA)),
            drawB ? new LawBootstrap.Sample(allX, lnBStars(budgets, loss)) : null,
            new LawBootstrap.Sample(sX, lnA)
          };
        };
    List<PowerLawFit> fits =
        LawBootstrap.fit(Arrays.asList(eta, bStar, sens), o.bootstrap(), resampler);
    return new Laws(unresolved(fits.get(0)), unresolved(fits.get(1)), unresolved(fits.get(2)));
  }

  private static double[][] batchX(List<BatchGroup> batches, Options o) {
    double[][] x = new double[batches.size()][];
    for (int j = 0; j < x.length; j++) {
      BatchGroup b = batches.get(j);
      x[j] = new double[] {Math.log(o.over().of(nan(b.params()), b.tokens()))};
    }
    return x;
  }

  /**
   * The budgets with a batch-size sweep as the B* law sees them: each one's ln X ({@code x}), its
   * groups' indices in the ok groups ({@code members}), each ok group's ln B, and each budget's
   * batch sizes prepared for its curve ({@link Optimum.Sweep}), for the data and every resample
   * alike; a subset of a budget's groups (some without a minimum in a resample) is prepared when it
   * occurs, its windows' designs shared through {@code designs}.
   */
  private static final class Budgets {
    final double[][] x;
    final int[][] members;
    final double[] lnBatch;
    final Optimum.Sweep[] sweeps;
    final Optimum.InverseDesigns designs = new Optimum.InverseDesigns();
    final int halfWidth;

    Budgets(List<BatchGroup> batches, List<SweepGroups.Fitted> okFitted, Options o) {
      x = batchX(batches, o);
      members = members(batches, okFitted);
      lnBatch = lnBatch(okFitted);
      halfWidth = o.halfWidth();
      sweeps = new Optimum.Sweep[members.length];
      for (int j = 0; j < members.length; j++) {
        double[] lnB = new double[members[j].length];
        for (int k = 0; k < lnB.length; k++) {
          lnB[k] = lnBatch[members[j][k]];
        }
        sweeps[j] = new Optimum.Sweep(lnB, halfWidth, designs);
      }
    }
  }

  /**
   * Each budget's groups: the indices, ascending, of the ok groups with its tokens ({@code ==}) and
   * params ({@link Objects#equals}); looked up by budget rather than compared pairwise (800 budgets
   * by 5,600 groups took 30 ms of the single-threaded part in a JFR profile).
   */
  private static int[][] members(List<BatchGroup> batches, List<SweepGroups.Fitted> okFitted) {
    Map<List<Double>, List<Integer>> byBudget = new HashMap<>();
    for (int i = 0; i < okFitted.size(); i++) {
      LrGroup g = okFitted.get(i).group();
      if (!Double.isNaN(g.tokens())) { // NaN == NaN is false: such a group is in no budget
        byBudget.computeIfAbsent(budget(g.tokens(), g.params()), k -> new ArrayList<>()).add(i);
      }
    }
    int[][] members = new int[batches.size()][];
    for (int j = 0; j < members.length; j++) {
      BatchGroup b = batches.get(j);
      List<Integer> in = byBudget.getOrDefault(budget(b.tokens(), b.params()), List.of());
      members[j] = in.stream().mapToInt(Integer::intValue).toArray();
    }
    return members;
  }

  /**
   * The key of a budget: tokens as {@code ==} compares them (-0 as 0), params as {@link
   * Objects#equals} does, null included.
   */
  private static List<Double> budget(double tokens, Double params) {
    return Arrays.asList(tokens == 0 ? 0.0 : tokens, params);
  }

  /**
   * The ln B* of every budget ({@code budgets.x[j]} its ln X, {@code budgets.members[j]} its groups
   * in {@code okFitted}, {@code lossOf[i]} group i's loss at its eta*, NaN when it has none) that
   * the B* law takes, NaN for the others.
   *
   * <p>Each budget's B* is the vertex of {@code a + b B + c / B} fitted to its window ({@link
   * Optimum#find(double[], double[], int, boolean)}, through {@link Optimum.Sweep#interior}). Which
   * budgets enter is decided by the law, not by each budget's own estimate: starting from those
   * {@link BatchOptima#lnBStar} takes (an interior optimum whose interval lies within the sweep),
   * the line is refitted to the budgets where it puts B* at least one batch-size step (the sweep's
   * mean spacing in ln B) inside the batch sizes swept, until that set stops changing; a budget
   * enters with its vertex wherever that lies, provided its lowest loss is at an interior batch
   * size and its curve has a minimum. A rule on each budget's own interval keeps, near an end of
   * the sweep, only the budgets whose error points inwards, and r came out low (by 0.07 on
   * simulated sweeps, README).
   */
  private static double[] lnBStars(Budgets budgets, double[] lossOf) {
    double[][] x = budgets.x;
    int[][] members = budgets.members;
    double[] lnBatch = budgets.lnBatch;
    int m = members.length;
    double[] taken = new double[m];
    double[] vertex = new double[m];
    double[] low = new double[m];
    double[] high = new double[m];
    for (int j = 0; j < m; j++) {
      double[] lnB = new double[members[j].length];
      double[] loss = new double[members[j].length];
      int k = 0;
      for (int i : members[j]) {
        if (!Double.isNaN(lossOf[i])) {
          lnB[k] = lnBatch[i];
          loss[k++] = lossOf[i];
        }
      }
      // Where no group drops out, the budget's prepared sweep (the same optimum; none fitted at
      // an edge, where the law takes no B*).
      Optimum opt =
          k == lnB.length
              ? budgets.sweeps[j].interior(loss)
              : new Optimum.Sweep(Arrays.copyOf(lnB, k), budgets.halfWidth, budgets.designs)
                  .interior(Arrays.copyOf(loss, k));
      taken[j] = BatchOptima.lnBStar(opt);
      Parabola fit = opt.fit();
      // A budget whose lowest loss is at an end of the sweep does not bracket B*: no point.
      boolean consistent =
          fit != null
              && fit.convex()
              && opt.best() > opt.rangeLow()
              && opt.best() < opt.rangeHigh();
      vertex[j] = consistent ? fit.vertex() : Double.NaN;
      double step = (opt.rangeHigh() - opt.rangeLow()) / Math.max(1, opt.distinct() - 1);
      low[j] = opt.rangeLow() + step;
      high[j] = opt.rangeHigh() - step;
    }
    for (int round = 0; round < MAX_ROUNDS; round++) {
      List<double[]> lx = new ArrayList<>();
      List<Double> ly = new ArrayList<>();
      for (int j = 0; j < m; j++) {
        if (!Double.isNaN(taken[j])) {
          lx.add(x[j]);
          ly.add(taken[j]);
        }
      }
      double[] line =
          LinearFit.coefficients(
              lx.toArray(double[][]::new),
              ly.stream().mapToDouble(Double::doubleValue).toArray(),
              null);
      if (line == null) {
        return taken;
      }
      double[] next = new double[m];
      for (int j = 0; j < m; j++) {
        double predicted = line[0] + line[1] * x[j][0];
        next[j] = predicted >= low[j] && predicted <= high[j] ? vertex[j] : Double.NaN;
      }
      if (Arrays.equals(next, taken)) {
        break;
      }
      taken = next;
    }
    return taken;
  }

  /** ln B of each group, computed once rather than in every resample. */
  private static double[] lnBatch(List<SweepGroups.Fitted> okFitted) {
    double[] ln = new double[okFitted.size()];
    for (int i = 0; i < ln.length; i++) {
      ln[i] = Math.log(okFitted.get(i).group().batchSize());
    }
    return ln;
  }

  /** Rounds of {@link #lnBStars}'s choice of budgets; it settles in two or three. */
  private static final int MAX_ROUNDS = 20;

  /** The law to fit to the points, {@code null} when they do not span two values of X. */
  private static LawBootstrap.Law law(
      String formula,
      Axis over,
      PowerLawFit.Names names,
      double[][] x,
      double[] y,
      double[] w,
      List<String> warnings) {
    long distinct = Arrays.stream(x).mapToDouble(r -> r[0]).distinct().count();
    if (y.length == 0 || distinct < 2) {
      return null;
    }
    return new LawBootstrap.Law(formula, over.label(), names, x, y, w, warnings);
  }

  /** Why a law is absent, for the document's warnings. */
  static List<String> missing(Laws laws, List<BatchGroup> batchOptima, Axis over) {
    List<String> out = new ArrayList<>();
    if (laws.etaStar() == null) {
      out.add(
          "no eta* law: the groups with an interior optimum do not span two values of "
              + over.label());
    }
    if (laws.bStar() == null) {
      long ok = batchOptima.stream().filter(b -> b.status() == BatchStatus.OK).count();
      out.add(
          "no B* law: "
              + (ok == 0
                  ? "no (params, tokens) has an interior optimal batch size"
                  : "the interior optimal batch sizes do not span two values of " + over.label()));
    }
    if (laws.sensitivity() == null) {
      out.add(
          "no sensitivity law: the groups with an interior optimum do not span two values of "
              + over.label());
    }
    return out;
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }
}
