package dev.lawfit.cli;

import dev.lawfit.data.LogWriter;
import dev.lawfit.data.Run;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options every simulation shares: its seed and where the CSV goes. */
public final class SimulationOutput {
  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write the CSV to FILE (whole or not at all) instead of stdout.")
  Path out;

  public long seed() {
    return seed;
  }

  /** Writes the simulated runs as a canonical CSV log to --out (whole or not at all) or stdout. */
  void write(List<Run> runs, CommandSpec spec) {
    Commands.write(w -> LogWriter.writeCsv(runs, w), out, spec);
  }
}
