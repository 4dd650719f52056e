package dev.lawfit.analysis.sgd;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One-pass (online) SGD of a two-layer network on a multi-index Hermite target, the solvable model
 * of Arnaboldi et al. 2024 ("Online Learning and Information Exponents", arXiv 2406.02157), whose
 * batch-size knee at {@code n_b ~ d^(l/2)} is the critical batch size of McCandlish et al. 2018.
 *
 * <p>The model:
 *
 * <ul>
 *   <li>inputs {@code x ~ N(0, I_d)}, fresh at every step (no sample is seen twice);
 *   <li>target {@code y = sum_{k=1..r} h_l(x_k)}: r orthonormal directions, taken as the first r
 *       coordinate axes (the Gaussian is rotation invariant, so this loses nothing), h_l the
 *       normalised Hermite polynomial of degree l = the information exponent ({@link Hermite});
 *   <li>student {@code f(x) = (r/p) sum_{j=1..p} h_l(w_j . x)}: the same activation, first layer
 *       trained, second layer fixed at r/p (so p = r can represent the target exactly);
 *   <li>spherical SGD: a step along the mini-batch gradient of the full loss, then every w_j
 *       renormalised to the unit sphere (Ben Arous et al. 2021; Arnaboldi et al. 2024); the square
 *       loss {@code (f - y)^2 / 2} keeps its auto-correlation term (the part of the gradient from f
 *       itself), the correlation loss {@code -y f} drops it;
 *   <li>step size {@code eta = lr n_b / d^(l/2)}: the scaling with which batches up to d^(l/2) cut
 *       the steps without raising the samples needed (Arnaboldi et al. 2024); by default it stops
 *       growing at n_b = d^(l/2), where the square loss's auto-correlation term limits it to O(1);
 *   <li>the loss logged is the population risk {@code E[(f - y)^2]}, in closed form from the
 *       overlaps: with unit w_j, {@code E[h_l(u.x) h_l(v.x)] = (u.v)^l}, so {@code R = (r/p)^2
 *       sum_jk (w_j.w_k)^l - 2 (r/p) sum_jk (w_j)_k^l + r}.
 * </ul>
 *
 * <p>Every step also yields the gradient-noise statistics of McCandlish et al. 2018 on its own
 * batch: the mean squared norm of the per-sample gradients (batch size 1) and the squared norm of
 * the batch gradient (batch size n_b); and with the norm test (Lau et al. 2024, arXiv 2402.11215)
 * the batch grows to {@code ceil(Var_hat(g) / (theta^2 |g_B|^2))} whenever that is larger.
 *
 * <p>Runs are independent: run i draws from the i-th generator split off {@code
 * SplittableRandom(seed)} in order, so the output does not depend on the thread count.
 */
public final class SgdLab {
  private SgdLab() {}

  /** What the network minimises. */
  public enum Loss {
    SQUARE,
    CORRELATION
  }

  /** How the step size follows the batch size. */
  public enum Scaling {
    /**
     * {@code eta = lr min(n_b, d^(l/2)) / d^(l/2)}: in proportion to n_b up to the knee, constant
     * beyond (Arnaboldi et al. 2024).
     */
    KNEE,
    /** {@code eta = lr n_b / d^(l/2)} at every batch size. */
    LINEAR
  }

  /** How a step uses the gradient. */
  public enum Optimizer {
    /** {@code w <- w - eta g}. */
    SGD,
    /**
     * AdaGrad-Norm: {@code b^2 <- b^2 + |g|^2}, {@code w <- w - (eta / b) g} (Ward et al. 2019; Lau
     * et al. 2024).
     */
    ADAGRAD_NORM
  }

