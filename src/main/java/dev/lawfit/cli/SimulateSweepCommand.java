package dev.lawfit.cli;

import dev.lawfit.analysis.hparams.SweepSimulator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lawfit simulate sweep}: learning-rate and batch-size sweep logs from a known model. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write learning-rate and batch-size sweep logs (CSV) from a known model, with seeded log-normal noise: "
          + "eta*(T, B) = c T^p B^q, sensitivity s(T) = s0 T^-u (L = L_opt + s ln^2(eta/eta*)), and the "
          + "steps/data trade-off E = E_min (1 + B/B_crit) with B_crit = k E_min^gamma (McCandlish et al. 2018) "
          + "on top of Chinchilla's law at the effective tokens E_min.",
      "Every run is evaluated at the same token budgets (a constant or warmup-stable-decay schedule). Each batch "
          + "size sweeps --lr-points learning rates, --lr-step apart, centred on eta* at the middle budget; a run "
          + "diverges (loss nan) from the first budget where eta > --diverge-lr-factor x eta*. B in tokens.",
      "The same options and seed give the same bytes."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit simulate sweep --out sweep.csv",
      "  lawfit simulate sweep --sizes 1e8,4e8 --batch-sizes 16384,65536,262144 --tokens 1e9,2e10 --checkpoints 8 --seed 3",
      "  lawfit simulate sweep --small-batch-penalty 0.02 --out sweep.csv && lawfit hparams sweep.csv"
    })
