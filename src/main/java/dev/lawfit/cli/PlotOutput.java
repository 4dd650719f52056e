package dev.lawfit.cli;

import dev.lawfit.plot.Figure;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Where a figure goes and in which form: SVG (default) or PNG. */
final class PlotOutput {
  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      converter = OutFile.class,
      description =
          "Write the figure to FILE (whole or not at all) instead of stdout (-); FILE.png means --png.")
  Path out;

  @Option(names = "--png", description = "A PNG image instead of SVG (needs --out).")
  boolean png;

  /** Whether the figure is a PNG: asked for, or implied by the file name. */
  boolean isPng() {
    return png
        || (out != null
            && out.getFileName() != null
            && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"));
  }

  /** Checks the options before any work: a PNG needs a file. */
  void check() {
    UserException.require(
        !isPng() || out != null, "--png needs --out FILE: a PNG is not written to a terminal");
    // Charts are drawn off-screen: no display is needed, or looked for.
    System.setProperty("java.awt.headless", "true");
  }

  void write(Figure figure, CommandSpec spec) {
    if (isPng()) {
      Commands.writeBytes(figure::png, out);
    } else {
      Commands.write(w -> w.write(figure.svg()), out, spec);
    }
  }
}
