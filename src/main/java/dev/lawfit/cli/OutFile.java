package dev.lawfit.cli;

import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;

/**
 * The converter of {@code --out}: {@code -} is standard output, as without the option (the
 * counterpart of {@code -} for standard input among the logs), and anything else names a file.
 */
final class OutFile implements ITypeConverter<Path> {
  /** The name of standard output. */
  static final String STDOUT = "-";

  @Override
  public Path convert(String text) {
    return text.equals(STDOUT) ? null : Path.of(text);
  }

  /**
   * Whether {@code path}, the value of an output option without this converter ({@code fit
   * --points}), names standard output.
   */
  static boolean isStdout(Path path) {
    return path != null && path.toString().equals(STDOUT);
  }
}
