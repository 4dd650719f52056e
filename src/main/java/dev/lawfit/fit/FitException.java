package dev.lawfit.fit;

/**
 * A fit that could not be made, with a machine-readable reason and a one-line message. The CLI maps
 * reasons to exit codes; nothing in the engine does.
 */
public final class FitException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a fit failed. */
  public enum Reason {
    /** No start converged. */
    NO_CONVERGENCE,
    /** The problem is degenerate (e.g. a singular Jacobian where one is required). */
    SINGULAR,
    /** Fewer points than free parameters. */
    TOO_FEW_POINTS,
    /** Non-finite or non-positive inputs, or inputs that cannot identify the law. */
    INVALID_DATA,
    /** An option that does not apply (unknown parameter name, bad value). */
    BAD_OPTION
  }

  private final Reason reason;

  /**
   * @param message one line, no trailing period
   */
  public FitException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The reason. */
  public Reason reason() {
    return reason;
  }
}
