package dev.lawfit.analysis;

import dev.lawfit.data.Dataset;
import dev.lawfit.data.InfoLog;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.Fitter;
import dev.lawfit.fit.Observations;
import dev.lawfit.law.Chinchilla;
import dev.lawfit.law.Law;

/** Fits a loss law to a dataset's checkpoints and derives what follows from the fit. */
public final class LossFit {
  private LossFit() {}

  /**
   * A fitted loss law with what it was fitted to.
   *
   * @param fit the fit
   * @param runs runs that gave points
   * @param points points fitted
   * @param computeCounting how C was counted ("6ND" or "logged flops")
   * @param computeOptimal the compute-optimal allocation's exponents (chinchilla only), else null
   * @param warnings about what is derived from the fit, beyond the fit's own warnings
   */
  public record Result(
      FitResult fit,
      int runs,
      int points,
      String computeCounting,
      ComputeOptimal.Estimate computeOptimal,
      java.util.List<String> warnings) {
    public Result {
      warnings = java.util.List.copyOf(warnings);
    }
  }

  /** Fits {@code law} to every checkpoint of {@code dataset}. */
  public static Result fit(Dataset dataset, Law law, FitOptions options) throws FitException {
    long started = System.nanoTime();
    Observations points = Points.of(dataset, law);
    FitResult fit = Fitter.fit(law, points, options);
    InfoLog.info(
        LossFit.class,
        "fitted {} to {} points of {} runs in {} ms: objective {} ({} of {} starts at best)",
        law.name(),
        points.size(),
        dataset.runs().size(),
        (System.nanoTime() - started) / 1_000_000,
        fit.objective().value(),
        fit.objective().startsAtBest(),
        fit.objective().starts());
    ComputeOptimal.Estimate optimal = null;
    if (law instanceof Chinchilla) {
      double[] v = fit.values();
      // a, b and G do not depend on the budget: any C reads them off (Hoffmann et al. 2022, App.
      // D.3).
      if (v[1] > 0 && v[2] > 0 && v[3] > 0 && v[4] > 0) {
        optimal = ComputeOptimal.of(fit, 1e21, ComputeOptimal.DEFAULT_K);
      }
    }
    java.util.List<String> warnings = new java.util.ArrayList<>();
    if (fit.quality() != null && fit.quality().r2Log() != null && fit.quality().r2Log() < 0) {
      warnings.add(
          String.format(
              java.util.Locale.ROOT,
              "r2 of log L is %.3f: the law describes these data worse than a constant loss",
              fit.quality().r2Log()));
    }
    java.util.List<String> off = Fitter.ranOff(law, fit.values());
    if (optimal != null && !off.isEmpty()) {
      warnings.add(
          "the compute-optimal exponents a and b come from a fit in which "
              + String.join(", ", off)
              + (off.size() == 1 ? " ran" : " run")
              + " off: they are not reliable; do not extrapolate the allocation");
    }
    return new Result(
        fit,
        dataset.runs().size(),
        points.size(),
        Points.computeCounting(dataset),
        optimal,
        warnings);
  }
}
