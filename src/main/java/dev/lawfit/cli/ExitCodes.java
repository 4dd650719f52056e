package dev.lawfit.cli;

/** lawfit's exit statuses (README, "Errors and exit status"). */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;

  /** A check found a regression. */
  public static final int CHECK_FAILED = 1;

  /** Bad input or usage. */
  public static final int BAD_INPUT = 2;

  /** The fit did not converge. */
  public static final int NO_CONVERGENCE = 3;

  /** An internal error: a bug. */
  public static final int INTERNAL = 4;

  /** The JVM ran out of memory (README says how to give it more). */
  public static final int OUT_OF_MEMORY = 5;

  /**
   * The reader of stdout closed it early ({@code lawfit simulate | head}): no message, and the
   * status a shell gives a Unix tool that SIGPIPE ended (128 + 13), so pipefail still sees it.
   */
  public static final int BROKEN_PIPE = 141;
}
