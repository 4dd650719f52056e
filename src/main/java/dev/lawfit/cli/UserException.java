package dev.lawfit.cli;

/** A failure the user can act on: carries its exit status and a one-line message. */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  public UserException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** Bad input or usage (exit 2). */
  public static UserException badInput(String message) {
    return new UserException(ExitCodes.BAD_INPUT, message);
  }

  /** A failure that ends with {@code exitCode} and prints nothing (a closed pipe on stdout). */
  public static UserException silent(int exitCode) {
    return new UserException(exitCode, null);
  }

  /** Whether this failure prints no message. */
  public boolean isSilent() {
    return getMessage() == null;
  }

  /** Throws a usage error (exit 2) with {@code message} unless {@code condition} holds. */
  public static void require(boolean condition, String message) {
    if (!condition) {
      throw badInput(message);
    }
  }

  /**
   * Throws a usage error unless {@code min <= value <= max}; the message names the option and, when
   * the value is above it, the limit (README, "Limits").
   */
  public static void requireRange(String option, long value, long min, long max) {
    if (value < min) {
      throw badInput(option + " must be at least " + min + ", got " + value);
    }
    if (value > max) {
      throw badInput(option + " " + value + " is above the limit of " + max);
    }
  }

  public int exitCode() {
    return exitCode;
  }
}
