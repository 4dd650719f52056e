package dev.lawfit.analysis.hparams;

import java.util.ArrayList;
import java.util.List;

/**
 * The gradient noise scale from squared gradient norms measured at two batch sizes (McCandlish et
 * al. 2018, arXiv 1812.06162, App. A), and the batch-size schedule the norm test gives (Lau et al.
 * 2024, arXiv 2402.11215).
 */
public final class GradientNoise {
  private GradientNoise() {}

  /**
   * One step.
   *
   * @param gradSq the unbiased estimate of |G|^2
   * @param trace the unbiased estimate of tr(Sigma), the per-example gradient variance
   * @param gradSqAverage the moving average of |G|^2 (exponential, bias-corrected)
   * @param traceAverage the moving average of tr(Sigma)
   * @param bSimple B_simple = tr(Sigma) / |G|^2 from the averages, {@code null} while |G|^2 is not
   *     positive
   * @param batchSize the norm test's batch size for the next step, {@code null} without an eta
   */
  public record Step(
      double step,
      double gradSq,
      double trace,
      double gradSqAverage,
      double traceAverage,
      Double bSimple,
      Double batchSize) {}

  /**
   * |G|^2 ~ (B_big |G_big|^2 - B_small |G_small|^2) / (B_big - B_small) (McCandlish et al. 2018,
   * App. A).
   */
  public static double gradSq(double bSmall, double gSmall, double bBig, double gBig) {
    return (bBig * gBig - bSmall * gSmall) / (bBig - bSmall);
  }

  /**
   * tr(Sigma) ~ (|G_small|^2 - |G_big|^2) / (1/B_small - 1/B_big) (McCandlish et al. 2018, App. A).
   */
  public static double trace(double bSmall, double gSmall, double bBig, double gBig) {
    return (gSmall - gBig) / (1 / bSmall - 1 / bBig);
  }

  /**
   * The estimates at every step, their moving averages and B_simple, and with {@code eta} the norm
   * test's schedule: the batch grows to {@code ceil(tr(Sigma) / (eta^2 |g_B|^2))} whenever that is
   * above the current batch, |g_B|^2 being the averaged squared norm at the larger batch; it never
   * shrinks. It starts at the first row's larger batch size.
   *
   * @param decay the moving averages' decay per step, in [0, 1): 0 keeps no history
   * @param eta the norm test's eta, or {@code null} for no schedule
   * @throws AnalysisException when a row's two batch sizes are equal or in the wrong order
   */
  public static List<Step> estimate(
      double[] step,
      double[] gSmall,
      double[] gBig,
      double[] bSmall,
      double[] bBig,
      double decay,
      Double eta)
      throws AnalysisException {
    List<Step> out = new ArrayList<>(step.length);
    double g2 = 0;
    double tr = 0;
    double big = 0;
    double weight = 0;
    double batch = step.length == 0 ? Double.NaN : bBig[0];
    for (int i = 0; i < step.length; i++) {
      if (!(bBig[i] > bSmall[i])) {
        throw new AnalysisException(
            "row "
                + (i + 1)
                + " (step "
                + HparamsAnalysis.fmt(step[i])
                + "): the larger batch size "
                + HparamsAnalysis.fmt(bBig[i])
                + " is not above the smaller "
                + HparamsAnalysis.fmt(bSmall[i])
                + "; the estimators need two different batch sizes");
      }
      double g = gradSq(bSmall[i], gSmall[i], bBig[i], gBig[i]);
      double t = trace(bSmall[i], gSmall[i], bBig[i], gBig[i]);
      // Exponential moving averages, divided by the weight so far so that early steps are not
      // pulled to 0.
      g2 = decay * g2 + (1 - decay) * g;
      tr = decay * tr + (1 - decay) * t;
      big = decay * big + (1 - decay) * gBig[i];
      weight = decay * weight + (1 - decay);
      double gAvg = g2 / weight;
      double tAvg = tr / weight;
      Double bSimple =
          gAvg > 0 ? tAvg / gAvg : null; // B_simple = tr(Sigma) / |G|^2 (McCandlish et al. 2018)
      Double next = null;
      if (eta != null) {
        double bigAvg = big / weight;
        double want =
            Math.ceil(tAvg / (eta * eta * bigAvg)); // norm test (Lau et al. 2024, arXiv 2402.11215)
        if (want > batch && Double.isFinite(want)) {
          batch = want;
        }
        next = batch;
      }
      out.add(new Step(step[i], g, t, gAvg, tAvg, bSimple, next));
    }
    return out;
  }
}
