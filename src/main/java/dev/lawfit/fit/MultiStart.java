package dev.lawfit.fit;

import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.stats.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Local optimisations from every start, and the best of them.
 *
 * @param best the outcome with the lowest finite objective among those that can be reported
 * @param starts how many starts were run
 * @param atBest how many reached the best objective within {@link Fitter#BEST_TOLERANCE}; for a
 *     screened full grid, how many of the screening's endpoints did
 */
record MultiStart(LocalSolver.Outcome best, int starts, int atBest) {

  /** How many of the screening's best distinct endpoints the standard engine refines again. */
  static final int POLISHED = 4;

  /**
   * Endpoints closer than this in every internal coordinate (relative to 1 + |x|) count as one when
   * choosing those to refine again.
   */
  private static final double SAME_ENDPOINT = 1e-4;

  /**
   * @throws FitException NO_CONVERGENCE when no start reached a finite objective with finite
   *     parameters and predicted losses
   */
  static MultiStart run(Problem pb, Bounded bounded, List<double[]> starts, FitOptions options)
      throws FitException {
    var fast = options.starts() instanceof StartStrategy.FullGrid ? ChinchillaHuber.of(pb) : null;
    if (fast != null) {
      return screened(pb, fast, bounded, starts, options);
    }
    return refineEvery(pb, bounded, starts, options);
  }

  /**
   * Every start refined by {@link Bounded#solve}, the path of every fit but the screened full grid
   * (and the reference tests hold that one to).
   */
  static MultiStart refineEvery(
      Problem pb, Bounded bounded, List<double[]> starts, FitOptions options) throws FitException {
    var outcomes = new LocalSolver.Outcome[starts.size()];
    Parallel.forEach(
        options.threads(),
        starts.size(),
        i -> outcomes[i] = bounded.solve(pb, starts.get(i), options.maxIterations(), false));
    var best =
        Arrays.stream(outcomes)
            .filter(o -> reportable(pb, o))
            .min(Comparator.comparingDouble(LocalSolver.Outcome::value))
            .orElseThrow(() -> noStart(starts.size()));
    return new MultiStart(best, starts.size(), atBest(outcomes, best.value()));
  }

  /**
   * The full grid of a Chinchilla law under Huber's objective: every start refined by {@link
   * GridScreen} (a fifth of the standard engine's CPU time per start on the 240 Chinchilla points
   * of issue 15), then the {@link #POLISHED} best distinct endpoints refined again by {@link
   * Bounded#solve}, the engine of every other fit, whose best is reported. The endpoints are ranked
   * by value, ties by start index, so the result is the same on any number of threads.
   */
  private static MultiStart screened(
      Problem pb, ChinchillaHuber fast, Bounded bounded, List<double[]> starts, FitOptions options)
      throws FitException {
    var endpoints = new LocalSolver.Outcome[starts.size()];
    Parallel.forEach(
        options.threads(),
        starts.size(),
        i ->
            endpoints[i] = GridScreen.solve(fast, bounded, starts.get(i), options.maxIterations()));
    int[] order =
        IntStream.range(0, endpoints.length)
            .filter(i -> Double.isFinite(endpoints[i].value()))
            .boxed()
            .sorted(Comparator.comparingDouble(i -> endpoints[i].value()))
            .mapToInt(Integer::intValue)
            .toArray();
    LocalSolver.Outcome best = null;
    // The best distinct endpoints, a batch at a time until one refines to a reportable optimum.
    var chosen = new ArrayList<double[]>();
    for (int next = 0; best == null && next < order.length; ) {
      var batch = new ArrayList<double[]>();
      for (; next < order.length && batch.size() < POLISHED; next++) {
        double[] x = endpoints[order[next]].x();
        if (chosen.stream().noneMatch(y -> same(x, y))) {
          chosen.add(x);
          batch.add(x);
        }
      }
      var refined =
          Parallel.map(
              Math.min(options.threads(), batch.size()),
              batch.size(),
              i -> bounded.solve(pb, batch.get(i), options.maxIterations(), false));
      best =
          refined.stream()
              .filter(o -> reportable(pb, o))
              .min(Comparator.comparingDouble(LocalSolver.Outcome::value))
              .orElse(null);
    }
    if (best == null) {
      throw noStart(starts.size());
    }
    return new MultiStart(best, starts.size(), atBest(endpoints, best.value()));
  }

  private static boolean same(double[] x, double[] y) {
    for (int j = 0; j < x.length; j++) {
      if (!(Math.abs(x[j] - y[j]) <= SAME_ENDPOINT * (1 + Math.abs(y[j])))) {
        return false;
      }
    }
    return true;
  }

  /** How many outcomes lie within {@link Fitter#BEST_TOLERANCE} of {@code best}. */
  private static int atBest(LocalSolver.Outcome[] outcomes, double best) {
    double tol = Fitter.BEST_TOLERANCE * Math.abs(best) + 1e-300;
    return (int) Arrays.stream(outcomes).filter(o -> o.value() <= best + tol).count();
  }

  /**
   * A start whose parameters overflow in natural units (A = e^800), or whose predicted losses do (a
   * finite log-space objective at L_hat = e^900), cannot be reported; it is a run-off, never the
   * answer.
   */
  private static boolean reportable(Problem pb, LocalSolver.Outcome o) {
    if (!Double.isFinite(o.value())) {
      return false;
    }
    double[] theta = pb.full(o.x());
    return Arrays.stream(pb.law.toNatural(theta)).allMatch(Double::isFinite)
        && finitePredictions(pb, theta);
  }

  private static FitException noStart(int starts) {
    return new FitException(
        Reason.NO_CONVERGENCE,
        "no start of "
            + starts
            + " reached a finite objective with finite parameters and predicted losses");
  }

  /** Whether the predicted loss e^(log L_hat) is finite at every point. */
  private static boolean finitePredictions(Problem pb, double[] theta) {
    for (int i = 0; i < pb.n; i++) {
      if (!Double.isFinite(Math.exp(pb.logPrediction(theta, i)))) {
        return false;
      }
    }
    return true;
  }
}
