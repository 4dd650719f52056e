package dev.lawfit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where a command writes its result, and in which form. */
public final class OutputOptions {
  /** Result forms. */
  public enum OutputFormat { table, json }

  @Option(names = {"-o", "--out"}, paramLabel = "FILE",
      description = "Write the result to FILE (whole or not at all) instead of stdout.")
  Path out;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "Result as ${COMPLETION-CANDIDATES} (default: table on stdout, json with --out).")
  OutputFormat format;

  /** The format asked for, or the default for where the result goes. */
  public OutputFormat effectiveFormat() {
    return format != null ? format : out != null ? OutputFormat.json : OutputFormat.table;
  }

  public Path out() {
    return out;
  }
}
