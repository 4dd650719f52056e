package dev.lawfit.fit;

import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.stats.Parallel;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Local optimisations from every start, and the best of them.
 *
 * @param best the outcome with the lowest finite objective among those that can be reported
 * @param starts how many starts were run
 * @param atBest how many reached the best objective within {@link Fitter#BEST_TOLERANCE}
 */
record MultiStart(LocalSolver.Outcome best, int starts, int atBest) {

  /**
   * @throws FitException NO_CONVERGENCE when no start reached a finite objective with finite
   *     parameters and predicted losses
   */
  static MultiStart run(Problem pb, Bounded bounded, List<double[]> starts, FitOptions options)
      throws FitException {
    var outcomes = new LocalSolver.Outcome[starts.size()];
    Parallel.forEach(
        options.threads(),
        starts.size(),
        i -> outcomes[i] = bounded.solve(pb, starts.get(i), options.maxIterations(), false));
    // A start whose parameters overflow in natural units (A = e^800), or whose predicted losses
    // do (a finite log-space objective at L_hat = e^900), cannot be reported; it is a run-off,
    // never the answer.
    var best =
        Arrays.stream(outcomes)
            .filter(
                o ->
                    Double.isFinite(o.value())
                        && Arrays.stream(pb.law.toNatural(pb.full(o.x())))
                            .allMatch(Double::isFinite)
                        && finitePredictions(pb, pb.full(o.x())))
            .min(Comparator.comparingDouble(LocalSolver.Outcome::value))
            .orElseThrow(
                () ->
                    new FitException(
                        Reason.NO_CONVERGENCE,
                        "no start of "
                            + starts.size()
                            + " reached a finite objective with finite parameters and predicted losses"));
    double tol = Fitter.BEST_TOLERANCE * Math.abs(best.value()) + 1e-300;
    int atBest = (int) Arrays.stream(outcomes).filter(o -> o.value() <= best.value() + tol).count();
    return new MultiStart(best, starts.size(), atBest);
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