  /**
   * What to simulate.
   *
   * @param dim d, the input dimension
   * @param hidden p, the student's hidden units
   * @param directions r, the target's directions (at most d)
   * @param infoExponent l, in 1..3
   * @param batchSizes n_b, one run per batch size and learning rate
   * @param lrs the base learning rates; the step size is {@code lr n_b / d^(l/2)}, capped at lr
   *     with {@link Scaling#KNEE}
   * @param scaling how the step size follows the batch size
   * @param maxSteps the most steps a run takes
   * @param maxSamples the most samples a run sees
   * @param loss square or correlation
   * @param optimizer sgd or adagrad-norm
   * @param normTest the norm test's theta, or {@code null} for a fixed batch size
   * @param maxBatch the largest batch the norm test may ask for
   * @param stopBelow a run stops at the first evaluation whose risk is at or below this; NaN never
   * @param evalEvery evaluate every this many steps; 0 for every step up to 64, then 32 evaluations
   *     per doubling of the step
   * @param repeats independent trajectories per run (each with its own student and samples); the
   *     risk and gradient statistics logged are their means, the norm test reads the means
   * @param seed random seed
   */
  public record Spec(
      int dim,
      int hidden,
      int directions,
      int infoExponent,
      List<Integer> batchSizes,
      List<Double> lrs,
      Scaling scaling,
      long maxSteps,
      long maxSamples,
      Loss loss,
      Optimizer optimizer,
      Double normTest,
      int maxBatch,
      double stopBelow,
      int evalEvery,
      int repeats,
      long seed) {
    public Spec {
      batchSizes = List.copyOf(batchSizes);
      lrs = List.copyOf(lrs);
      if (dim < 1
          || hidden < 1
          || directions < 1
          || directions > dim
          || !Hermite.supported(infoExponent)) {
        throw new IllegalArgumentException("need d >= 1, p >= 1, 1 <= r <= d and l in 1..3");
      }
      if (batchSizes.isEmpty()
          || lrs.isEmpty()
          || batchSizes.stream().anyMatch(b -> b < 1)
          || lrs.stream().anyMatch(v -> !(v > 0 && Double.isFinite(v)))) {
        throw new IllegalArgumentException("batch sizes must be >= 1 and learning rates positive");
      }
      if (repeats < 1
          || maxSteps < 1
          || maxSamples < 1
          || evalEvery < 0
          || (normTest != null && !(normTest > 0))
          || maxBatch < 1) {
        throw new IllegalArgumentException(
            "steps, samples and the largest batch must be positive, evalEvery >= 0");
      }
    }

    /** d^(l/2), the scale of the knee (Arnaboldi et al. 2024). */
    public double knee() {
      return Math.pow(dim, infoExponent / 2.0);
    }

    /**
     * The step size at batch size n_b: eta = lr n_b / d^(l/2), capped at lr under {@link
     * Scaling#KNEE}.
     */
    public double stepSize(double lr, int batchSize) {
      double n = scaling == Scaling.KNEE ? Math.min(batchSize, knee()) : batchSize;
      return lr * n / knee(); // eta ~ n_b d^(-l/2) (Arnaboldi et al. 2024, arXiv 2406.02157)
    }
  }

  /**
   * One evaluation.
   *
   * @param step optimizer steps taken
   * @param samples samples seen (tokens)
   * @param risk the population risk E[(f - y)^2] after the step
   * @param stepSize the step's eta (before AdaGrad-Norm's division)
   * @param batch the step's batch size
   * @param gradSqSmall the mean squared norm of the step's per-sample gradients (batch size 1); NaN
   *     when batch is 1
   * @param gradSqBig the squared norm of the step's batch gradient (batch size {@code batch})
   */
  public record Row(
      long step,
      long samples,
      double risk,
      double stepSize,
      int batch,
      double gradSqSmall,
      double gradSqBig) {}

  /** A run: its batch size (the first, under the norm test), base learning rate and evaluations. */
  public record RunLog(int index, int batchSize, double lr, List<Row> rows) {}

