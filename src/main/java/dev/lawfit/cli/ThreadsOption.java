package dev.lawfit.cli;

import dev.lawfit.fit.FitOptions;
import picocli.CommandLine.Option;

/** {@code --threads}: how many threads a command may use, every core by default. */
public final class ThreadsOption {
  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Threads to use (default: every core); results do not depend on it.")
  Integer threads;

  /** The thread count asked for, checked; every available core when not given. */
  public int count() {
    int n =
        threads == null
            ? Math.min(Runtime.getRuntime().availableProcessors(), FitOptions.MAX_THREADS)
            : threads;
    UserException.requireRange("--threads", n, 1, FitOptions.MAX_THREADS);
    return n;
  }
}
