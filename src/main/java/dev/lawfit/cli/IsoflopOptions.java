package dev.lawfit.cli;

import dev.lawfit.analysis.IsoFlop;
import dev.lawfit.fit.FitOptions;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options of the IsoFLOP method, shared by {@code isoflop} and {@code plot isoflop} so both run
 * the same analysis.
 */
public final class IsoflopOptions {
  @Option(
      names = "--budget-digits",
      paramLabel = "K",
      defaultValue = "2",
      description =
          "Without logged FLOPs, round 6 N T to K significant digits to find each point's budget (default ${DEFAULT-VALUE}).")
  int budgetDigits;

  @Option(
      names = "--method",
      paramLabel = "M",
      defaultValue = "local",
      description =
          "Each budget's optimum: local (a parabola through the points around the lowest loss), global (one "
              + "parabola through the whole sweep) or akima (Porian et al. 2024: Akima spline argmin; seed noise added to "
              + "the losses --bootstrap times, power laws weighted by 1 / the draws' variance). Default ${DEFAULT-VALUE}.")
  String method;

  @Option(
      names = "--half-width",
      paramLabel = "K",
      defaultValue = "" + IsoFlop.Settings.DEFAULT_HALF_WIDTH,
      description =
          "For --method local: the K points each side of the lowest loss (2K+1 in all; default ${DEFAULT-VALUE}).")
  int halfWidth;

  @Option(
      names = "--budget-tolerance",
      paramLabel = "DEX",
      defaultValue = "0",
      description =
          "Snap budgets within DEX of each other in log10 FLOPs to one shared budget (their geometric mean), "
              + "for points whose FLOPs scatter around nominal budgets (default ${DEFAULT-VALUE}: budgets as given).")
  double budgetTolerance;

  @Option(
      names = "--bootstrap",
      paramLabel = "N",
      description =
          "Resamples for the exponents' intervals: points resampled within each budget (local, global; "
              + "default 0: regression intervals), or draws of seed noise on the losses (akima; default "
              + AKIMA_DRAWS
              + ", as Porian et al.).")
  Integer bootstrap;

  /** Porian et al.'s seed-noise draws per budget ({@code bootstrap_iters} in their analysis.py). */
  static final int AKIMA_DRAWS = 1000;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
  long seed;

  /** The options, checked and frozen. */
  public record Request(
      int budgetDigits,
      double budgetTolerance,
      IsoFlop.Settings settings,
      int bootstrap,
      long seed) {}

  /** Checks the options (exit 2 naming the one that is off) and freezes them. */
  public Request request() {
    UserException.require(
        budgetDigits >= 1 && budgetDigits <= 15, "--budget-digits must be between 1 and 15");
    IsoFlop.Method estimator =
        switch (method.toLowerCase(Locale.ROOT)) {
          case "local" -> IsoFlop.Method.LOCAL;
          case "global" -> IsoFlop.Method.GLOBAL;
          case "akima" -> IsoFlop.Method.AKIMA;
          default ->
              throw UserException.badInput(
                  "--method must be local, global or akima, not '" + method + "'");
        };
    int resamples =
        bootstrap != null ? bootstrap : estimator == IsoFlop.Method.AKIMA ? AKIMA_DRAWS : 0;
    UserException.requireRange("--bootstrap", resamples, 0, FitOptions.MAX_BOOTSTRAP);
    UserException.require(
        halfWidth >= 1 && halfWidth <= 1000, "--half-width must be between 1 and 1000");
    UserException.require(
        budgetTolerance >= 0 && budgetTolerance <= 3,
        "--budget-tolerance must be between 0 and 3 (dex)");
    return new Request(
        budgetDigits, budgetTolerance, new IsoFlop.Settings(estimator, halfWidth), resamples, seed);
  }
}
