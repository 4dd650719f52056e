package dev.lawfit.analysis.hparams;

/**
 * Published hyperparameter laws (REFERENCES.md, "Learning rate and batch size"). Every B is in
 * tokens per step; C is 6 N T FLOPs.
 */
public enum PublishedLaw {
  /**
   * DeepSeek LLM (arXiv 2401.02954): fitted with C = M D, M non-embedding FLOPs per token; here C =
   * 6 N T.
   */
  DEEPSEEK(
      "DeepSeek LLM, arXiv 2401.02954", "eta* = 0.3118 C^-0.125", "B* = 0.2920 C^0.3271 (tokens)"),
  /** Step Law (arXiv 2503.04715), N parameters and D = T tokens. */
  STEPLAW(
      "Step Law, arXiv 2503.04715", "eta* = 1.79 N^-0.713 T^0.307", "B* = 0.58 T^0.571 (tokens)"),
  /**
   * Porian et al. 2024 (arXiv 2406.19146); their B is in sequences of 2,048 tokens, here converted.
   */
  PORIAN(
      "Porian et al. 2024, arXiv 2406.19146",
      "eta* = 0.0047 (N/1.08e8)^(-1/3)",
      "B* = 160 (N/1.08e8)^(2/3) sequences of 2048 = 327680 (N/1.08e8)^(2/3) tokens");

  private final String source;
  private final String etaFormula;
  private final String batchFormula;

  PublishedLaw(String source, String etaFormula, String batchFormula) {
    this.source = source;
    this.etaFormula = etaFormula;
    this.batchFormula = batchFormula;
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public String source() {
    return source;
  }

  public String etaFormula() {
    return etaFormula;
  }

  public String batchFormula() {
    return batchFormula;
  }

  /** The published optimal peak learning rate for N parameters trained on T tokens. */
  public double etaStar(double params, double tokens) {
    double C = 6 * params * tokens;
    return switch (this) {
      case DEEPSEEK -> 0.3118 * Math.pow(C, -0.125); // DeepSeek LLM, arXiv 2401.02954
      case STEPLAW ->
          1.79 * Math.pow(params, -0.713) * Math.pow(tokens, 0.307); // Step Law, arXiv 2503.04715
      case PORIAN ->
          0.0047 * Math.pow(params / 1.08e8, -1.0 / 3); // Porian et al. 2024, arXiv 2406.19146
    };
  }

  /** The published optimal batch size in tokens for N parameters trained on T tokens. */
  public double batchStar(double params, double tokens) {
    double C = 6 * params * tokens;
    return switch (this) {
      case DEEPSEEK -> 0.2920 * Math.pow(C, 0.3271); // DeepSeek LLM, arXiv 2401.02954
      case STEPLAW -> 0.58 * Math.pow(tokens, 0.571); // Step Law, arXiv 2503.04715
      case PORIAN ->
          2048
              * 160
              * Math.pow(
                  params / 1.08e8,
                  2.0 / 3); // Porian et al. 2024, arXiv 2406.19146; 2,048-token sequences
    };
  }
}