public final class SimulateSweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--sizes",
      split = ",",
      paramLabel = "N",
      defaultValue = "1e8",
      description = "Model sizes N in parameters (default: ${DEFAULT-VALUE}).")
  List<Double> sizes;

  @Option(
      names = "--batch-sizes",
      split = ",",
      paramLabel = "B",
      defaultValue = "8192,16384,32768,65536,131072,262144,524288",
      description = "Batch sizes B in tokens per step (default: ${DEFAULT-VALUE}).")
  List<Double> batchSizes;

  @Option(
      names = "--tokens",
      split = ",",
      paramLabel = "T",
      defaultValue = "2e9,5e10",
      description =
          "First and last token budget; the budgets are log-spaced between them (default: ${DEFAULT-VALUE}).")
  List<Double> tokens;

  @Option(
      names = "--checkpoints",
      paramLabel = "K",
      defaultValue = "16",
      description = "Token budgets, i.e. evaluations per run (default: ${DEFAULT-VALUE}).")
  int checkpoints;

  @Option(
      names = "--lr-points",
      paramLabel = "K",
      defaultValue = "9",
      description = "Learning rates per (N, B) (default: ${DEFAULT-VALUE}).")
  int lrPoints;

  @Option(
      names = "--lr-step",
      paramLabel = "R",
      defaultValue = "2",
      description = "Ratio between neighbouring learning rates (default: ${DEFAULT-VALUE}).")
  double lrStep;

  @Option(
      names = "--eta-c",
      paramLabel = "C",
      defaultValue = "2.6e-3",
      description = "Planted c of eta* = c T^p B^q (default: ${DEFAULT-VALUE}).")
  double c;

  @Option(
      names = "--eta-p",
      paramLabel = "P",
      defaultValue = "-0.25",
      description = "Planted p (default: ${DEFAULT-VALUE}).")
  double p;

  @Option(
      names = "--eta-q",
      paramLabel = "Q",
      defaultValue = "0.5",
      description = "Planted q (default: ${DEFAULT-VALUE}).")
  double q;

  @Option(
      names = "--s0",
      paramLabel = "S0",
      defaultValue = "8",
      description = "Planted s0 of s = s0 T^-u (default: ${DEFAULT-VALUE}).")
  double s0;

  @Option(
      names = "--u",
      paramLabel = "U",
      defaultValue = "0.2",
      description = "Planted u (default: ${DEFAULT-VALUE}).")
  double u;

  @Option(
      names = "--bcrit-k",
      paramLabel = "K",
      defaultValue = "4e-3",
      description = "Planted k of B_crit = k E_min^gamma, B in tokens (default: ${DEFAULT-VALUE}).")
  double k;

  @Option(
      names = "--bcrit-gamma",
      paramLabel = "GAMMA",
      defaultValue = "0.9",
      description = "Planted gamma, in (0, 1] (default: ${DEFAULT-VALUE}).")
  double gamma;

  @Option(
      names = "--small-batch-penalty",
      paramLabel = "H",
      defaultValue = "0",
      description =
          "Adds h B_crit / B to the loss, which makes the best batch size at fixed T interior; "
              + "with h > 0 the iso-loss curves no longer follow the planted B_crit exactly (default: ${DEFAULT-VALUE}).")
  double smallBatchPenalty;

  @Option(
      names = "--noise",
      paramLabel = "SIGMA",
      defaultValue = "0.003",
      description =
          "Standard deviation of the log-normal noise on each checkpoint's loss (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(
      names = "--run-noise",
      paramLabel = "SIGMA",
      defaultValue = "0",
      description =
          "Standard deviation of a log-normal factor shared by every checkpoint of a run, as a seed's luck "
              + "carries through a warmup-stable-decay run (default: ${DEFAULT-VALUE}).")
  double runNoise;

  @Option(
      names = "--diverge-lr-factor",
      paramLabel = "F",
      defaultValue = "8",
      description = "A run diverges where eta > F eta*(T, B) (default: ${DEFAULT-VALUE}).")
  double divergeAbove;

  /**
   * The old name of --diverge-lr-factor, kept so that old scripts work; renamed because hparams'
   * --diverged-above is a loss, this a factor of eta*.
   */
  @Option(names = "--diverge-above", paramLabel = "F", hidden = true)
  Double oldDivergeAbove;

  @Mixin SimulationOutput output;

  @Override
  public Integer call() {
    SweepSimulator.Spec simulation = spec();
    output.write(
        SweepSimulator.simulate(simulation),
        spec,
        true,
        "--sizes, --batch-sizes, --lr-step and --lr-points",
        "--sizes, --tokens, --eta-*, --s0, --u, --bcrit-*, --small-batch-penalty, --noise and --run-noise");
    return ExitCodes.OK;
  }

  private SweepSimulator.Spec spec() {
    for (double N : sizes) {
      UserException.require(
          N >= 1 && Double.isFinite(N),
          "--sizes: a model size must be a positive number of parameters, got " + N);
    }
    for (double B : batchSizes) {
      UserException.require(
          B >= 1 && Double.isFinite(B),
          "--batch-sizes: a batch size must be at least 1 token, got " + B);
    }
    UserException.require(
        tokens.size() == 2, "--tokens takes the first and the last budget, e.g. 2e9,5e10");
    UserException.require(
        tokens.get(0) > 0 && tokens.get(1) >= tokens.get(0) && Double.isFinite(tokens.get(1)),
        "--tokens: budgets must be positive and the last at least the first");
    UserException.require(checkpoints >= 1, "--checkpoints must be at least 1");
    UserException.require(lrPoints >= 1, "--lr-points must be at least 1");
    UserException.require(lrStep > 1 && Double.isFinite(lrStep), "--lr-step must be above 1");
    UserException.require(c > 0 && Double.isFinite(c), "--eta-c must be positive");
    UserException.require(
        Double.isFinite(p) && Double.isFinite(q) && Double.isFinite(u),
        "--eta-p, --eta-q and --u must be finite");
    UserException.require(s0 > 0 && Double.isFinite(s0), "--s0 must be positive");
    UserException.require(k > 0 && Double.isFinite(k), "--bcrit-k must be positive");
    UserException.require(gamma > 0 && gamma <= 1, "--bcrit-gamma must be in (0, 1]");
    UserException.require(
        smallBatchPenalty >= 0 && Double.isFinite(smallBatchPenalty),
        "--small-batch-penalty must be >= 0");
    UserException.require(noise >= 0 && Double.isFinite(noise), "--noise must be >= 0");
    UserException.require(runNoise >= 0 && Double.isFinite(runNoise), "--run-noise must be >= 0");
    if (oldDivergeAbove != null) {
      divergeAbove = oldDivergeAbove;
    }
    UserException.require(divergeAbove > 0, "--diverge-lr-factor must be positive");
    SimulationOutput.requireRows(
        (double) sizes.size() * batchSizes.size() * lrPoints * checkpoints,
        "--sizes, --batch-sizes, --lr-points and --checkpoints");
    SweepSimulator.Truth truth =
        new SweepSimulator.Truth(c, p, q, s0, u, k, gamma, smallBatchPenalty);
    var simulation =
        new SweepSimulator.Spec(
            sizes,
            batchSizes,
            SweepSimulator.logSpaced(tokens.get(0), tokens.get(1), checkpoints),
            lrPoints,
            lrStep,
            truth,
            noise,
            runNoise,
            divergeAbove,
            output.seed());
    for (double B : batchSizes) {
      // The grid's ends, c T^p B^q lrStep^(+-(K-1)/2): each must be a positive double, or the log
      // has lr 0 or inf.
      double centre = truth.etaStar(simulation.middleBudget(), B);
      double half = (lrPoints - 1) / 2.0;
      for (double eta :
          new double[] {
            centre, centre * Math.pow(lrStep, -half), centre * Math.pow(lrStep, half)
          }) {
        UserException.require(
            eta >= Double.MIN_NORMAL && eta < Double.POSITIVE_INFINITY,
            "the learning rates at batch size "
                + B
                + " reach "
                + eta
                + ": --eta-c, --eta-p, --eta-q, --tokens, --lr-step and --lr-points put them outside what a "
                + "number holds (the grid spans eta* x --lr-step^(+-(K-1)/2))");
      }
    }
    return simulation;
  }
}
