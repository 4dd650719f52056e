package dev.lawfit.cli;

import picocli.CommandLine.Option;

/** {@code --threads}: how many threads a command may use, every core by default. */
public final class ThreadsOption {
  @Option(names = "--threads", paramLabel = "T",
      description = "Threads to use (default: every core); results do not depend on it.")
  Integer threads;

  /** The thread count asked for, checked; every available core when not given. */
  public int count() {
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n < 1) {
      throw UserException.badInput("--threads must be at least 1, got " + n);
    }
    return n;
  }
}
