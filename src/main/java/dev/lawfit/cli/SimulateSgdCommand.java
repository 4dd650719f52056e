package dev.lawfit.cli;

import dev.lawfit.analysis.sgd.Hermite;
import dev.lawfit.analysis.sgd.SgdLab;
import dev.lawfit.analysis.sgd.SgdLogWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit simulate sgd}: real one-pass SGD runs on a Hermite multi-index target, whose
 * batch-size knee is known.
 */
@Command(
    name = "sgd",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train a two-layer network by one-pass (online) SGD on a multi-index Hermite target and write the run logs "
          + "(CSV): the solvable model of Arnaboldi et al. 2024 (arXiv 2406.02157), where batches up to about d^(l/2) "
          + "cut the steps to a given risk without raising the samples, and larger ones stop helping.",
      "Inputs x ~ N(0, I_d); target y = sum_{k=1..r} h_l(x_k) with h_l = He_l / sqrt(l!), l the information exponent; "
          + "student f = (r/p) sum_j h_l(w_j . x), first layer trained, second fixed. Each step draws n_b fresh samples, "
          + "steps along the mini-batch gradient of the square loss (f - y)^2/2 (or of -y f with --loss correlation) "
          + "and renormalises every w_j to the unit sphere (spherical SGD).",
      "Step size: eta = lr min(n_b, d^(l/2)) / d^(l/2), i.e. lr n_b / d^(l/2) up to the knee and lr beyond it "
          + "(--lr-scaling linear: lr n_b / d^(l/2) at every n_b).",
      "loss = the population risk E[(f - y)^2] in closed form from the overlaps (averaged over --repeats trajectories); "
          + "tokens = samples seen; grad_sq_small/grad_sq_big = mean squared per-sample gradient norm (batch 1) and "
          + "squared batch-gradient norm (batch n_b) of each evaluated step, for critical-batch --from gradient-noise.",
      "Runs (one per batch size and lr) run in parallel; the same options and seed give the same bytes on any --threads."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit simulate sgd --dim 128 --batch-sizes 4,8,16,32,64,128,256,512,1024 --repeats 8 --stop-below 0.2 --out sgd.csv",
      "  lawfit critical-batch sgd.csv --from sweep",
      "  lawfit simulate sgd --dim 128 --batch-sizes 4 --adaptive-batch norm-test --out adaptive.csv",
      "  lawfit simulate sgd --dim 128 --batch-sizes 32 --out one.csv && lawfit critical-batch one.csv --from gradient-noise"
    })
