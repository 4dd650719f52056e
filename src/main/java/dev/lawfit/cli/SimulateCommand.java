package dev.lawfit.cli;

import dev.lawfit.analysis.Simulator;
import dev.lawfit.law.Chinchilla;
import dev.lawfit.law.Law;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lawfit simulate}: writes run logs from a known law, for examples, tests and benchmarks.
 */
@Command(
    name = "simulate",
    subcommands = {SimulateSweepCommand.class, SimulateSgdCommand.class},
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write training-run logs (CSV) that follow a known loss law with seeded log-normal noise: one row per checkpoint. "
          + "By default Chinchilla's published law (Hoffmann et al. 2022) at full precision; --law and --param choose another.",
      "The same options and seed give the same bytes. 'lawfit simulate sweep' writes learning-rate and "
          + "batch-size sweeps instead."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit simulate --out runs.csv",
      "  lawfit simulate --family a,b --sizes 1e7,1e8,1e9 --seeds 3 --checkpoints 100 --noise 0.01 --seed 7",
      "  lawfit simulate --law kaplan --param N_c=8.8e13,D_c=5.4e13,alpha_N=0.076,alpha_D=0.095 --out kaplan.csv",
      "  lawfit simulate sweep --out sweep.csv"
    })
public final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--law",
      completionCandidates = EnumValues.Laws.class,
      paramLabel = "LAW",
      defaultValue = "chinchilla",
      description =
          "The law: chinchilla, kaplan, power-params, power-tokens or power-compute (default ${DEFAULT-VALUE}).")
  String law;

  @Option(
      names = "--param",
      split = ",",
      paramLabel = "NAME=VALUE",
      description =
          "The law's parameters (natural units); chinchilla defaults to its published values, other laws need all of them.")
  Map<String, Double> parameters = new LinkedHashMap<>();

  @Option(
      names = "--family",
      split = ",",
      paramLabel = "NAME",
      defaultValue = "example",
      description =
          "Family names; family i has E scaled by 1 + 0.05 i (default: ${DEFAULT-VALUE}).")
  List<String> families;

  @Option(
      names = "--sizes",
      split = ",",
      paramLabel = "N",
      defaultValue = "2e7,5e7,1e8,2e8,5e8,1e9",
      description = "Model sizes N in parameters (default: ${DEFAULT-VALUE}).")
  List<Double> sizes;

  @Option(
      names = "--seeds",
      paramLabel = "K",
      defaultValue = "1",
      description = "Runs per family and size (default: ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--tokens-per-param",
      paramLabel = "R",
      defaultValue = "20",
      description = "Final tokens per parameter, T = R N (default: ${DEFAULT-VALUE}).")
  double tokensPerParam;

  @Option(
      names = "--checkpoints",
      paramLabel = "K",
      defaultValue = "40",
      description = "Evaluations per run, evenly spaced in steps (default: ${DEFAULT-VALUE}).")
  int checkpoints;

  @Option(
      names = "--schedule",
      paramLabel = "SPACING",
      defaultValue = "linear",
      description =
          "Checkpoints evenly spaced in steps (linear) or in log steps from 1%% of the run (log) (default ${DEFAULT-VALUE}).")
  String schedule;

  @Option(
      names = "--batch-size",
      paramLabel = "B",
      defaultValue = "524288",
      description = "Tokens per optimizer step (default: ${DEFAULT-VALUE}).")
  double batchSize;

  @Option(
      names = "--lr",
      paramLabel = "ETA",
      defaultValue = "3e-4",
      description = "Peak learning rate recorded (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--noise",
      paramLabel = "SIGMA",
      defaultValue = "0.005",
      description =
          "Standard deviation of the log-normal noise on the loss (default: ${DEFAULT-VALUE}).")
  double noise;

  @Option(
      names = "--transient",
      paramLabel = "A",
      defaultValue = "0",
      description =
          "Early-training excess: loss times 1 + A exp(-20 T / T_final) (default: ${DEFAULT-VALUE}).")
  double transientExcess;

  @Mixin SimulationOutput output;

  @Override
  public Integer call() {
    Simulator.Spec simulation = spec();
    output.write(
        Simulator.simulate(simulation),
        spec,
        false,
        "--family and --sizes",
        "--law, --param, --noise and --transient");
    return ExitCodes.OK;
  }

  private Simulator.Spec spec() {
    for (double N : sizes) {
      if (!(N >= 1 && N < Double.POSITIVE_INFINITY)) {
        throw UserException.badInput(
            "--sizes: a model size must be a positive number of parameters, got " + N);
      }
    }
    UserException.require(seeds >= 1, "--seeds must be at least 1");
    UserException.require(checkpoints >= 1, "--checkpoints must be at least 1");
    UserException.require(
        tokensPerParam > 0 && Double.isFinite(tokensPerParam),
        "--tokens-per-param must be positive");
    UserException.require(
        batchSize >= 1 && Double.isFinite(batchSize), "--batch-size must be at least 1 token");
    UserException.require(lr > 0 && Double.isFinite(lr), "--lr must be positive");
    UserException.require(noise >= 0 && Double.isFinite(noise), "--noise must be >= 0");
    UserException.require(
        transientExcess >= 0 && Double.isFinite(transientExcess), "--transient must be >= 0");
    UserException.require(
        families.stream().noneMatch(String::isBlank), "--family names must not be empty");
    SimulationOutput.requireRows(
        (double) families.size() * sizes.size() * seeds * checkpoints,
        "--family, --sizes, --seeds and --checkpoints");
    UserException.require(
        schedule.equals("linear") || schedule.equals("log"), "--schedule must be linear or log");
    Law chosen = LawOptions.named(law, "--law");
    double[] theta =
        chosen instanceof Chinchilla
            ? Simulator.publishedChinchilla()
            : new double[chosen.parameterCount()];
    for (Map.Entry<String, Double> p : parameters.entrySet()) {
      int j = chosen.indexOf(p.getKey());
      if (j < 0) {
        throw UserException.badInput(
            "--param "
                + p.getKey()
                + ": law "
                + chosen.name()
                + " has no such parameter (it has "
                + String.join(", ", chosen.parameterNames())
                + ")");
      }
      if (!chosen.admissible(j, p.getValue())) {
        throw UserException.badInput(
            "--param " + p.getKey() + "=" + p.getValue() + " is outside the parameter's range");
      }
      theta[j] = p.getValue();
    }
    if (!(chosen instanceof Chinchilla)) {
      for (String name : chosen.parameterNames()) {
        UserException.require(
            parameters.containsKey(name),
            "--law "
                + chosen.name()
                + " needs --param "
                + name
                + "=VALUE (it has "
                + String.join(", ", chosen.parameterNames())
                + ")");
      }
    }
    return new Simulator.Spec(
        chosen,
        theta,
        families,
        sizes,
        seeds,
        tokensPerParam,
        checkpoints,
        schedule.equals("log"),
        batchSize,
        lr,
        noise,
        transientExcess,
        output.seed());
  }
}
