package dev.lawfit.analysis;

import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Column;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Run;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.fit.Observations;
import dev.lawfit.law.Law;
import dev.lawfit.law.Law.Input;

/** Turns the checkpoints of a dataset into the points a law is fitted to. */
public final class Points {
  private Points() {}

  /**
   * How training compute C was counted, recorded in every fit (Porian et al. 2024, arXiv
   * 2406.19146).
   */
  public static String computeCounting(Dataset dataset) {
    return dataset.has(Column.FLOPS) ? "logged flops" : "6ND";
  }

  /**
   * One point per checkpoint: N of its run, D = tokens seen, C as logged or 6 N D, the loss, and
   * the run as the point's cluster (for a bootstrap that resamples whole runs).
   *
   * @throws FitException INVALID_DATA when the law needs model sizes and a run has none, or there
   *     are no points
   */
  public static Observations of(Dataset dataset, Law law) throws FitException {
    int n = Math.toIntExact(dataset.checkpointCount());
    if (n == 0) {
      throw new FitException(Reason.INVALID_DATA, "no checkpoints left after the selection");
    }
    boolean needsN =
        law.inputs().contains(Input.PARAMS)
            || (law.inputs().contains(Input.COMPUTE) && !dataset.has(Column.FLOPS));
    boolean logged = dataset.has(Column.FLOPS);
    double[] N = new double[n];
    double[] D = new double[n];
    double[] C = logged ? new double[n] : null;
    double[] L = new double[n];
    int[] cluster = new int[n];
    boolean allN = true;
    int i = 0;
    for (int r = 0; r < dataset.runs().size(); r++) {
      Run run = dataset.runs().get(r);
      if (needsN && Double.isNaN(run.params())) {
        throw new FitException(
            Reason.INVALID_DATA,
            "law "
                + law.name()
                + " needs model sizes, but run '"
                + run.id()
                + "' has no params value (add a 'params' column or map one with --column params=NAME)");
      }
      allN &= !Double.isNaN(run.params());
      Checkpoints c = run.checkpoints();
      for (int k = 0; k < c.size(); k++, i++) {
        N[i] = run.params();
        D[i] = c.tokens(k);
        L[i] = c.loss(k);
        if (logged) {
          C[i] = run.computeFlops(k);
        }
        cluster[i] = r;
      }
    }
    if (logged) {
      for (int k = 0; k < n; k++) {
        if (!(C[k] > 0)) {
          throw new FitException(
              Reason.INVALID_DATA,
              "a checkpoint has neither logged flops nor a model size to count them");
        }
      }
    }
    return new Observations(allN ? N : null, D, C, L, null, cluster, 6.0);
  }
}