public final class SimulateSgdCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dim",
      paramLabel = "D",
      defaultValue = "64",
      description = "Input dimension d (default: ${DEFAULT-VALUE}).")
  int dim;

  @Option(
      names = "--hidden",
      paramLabel = "P",
      defaultValue = "1",
      description = "Student hidden units p (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--directions",
      paramLabel = "R",
      defaultValue = "1",
      description = "Target directions r, at most d (default: ${DEFAULT-VALUE}).")
  int directions;

  @Option(
      names = "--info-exponent",
      paramLabel = "L",
      defaultValue = "2",
      description =
          "Information exponent l: the Hermite degree, 1, 2 or 3 (default: ${DEFAULT-VALUE}).")
  int infoExponent;

  @Option(
      names = "--batch-sizes",
      split = ",",
      paramLabel = "N_B",
      defaultValue = "4,16,64,256,1024",
      description =
          "Batch sizes n_b (samples per step), one run each: a sweep (default: ${DEFAULT-VALUE}).")
  List<Integer> batchSizes;

  @Option(
      names = "--lr",
      split = ",",
      paramLabel = "LR",
      defaultValue = "0.15",
      description =
          "Base learning rates, one run per batch size and lr; eta = lr min(n_b, d^(l/2)) / d^(l/2) "
              + "(default: ${DEFAULT-VALUE}).")
  List<Double> lrs;

  @Option(
      names = "--lr-scaling",
      paramLabel = "RULE",
      defaultValue = "knee",
      description =
          "knee: eta = lr min(n_b, d^(l/2)) / d^(l/2); linear: eta = lr n_b / d^(l/2) (default: ${DEFAULT-VALUE}).")
  String scaling;

  @Option(
      names = "--steps",
      paramLabel = "S",
      description = "The most steps per run (default: no limit but --samples).")
  Long steps;

  @Option(
      names = "--samples",
      paramLabel = "N",
      description = "The most samples per run (default: 256 d^(l-1)).")
  Long samples;

  @Option(
      names = "--stop-below",
      paramLabel = "RISK",
      description =
          "End a run at the first evaluation whose risk is at or below RISK (default: run the whole budget).")
  Double stopBelow;

  @Option(
      names = "--loss",
      paramLabel = "LOSS",
      defaultValue = "square",
      description = "square: (f - y)^2 / 2; correlation: -y f (default: ${DEFAULT-VALUE}).")
  String loss;

  @Option(
      names = "--optimizer",
      paramLabel = "OPT",
      defaultValue = "sgd",
      description =
          "sgd, or adagrad-norm: b^2 += |g|^2, w -= (eta / b) g (default: ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--adaptive-batch",
      paramLabel = "TEST",
      description =
          "norm-test: after each step grow the batch to ceil(Var_hat(g) / (theta^2 |g_B|^2)) when larger "
              + "(Lau et al. 2024, arXiv 2402.11215); needs one --batch-sizes value, the first batch.")
  String adaptive;

  @Option(
      names = "--norm-test-eta",
      paramLabel = "THETA",
      defaultValue = "1",
      description = "The norm test's constant theta (default: ${DEFAULT-VALUE}).")
  double theta;

  @Option(
      names = "--max-batch",
      paramLabel = "N_B",
      description = "The largest batch the norm test may ask for (default: 16 d^(l/2)).")
  Integer maxBatch;

  @Option(
      names = "--eval-every",
      paramLabel = "K",
      description =
          "Evaluate every K steps (default: every step up to 64, then 32 evaluations per doubling of the step).")
  Integer evalEvery;

  @Option(
      names = "--repeats",
      paramLabel = "K",
      defaultValue = "1",
      description =
          "Independent trajectories per run; the logged risk and gradient statistics are their means (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Mixin ThreadsOption threads;

  @Mixin SimulationOutput output;

  @Override
  public Integer call() throws InterruptedException {
    SgdLab.Spec simulation = spec();
    List<SgdLab.RunLog> runs = SgdLab.simulate(simulation, threads.count());
    Commands.write(w -> SgdLogWriter.writeCsv(simulation, runs, w), output.out, spec);
    return ExitCodes.OK;
  }

  private SgdLab.Spec spec() {
    UserException.require(dim >= 1 && dim <= 1_000_000, "--dim must be in 1..1000000, got " + dim);
    UserException.require(
        hidden >= 1 && hidden <= 10_000, "--hidden must be in 1..10000, got " + hidden);
    UserException.require(
        directions >= 1 && directions <= dim,
        "--directions must be in 1..d (" + dim + "), got " + directions);
    UserException.require(
        Hermite.supported(infoExponent), "--info-exponent must be 1, 2 or 3, got " + infoExponent);
    for (int b : batchSizes) {
      UserException.require(b >= 1, "--batch-sizes: a batch size must be at least 1, got " + b);
    }
    for (double lr : lrs) {
      UserException.require(lr > 0 && Double.isFinite(lr), "--lr must be positive, got " + lr);
    }
    SgdLab.Scaling rule = choice(SgdLab.Scaling.class, scaling, "--lr-scaling", "knee or linear");
    SgdLab.Loss lossKind = choice(SgdLab.Loss.class, loss, "--loss", "square or correlation");
    SgdLab.Optimizer opt =
        choice(SgdLab.Optimizer.class, optimizer, "--optimizer", "sgd or adagrad-norm");
    UserException.require(
        adaptive == null || adaptive.equals("norm-test"),
        "--adaptive-batch must be norm-test, got " + adaptive);
    UserException.require(
        adaptive == null || batchSizes.size() == 1,
        "--adaptive-batch norm-test starts from one batch size: give one --batch-sizes value");
    UserException.require(
        theta > 0 && Double.isFinite(theta), "--norm-test-eta must be positive, got " + theta);
    double knee = Math.pow(dim, infoExponent / 2.0);
    int largest =
        maxBatch != null ? maxBatch : (int) Math.min(Integer.MAX_VALUE, Math.ceil(16 * knee));
    UserException.require(
        largest >= batchSizes.get(0),
        "--max-batch must be at least the first batch size, got " + largest);
    UserException.require(steps == null || steps >= 1, "--steps must be at least 1, got " + steps);
    UserException.require(
        samples == null || samples >= 1, "--samples must be at least 1, got " + samples);
    UserException.require(
        stopBelow == null || (stopBelow >= 0 && Double.isFinite(stopBelow)),
        "--stop-below must be >= 0");
    UserException.require(
        evalEvery == null || evalEvery >= 1, "--eval-every must be at least 1, got " + evalEvery);
    UserException.require(
        repeats >= 1 && repeats <= 10_000, "--repeats must be in 1..10000, got " + repeats);
    long sampleBudget =
        samples != null ? samples : (long) Math.ceil(256 * Math.pow(dim, infoExponent - 1));
    return new SgdLab.Spec(
        dim,
        hidden,
        directions,
        infoExponent,
        batchSizes,
        lrs,
        rule,
        steps == null ? Long.MAX_VALUE : steps,
        sampleBudget,
        lossKind,
        opt,
        adaptive == null ? null : theta,
        largest,
        stopBelow == null ? Double.NaN : stopBelow,
        evalEvery == null ? 0 : evalEvery,
        repeats,
        output.seed());
  }

  private static <E extends Enum<E>> E choice(
      Class<E> type, String given, String option, String allowed) {
    try {
      return Enum.valueOf(type, given.replace('-', '_').toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw UserException.badInput(option + " must be " + allowed + ", got " + given);
    }
  }
}
