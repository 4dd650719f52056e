package dev.lawfit.cli;

import dev.lawfit.analysis.IsoFlop;
import dev.lawfit.fit.FitOptions;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The options of the IsoFLOP method, shared by {@code isoflop} and {@code plot isoflop} so both run the same analysis. */
public final class IsoflopOptions {
  @Option(names = "--budget-digits", paramLabel = "K", defaultValue = "2",
      description = "Without logged FLOPs, round 6 N T to K significant digits to find each point's budget (default ${DEFAULT-VALUE}).")
  int budgetDigits;

  @Option(names = "--method", paramLabel = "M", defaultValue = "local",
      description = "Each budget's optimum: local (a parabola through the points around the lowest loss), global (one "
          + "parabola through the whole sweep) or akima (Porian et al.: Akima spline argmin, power laws weighted by "
          + "1 / bootstrap variance with --bootstrap). Default ${DEFAULT-VALUE}.")
  String method;

  @Option(names = "--half-width", paramLabel = "K", defaultValue = "" + IsoFlop.Settings.DEFAULT_HALF_WIDTH,
      description = "For --method local: the K points each side of the lowest loss (2K+1 in all; default ${DEFAULT-VALUE}).")
  int halfWidth;

  @Option(names = "--budget-tolerance", paramLabel = "DEX", defaultValue = "0",
      description = "Snap budgets within DEX of each other in log10 FLOPs to one shared budget (their geometric mean), "
          + "for points whose FLOPs scatter around nominal budgets (default ${DEFAULT-VALUE}: budgets as given).")
  double budgetTolerance;

  @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "0",
      description = "Bootstrap resamples (points within each budget) for the exponents' intervals (default: ${DEFAULT-VALUE}, "
          + "none: regression intervals).")
  int bootstrap;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
  long seed;

  /** The options, checked and frozen. */
  public record Request(int budgetDigits, double budgetTolerance, IsoFlop.Settings settings, int bootstrap, long seed) {}

  /** Checks the options (exit 2 naming the one that is off) and freezes them. */
  public Request request() {
    UserException.require(budgetDigits >= 1 && budgetDigits <= 15, "--budget-digits must be between 1 and 15");
    UserException.requireRange("--bootstrap", bootstrap, 0, FitOptions.MAX_BOOTSTRAP);
    IsoFlop.Method estimator = switch (method.toLowerCase(Locale.ROOT)) {
      case "local" -> IsoFlop.Method.LOCAL;
      case "global" -> IsoFlop.Method.GLOBAL;
      case "akima" -> IsoFlop.Method.AKIMA;
      default -> throw UserException.badInput("--method must be local, global or akima, not '" + method + "'");
    };
    UserException.require(halfWidth >= 1 && halfWidth <= 1000, "--half-width must be between 1 and 1000");
    UserException.require(budgetTolerance >= 0 && budgetTolerance <= 3, "--budget-tolerance must be between 0 and 3 (dex)");
    return new Request(budgetDigits, budgetTolerance, new IsoFlop.Settings(estimator, halfWidth), bootstrap, seed);
  }
}
