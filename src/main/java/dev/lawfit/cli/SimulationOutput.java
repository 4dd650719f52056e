package dev.lawfit.cli;

import dev.lawfit.data.LogWriter;
import dev.lawfit.data.Run;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options every simulation shares: its seed and where the CSV goes. */
public final class SimulationOutput {
  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      converter = OutFile.class,
      description = "Write the CSV to FILE (whole or not at all) instead of stdout (-).")
  Path out;

  public long seed() {
    return seed;
  }

  /** The most rows a simulation may write: ten times the 1,000,000-row benchmark log. */
  static final long MAX_ROWS = 10_000_000;

  /**
   * Exit 2 naming the limit when the options ask for more than {@link #MAX_ROWS} rows (counted in
   * double: no overflow).
   */
  static void requireRows(double rows, String options) {
    if (rows > MAX_ROWS) {
      throw UserException.badInput(
          options
              + " ask for "
              + String.format(java.util.Locale.ROOT, "%.4g", rows)
              + " rows, above the limit of "
              + MAX_ROWS);
    }
  }

  /**
   * Writes the simulated runs as a canonical CSV log to --out (whole or not at all) or stdout,
   * after checking that they are a log lawfit reads back: unique run ids, positive finite tokens
   * and losses (NaN only where {@code diverging} runs diverge). {@code idOptions} and {@code
   * lossOptions} name the options that make the run ids and the losses, for the messages.
   */
  void write(
      List<Run> runs, CommandSpec spec, boolean diverging, String idOptions, String lossOptions) {
    java.util.Map<String, Run> ids = new java.util.HashMap<>();
    for (Run r : runs) {
      Run before = ids.putIfAbsent(r.id(), r);
      if (before != null) {
        throw UserException.badInput(
            "two simulated runs would share the id '"
                + r.id()
                + "': "
                + idOptions
                + " repeat a value, or give values that differ only beyond the digits a run id shows");
      }
      for (int i = 0; i < r.checkpoints().size(); i++) {
        double tokens = r.checkpoints().tokens(i);
        double loss = r.checkpoints().loss(i);
        if (!(tokens > 0 && tokens < Double.POSITIVE_INFINITY)) {
          throw UserException.badInput(
              "run "
                  + r.id()
                  + ": tokens "
                  + tokens
                  + " at checkpoint "
                  + (i + 1)
                  + " are not a positive finite number: the sizes, --tokens-per-param and --batch-size are out of range");
        }
        if (!(loss > 0 && loss < Double.POSITIVE_INFINITY) && !(diverging && Double.isNaN(loss))) {
          throw UserException.badInput(
              "run "
                  + r.id()
                  + ": the loss at "
                  + tokens
                  + " tokens is "
                  + loss
                  + ", not a positive finite number: "
                  + lossOptions
                  + " are out of range");
        }
      }
    }
    Commands.write(w -> LogWriter.writeCsv(runs, w), out, spec);
  }
}
