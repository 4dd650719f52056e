package dev.lawfit.cli;

import dev.lawfit.fit.FitOptions;
import picocli.CommandLine.Option;

/**
 * The options {@code hparams} and {@code critical-batch} share for reading a sweep (what counts as
 * diverged, the parabola's window) and for their laws' bootstrap, with one check of their values.
 */
final class SweepOptions {
  /**
   * More swept values each side than any sweep has is a mistake; 2 K + 1 must stay an array size.
   */
  static final int MAX_WINDOW = 1000;

  @Option(
      names = "--diverged-above",
      paramLabel = "LOSS",
      description =
          "Count a loss above LOSS as a diverged run too (default: only NaN and infinite losses).")
  Double divergedAbove;

  @Option(
      names = "--window-half-width",
      paramLabel = "K",
      defaultValue = "2",
      description =
          "Swept values each side of the lowest loss in a parabola's window (default: ${DEFAULT-VALUE}, i.e. 5 values).")
  int window;

  /**
   * The old name of --window-half-width (evaluate's --window was a fraction): kept so that old
   * scripts work.
   */
  @Option(names = "--window", paramLabel = "K", hidden = true)
  Integer oldWindow;

  @Option(
      names = "--bootstrap",
      paramLabel = "R",
      defaultValue = "1000",
      description =
          "Bootstrap resamples for the laws' intervals; 0 for Student t intervals (default: ${DEFAULT-VALUE}).")
  int bootstrap;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description =
          "Bootstrap seed: the same input and seed give the same bytes (default: ${DEFAULT-VALUE}).")
  long seed;

  /** The options of the hparams analysis, checked (exit 2 for a value no sweep can use). */
  dev.lawfit.analysis.hparams.HparamsAnalysis.Options hparams(
      dev.lawfit.analysis.hparams.Axis over, dev.lawfit.analysis.hparams.PublishedLaw compare) {
    check();
    return new dev.lawfit.analysis.hparams.HparamsAnalysis.Options(
        over, divergedAbove, window, bootstrap, seed, compare);
  }

  /** Exit 2 with one line for a value no sweep can use. */
  void check() {
    if (oldWindow != null) {
      window = oldWindow;
    }
    if (window < 1) {
      throw UserException.badInput(
          "--window-half-width must be at least 1 (a parabola needs 3 swept values), got "
              + window);
    }
    UserException.requireRange("--window-half-width", window, 1, MAX_WINDOW);
    UserException.requireRange("--bootstrap", bootstrap, 0, FitOptions.MAX_BOOTSTRAP);
    if (divergedAbove != null && !(divergedAbove > 0 && Double.isFinite(divergedAbove))) {
      throw UserException.badInput(
          "--diverged-above must be a positive loss, got " + divergedAbove);
    }
  }
}
