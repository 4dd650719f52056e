package dev.lawfit.analysis.hparams;

import dev.lawfit.analysis.Simulator;
import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Learning-rate and batch-size sweep logs from a known model, with seeded noise: the ground truth
 * that the hyperparameter analyses are tested against.
 *
 * <p>Every run is evaluated at the same token budgets T; the loss at T is that of a run of budget T
 * (a constant or warmup-stable-decay schedule). A run whose eta exceeds {@code divergeAbove} times
 * eta*(T, B) has diverged from that checkpoint on: its loss is NaN there and after.
 */
public final class SweepSimulator {
  private SweepSimulator() {}

  /**
   * The planted model.
   *
   * <ul>
   *   <li>optimal learning rate {@code eta*(T, B) = c T^p B^q};
   *   <li>sensitivity {@code s(T) = s0 T^-u}: {@code L = L_opt + s ln^2(eta / eta*)};
   *   <li>data efficiency from the steps/data trade-off (McCandlish et al. 2018, arXiv 1812.06162):
   *       reaching a loss takes {@code E = E_min (1 + B / B_crit)} tokens, with {@code B_crit = k
   *       E_min^gamma}; so a run of T tokens at batch B is as good as a run of E_min tokens at a
   *       very small batch, where {@code T = E_min + (B/k) E_min^(1-gamma)};
   *   <li>at E_min effective tokens the loss is Chinchilla's (Hoffmann et al. 2022, full
   *       precision);
   *   <li>an optional small-batch penalty {@code h B_crit / B}, which gives an interior optimal
   *       batch size at fixed T (without it the smallest batch is best at fixed data) at the price
   *       of bending the iso-loss curves away from the trade-off above.
   * </ul>
   *
   * @param c eta* coefficient
   * @param p eta* exponent of T
   * @param q eta* exponent of B
   * @param s0 sensitivity coefficient
   * @param u sensitivity exponent (s falls as T^-u)
   * @param k critical batch coefficient (B in tokens)
   * @param gamma critical batch exponent of E_min, in (0, 1]
   * @param smallBatchPenalty h
   */
  public record Truth(
      double c,
      double p,
      double q,
      double s0,
      double u,
      double k,
      double gamma,
      double smallBatchPenalty) {
    public Truth {
      if (!(gamma > 0 && gamma <= 1)) {
        throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
      }
      if (!(c > 0 && s0 > 0 && k > 0 && smallBatchPenalty >= 0)) {
        throw new IllegalArgumentException("c, s0 and k must be positive and the penalty >= 0");
      }
    }

    /** The defaults of {@code lawfit simulate sweep}. */
    public static Truth defaults() {
      return new Truth(2.6e-3, -0.25, 0.5, 8.0, 0.2, 4e-3, 0.9, 0);
    }

    public double etaStar(double tokens, double batchSize) {
      return c * Math.pow(tokens, p) * Math.pow(batchSize, q);
    }

    public double sensitivity(double tokens) {
      return s0 * Math.pow(tokens, -u);
    }

    /** B_crit = k E_min^gamma (McCandlish et al. 2018: B_crit = E_min / S_min). */
    public double criticalBatch(double eMin) {
      return k * Math.pow(eMin, gamma);
    }

    /** The E_min that T tokens at batch B are worth: solves T = E_min (1 + B / B_crit(E_min)). */
    public double effectiveTokens(double tokens, double batchSize) {
      // T(E) = E + (B/k) E^(1-gamma) increases with E for gamma <= 1: bisect in log E.
      double lo = Math.log(tokens) - 200;
      double hi = Math.log(tokens);
      for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.abs(hi); i++) {
        double mid = 0.5 * (lo + hi);
        double e = Math.exp(mid);
        double t =
            e * (1 + batchSize / criticalBatch(e)); // McCandlish et al. 2018, arXiv 1812.06162
        if (t > tokens) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      return Math.exp(0.5 * (lo + hi));
    }

    /** The noise-free loss of a run of N parameters at T tokens, learning rate eta and batch B. */
    public double loss(double params, double tokens, double eta, double batchSize) {
      double eMin = effectiveTokens(tokens, batchSize);
      double x = Math.log(eta / etaStar(tokens, batchSize));
      return bestLoss(params, tokens, batchSize, eMin) + sensitivity(tokens) * x * x;
    }

    /** The noise-free loss at eta*: what the batch-size analysis sees at (N, T, B). */
    public double lossAtOptimum(double params, double tokens, double batchSize) {
      return bestLoss(params, tokens, batchSize, effectiveTokens(tokens, batchSize));
    }

    private double bestLoss(double params, double tokens, double batchSize, double eMin) {
      double penalty = smallBatchPenalty * criticalBatch(eMin) / batchSize;
      return CHINCHILLA.predict(PUBLISHED, params, eMin, Double.NaN) + penalty;
    }

    /**
     * The batch size that minimises the loss at eta* for (N, T), by golden-section search in log B.
     */
    public double optimalBatch(double params, double tokens, double minBatch, double maxBatch) {
      double a = Math.log(minBatch);
      double b = Math.log(maxBatch);
      double g = (Math.sqrt(5) - 1) / 2;
      for (int i = 0; i < 200 && b - a > 1e-12; i++) {
        double x1 = b - g * (b - a);
        double x2 = a + g * (b - a);
        if (lossAtOptimum(params, tokens, Math.exp(x1))
            <= lossAtOptimum(params, tokens, Math.exp(x2))) {
          b = x2;
        } else {
          a = x1;
        }
      }
      return Math.exp(0.5 * (a + b));
    }

    /**
     * The exponent r of {@code B* = k T^r} that the planted model implies at N = {@code params}:
     * the least-squares slope of ln B*(T) against ln T over the {@code budgets} whose B* lies
     * between the smallest and largest batch sizes swept (the ones a sweep can bracket); NaN when
     * fewer than two do. B*(T) is close to a power law, {@code r ~ gamma + beta/2} while B is well
     * below B_crit.
     */
    public double batchExponent(
        double params, List<Double> budgets, double minBatch, double maxBatch) {
      double sx = 0;
      double sy = 0;
      double sxx = 0;
      double sxy = 0;
      int n = 0;
      for (double t : budgets) {
        double b = optimalBatch(params, t, minBatch / 1e3, maxBatch * 1e3);
        if (b > minBatch && b < maxBatch) {
          double x = Math.log(t);
          double y = Math.log(b);
          sx += x;
          sy += y;
          sxx += x * x;
          sxy += x * y;
          n++;
        }
      }
      return n < 2 ? Double.NaN : (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
  }

  // The loss at the optimal learning rate follows Chinchilla's published law (Hoffmann et al.
  // 2022).
  private static final dev.lawfit.law.Chinchilla CHINCHILLA = new dev.lawfit.law.Chinchilla();
  private static final double[] PUBLISHED = Simulator.publishedChinchilla();

  /**
   * What to simulate.
   *
   * @param sizes model sizes N
   * @param batchSizes batch sizes B in tokens
   * @param budgets token budgets T at which every run is evaluated
   * @param lrPoints learning rates per (N, B)
   * @param lrStep ratio between neighbouring learning rates
   * @param truth the planted model
   * @param noise standard deviation of the multiplicative log-normal noise on each checkpoint's
   *     loss
   * @param runNoise standard deviation of a multiplicative log-normal factor shared by all
   *     checkpoints of a run (a seed's luck, which a warmup-stable-decay run carries from one
   *     budget to the next)
   * @param divergeAbove a run diverges at a checkpoint where eta > divergeAbove * eta*(T, B)
   * @param seed random seed
   */
  public record Spec(
      List<Double> sizes,
      List<Double> batchSizes,
      List<Double> budgets,
      int lrPoints,
      double lrStep,
      Truth truth,
      double noise,
      double runNoise,
      double divergeAbove,
      long seed) {
    public Spec {
      sizes = List.copyOf(sizes);
      batchSizes = List.copyOf(batchSizes);
      budgets = budgets.stream().sorted().toList();
    }

    /**
     * The defaults of {@code lawfit simulate sweep}: one size, 7 batch sizes, 16 budgets, 9
     * learning rates.
     */
    public static Spec defaults(long seed) {
      List<Double> batches = new ArrayList<>();
      for (int e = 13; e <= 19; e++) {
        batches.add(Math.scalb(1.0, e));
      }
      return new Spec(
          List.of(1e8),
          batches,
          logSpaced(2e9, 5e10, 16),
          9,
          2,
          Truth.defaults(),
          0.003,
          0,
          8,
          seed);
    }

    /** This spec at these budgets (tokens per size). */
    public Spec withBudgets(List<Double> tokens) {
      return new Spec(
          sizes, batchSizes, tokens, lrPoints, lrStep, truth, noise, runNoise, divergeAbove, seed);
    }

    /** This spec with a checkpoint noise of {@code sigma} ({@code simulate sweep --noise}). */
    public Spec withNoise(double sigma) {
      return new Spec(
          sizes, batchSizes, budgets, lrPoints, lrStep, truth, sigma, runNoise, divergeAbove, seed);
    }

    /** This spec with a run-level noise of {@code sigma} ({@code simulate sweep --run-noise}). */
    public Spec withRunNoise(double sigma) {
      return new Spec(
          sizes, batchSizes, budgets, lrPoints, lrStep, truth, noise, sigma, divergeAbove, seed);
    }

    /**
     * This spec with a small-batch penalty {@code h} ({@code simulate sweep
     * --small-batch-penalty}), which gives the batch size an interior optimum.
     */
    public Spec withSmallBatchPenalty(double h) {
      Truth t = truth;
      return new Spec(
          sizes,
          batchSizes,
          budgets,
          lrPoints,
          lrStep,
          new Truth(t.c(), t.p(), t.q(), t.s0(), t.u(), t.k(), t.gamma(), h),
          noise,
          runNoise,
          divergeAbove,
          seed);
    }

    /**
     * The planted r of {@code B* = k T^r} at the first size, over the budgets whose B* lies within
     * the swept batch sizes ({@link Truth#batchExponent}).
     */
    public double batchExponent() {
      double min = batchSizes.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
      double max = batchSizes.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
      return truth.batchExponent(sizes.get(0), budgets, min, max);
    }

    /**
     * The geometric middle of the budgets, where each batch size's learning-rate grid is centred.
     */
    public double middleBudget() {
      return Math.sqrt(budgets.get(0) * budgets.get(budgets.size() - 1));
    }
  }

  /**
   * {@code count} values from {@code from} to {@code to}, evenly spaced in log, rounded to 3
   * significant digits.
   */
  public static List<Double> logSpaced(double from, double to, int count) {
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double v =
          count == 1
              ? from
              : Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * i / (count - 1));
      out.add(new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue());
    }
    return out;
  }