  /**
   * Every (batch size, lr) run, in that order, on {@code threads} threads; the same spec gives the
   * same runs.
   */
  public static List<RunLog> simulate(Spec spec, int threads) throws InterruptedException {
    SplittableRandom root = new SplittableRandom(spec.seed());
    List<java.util.concurrent.Callable<RunLog>> jobs = new ArrayList<>();
    int index = 0;
    for (int b : spec.batchSizes()) {
      for (double lr : spec.lrs()) {
        SplittableRandom random =
            root.split(); // split in order here, so threads do not change the draws
        int i = index++;
        jobs.add(() -> run(spec, i, b, lr, random));
      }
    }
    if (threads <= 1 || jobs.size() == 1) {
      List<RunLog> out = new ArrayList<>();
      for (var job : jobs) {
        try {
          out.add(job.call());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, jobs.size()));
    try {
      List<Future<RunLog>> futures = pool.invokeAll(jobs);
      List<RunLog> out = new ArrayList<>();
      for (Future<RunLog> f : futures) {
        try {
          out.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Whether step s is evaluated: every evalEvery steps, or by default every step to 64, then 32 per
   * doubling.
   */
  static boolean evaluated(long s, int evalEvery) {
    if (evalEvery > 0) {
      return s % evalEvery == 0;
    }
    if (s <= 64) {
      return true;
    }
    long stride = Long.highestOneBit(s) >> 5;
    return s % stride == 0;
  }

  /**
   * The population risk E[(f - y)^2] from the overlaps (unit w_j; target directions the first r
   * axes).
   */
  public static double risk(double[][] w, int directions, int l) {
    int p = w.length;
    double a = (double) directions / p;
    double self = 0;
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < p; k++) {
        double q = j == k ? 1 : dot(w[j], w[k]);
        self += Math.pow(q, l);
      }
    }
    double cross = 0;
    for (int j = 0; j < p; j++) {
      for (int k = 0; k < directions; k++) {
        cross += Math.pow(w[j][k], l);
      }
    }
    // R = E f^2 - 2 E f y + E y^2, each term (u.v)^l (Arnaboldi et al. 2024, arXiv 2406.02157).
    return a * a * self - 2 * a * cross + directions;
  }

  static double dot(double[] u, double[] v) {
    double s = 0;
    for (int i = 0; i < u.length; i++) {
      s += u[i] * v[i];
    }
    return s;
  }

  /** Scales v to unit norm. */
  static void normalise(double[] v) {
    double n = Math.sqrt(dot(v, v));
    for (int i = 0; i < v.length; i++) {
      v[i] /= n;
    }
  }

  /** A student drawn uniformly on the sphere, one unit vector per hidden unit. */
  static double[][] initial(int p, int d, SplittableRandom random) {
    double[][] w = new double[p][d];
    for (double[] row : w) {
      for (int i = 0; i < d; i++) {
        row[i] = random.nextGaussian();
      }
      normalise(row);
    }
    return w;
  }

  /** One student and its generator: one trajectory of a run. */
  private static final class Trajectory {
    final Spec spec;
    final SplittableRandom random;
    final double[][] w;
    final double[][] grad;
    final double[] x;
    final double[] coef;
    double adagrad; // b^2 of AdaGrad-Norm
    double perSampleSq; // sum over the last batch of |g_i|^2
    double gradSq; // |g_B|^2 of the last batch

    Trajectory(Spec spec, SplittableRandom random) {
      this.spec = spec;
      this.random = random;
      w = initial(spec.hidden(), spec.dim(), random);
      grad = new double[spec.hidden()][spec.dim()];
      x = new double[spec.dim()];
      coef = new double[spec.hidden()];
    }

    /** One step on {@code batch} fresh samples with step size eta. */
    void step(int batch, double eta) {
      int d = spec.dim();
      int p = spec.hidden();
      int r = spec.directions();
      int l = spec.infoExponent();
      double a = (double) r / p;
      boolean square = spec.loss() == Loss.SQUARE;
      for (double[] g : grad) {
        java.util.Arrays.fill(g, 0);
      }
      perSampleSq = 0;
      for (int i = 0; i < batch; i++) {
        double xx = 0;
        for (int k = 0; k < d; k++) {
          double v = random.nextGaussian();
          x[k] = v;
          xx += v * v;
        }
        double y = 0;
        for (int k = 0; k < r; k++) {
          y += Hermite.value(l, x[k]);
        }
        double f = 0;
        for (int j = 0; j < p; j++) {
          double z = dot(w[j], x);
          f += Hermite.value(l, z);
          coef[j] = Hermite.derivative(l, z);
        }
        f *= a;
        // d/dw_j of (f - y)^2 / 2 is (f - y) a h'(w_j.x) x; of -y f it is -y a h'(w_j.x) x.
        double c = square ? f - y : -y;
        double cc = 0;
        for (int j = 0; j < p; j++) {
          double cj = c * a * coef[j];
          cc += cj * cj;
          double[] g = grad[j];
          for (int k = 0; k < d; k++) {
            g[k] += cj * x[k];
          }
        }
        perSampleSq += cc * xx; // |g_i|^2 = sum_j cj^2 |x|^2
      }
      gradSq = 0;
      for (double[] g : grad) {
        for (int k = 0; k < d; k++) {
          g[k] /= batch;
          gradSq += g[k] * g[k];
        }
      }
      double scale = eta;
      if (spec.optimizer() == Optimizer.ADAGRAD_NORM) {
        adagrad += gradSq;
        scale = adagrad > 0 ? eta / Math.sqrt(adagrad) : 0;
      }
      for (int j = 0; j < p; j++) {
        for (int k = 0; k < d; k++) {
          w[j][k] -= scale * grad[j][k];
        }
        normalise(w[j]); // spherical SGD
      }
    }
  }

  private static RunLog run(
      Spec spec, int index, int batchSize, double lr, SplittableRandom random) {
    Trajectory[] replicas = new Trajectory[spec.repeats()];
    for (int k = 0; k < replicas.length; k++) {
      replicas[k] = new Trajectory(spec, random.split());
    }
    int batch = batchSize;
    long samples = 0;
    List<Row> rows = new ArrayList<>();
    for (long s = 1; s <= spec.maxSteps() && samples < spec.maxSamples(); s++) {
      double eta = spec.stepSize(lr, batch);
      double perSampleSq = 0;
      double gradSq = 0;
      for (Trajectory t : replicas) {
        t.step(batch, eta);
        perSampleSq += t.perSampleSq / replicas.length;
        gradSq += t.gradSq / replicas.length;
      }
      samples += batch;
      int stepBatch = batch;
      if (spec.normTest() != null && batch > 1 && gradSq > 0) {
        // Sample variance of the per-sample gradients: (sum |g_i|^2 - B |g_B|^2) / (B - 1).
        double variance = Math.max(0, (perSampleSq - batch * gradSq) / (batch - 1));
        double theta = spec.normTest();
        double want =
            Math.ceil(
                variance
                    / (theta * theta * gradSq)); // norm test (Lau et al. 2024, arXiv 2402.11215)
        if (want > batch) {
          batch = (int) Math.min(want, spec.maxBatch());
        }
      }
      boolean last = s == spec.maxSteps() || samples >= spec.maxSamples();
      if (evaluated(s, spec.evalEvery()) || last) {
        double risk = 0;
        for (Trajectory t : replicas) {
          risk += risk(t.w, spec.directions(), spec.infoExponent()) / replicas.length;
        }
        rows.add(
            new Row(
                s,
                samples,
                risk,
                eta,
                stepBatch,
                stepBatch > 1 ? perSampleSq / stepBatch : Double.NaN,
                gradSq));
        if (risk <= spec.stopBelow()) {
          break;
        }
      }
    }
    return new RunLog(index, batchSize, lr, rows);
  }
}
