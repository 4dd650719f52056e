package dev.lawfit.analysis.hparams;

/** The variable a hyperparameter law is a law in. */
public enum Axis {
  /** Token budget T. */
  TOKENS("tokens", "T"),
  /** Model size N. */
  PARAMS("params", "N"),
  /** Training compute C = 6 N T (Kaplan et al. 2020, arXiv 2001.08361). */
  COMPUTE("compute", "C");

  private final String label;
  private final String symbol;

  Axis(String label, String symbol) {
    this.label = label;
    this.symbol = symbol;
  }

  public String label() {
    return label;
  }

  public String symbol() {
    return symbol;
  }

  /** The value of this variable at (N, T). */
  public double of(double params, double tokens) {
    return switch (this) {
      case TOKENS -> tokens;
      case PARAMS -> params;
      case COMPUTE -> 6 * params * tokens; // C = 6 N T (Kaplan et al. 2020, sec. 2.1)
    };
  }
}