  /**
   * The learning rates swept at batch size B: lrPoints values, lrStep apart, centred on eta* at the
   * middle budget.
   */
  public static double[] learningRates(Spec spec, double batchSize) {
    double centre = spec.truth().etaStar(spec.middleBudget(), batchSize);
    double[] out = new double[spec.lrPoints()];
    for (int j = 0; j < out.length; j++) {
      double v = centre * Math.pow(spec.lrStep(), j - (out.length - 1) / 2.0);
      out[j] = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }
    return out;
  }

  /**
   * The runs, in order size, batch size, learning rate; the same spec gives the same runs bit for
   * bit.
   */
  public static List<Run> simulate(Spec spec) {
    SplittableRandom random = new SplittableRandom(spec.seed());
    Truth truth = spec.truth();
    List<Run> runs = new ArrayList<>();
    int k = spec.budgets().size();
    for (double N : spec.sizes()) {
      for (double B : spec.batchSizes()) {
        for (double eta : learningRates(spec, B)) {
          SplittableRandom noise = random.split();
          double[] tokens = new double[k];
          double[] loss = new double[k];
          double[] step = new double[k];
          double[] flops = new double[k];
          boolean diverged = false;
          for (int i = 0; i < k; i++) {
            double T = spec.budgets().get(i);
            tokens[i] = T;
            step[i] = Math.max(1, Math.round(T / B));
            flops[i] = Double.NaN;
            double z = noise.nextGaussian();
            diverged |= eta > spec.divergeAbove() * truth.etaStar(T, B);
            loss[i] = diverged ? Double.NaN : truth.loss(N, T, eta, B) * Math.exp(spec.noise() * z);
          }
          if (spec.runNoise() > 0) {
            // Drawn after the checkpoints' noise, so that runNoise 0 leaves every other draw as it
            // was.
            double shared = Math.exp(spec.runNoise() * noise.nextGaussian());
            for (int i = 0; i < k; i++) {
              loss[i] *= shared;
            }
          }
          String id =
              "n"
                  + Simulator.humanSize(N)
                  + "-b"
                  + dev.lawfit.data.Numbers.format(B)
                  + "-lr"
                  + dev.lawfit.data.Numbers.format(eta);
          runs.add(
              new Run(
                  id,
                  "sweep",
                  N,
                  eta,
                  B,
                  null,
                  Map.of(),
                  Checkpoints.of(tokens, loss, step, flops)));
        }
      }
    }
    return runs;
  }
}
