package dev.lawfit.cli;

import dev.lawfit.fit.Objective;
import dev.lawfit.law.Law;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options of every command that fits a loss law: the law, the objective and the starts. */
public final class LawOptions {
  @Option(names = "--law", required = true, paramLabel = "LAW",
      description = "chinchilla, kaplan or power (with --x; also power-params, power-tokens, power-compute).")
  String law;

  @Option(names = "--x", paramLabel = "VAR", description = "The variable of --law power: params, tokens or compute (default params).")
  String x;

  @Option(names = "--loss", paramLabel = "LOSS", defaultValue = "huber",
      description = "huber (default), squared (log residuals), squared-linear, or asymmetric (over-predictions cost --asymmetry times more).")
  String loss;

  @Option(names = "--delta", paramLabel = "DELTA", description = "Huber's delta, in log-loss units (default 1e-3).")
  Double delta;

  @Option(names = "--asymmetry", paramLabel = "K", description = "Cost ratio of over- to under-prediction for --loss asymmetric (default 2).")
  Double asymmetry;

  @Option(names = "--starts", paramLabel = "K", defaultValue = "12",
      description = "Local optimisations from the K best grid points (default ${DEFAULT-VALUE}).")
  int starts;

  /** The law of {@code --law} (and {@code --x} for power); an unknown one is bad input. */
  public Law law() {
    String name = law.toLowerCase(Locale.ROOT);
    if (x != null) {
      if (!name.equals("power")) {
        throw UserException.badInput("--x applies to --law power only");
      }
      name = "power-" + x.toLowerCase(Locale.ROOT);
    }
    try {
      return Law.byName(name);
    } catch (IllegalArgumentException e) {
      throw UserException.badInput("--law " + law + (x == null ? "" : " --x " + x) + ": " + e.getMessage());
    }
  }

  /** The objective of {@code --loss}, {@code --delta} and {@code --asymmetry}, checked. */
  public Objective objective() {
    Objective o;
    try {
      o = Objective.byName(loss);
    } catch (IllegalArgumentException e) {
      throw UserException.badInput("--loss: " + e.getMessage());
    }
    if (delta != null) {
      if (!(o instanceof Objective.Huber)) {
        throw UserException.badInput("--delta applies to --loss huber only");
      }
      if (!(delta > 0) || !Double.isFinite(delta)) {
        throw UserException.badInput("--delta must be a positive number");
      }
      o = new Objective.Huber(delta);
    }
    if (asymmetry != null) {
      if (!(o instanceof Objective.Asymmetric)) {
        throw UserException.badInput("--asymmetry applies to --loss asymmetric only");
      }
      if (!(asymmetry > 0) || !Double.isFinite(asymmetry)) {
        throw UserException.badInput("--asymmetry must be a positive number");
      }
      o = new Objective.Asymmetric(asymmetry);
    }
    return o;
  }

  /** Local optimisations of the best-of-grid starts, checked to be at least 1. */
  public int starts() {
    if (starts < 1) {
      throw UserException.badInput("--starts must be at least 1");
    }
    return starts;
  }
}
