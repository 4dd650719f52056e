package dev.lawfit.data;

/** The unit a log writes its loss in; lawfit converts every loss to nats on load. */
public enum LossUnit {
  /** Cross-entropy in nats (natural log), lawfit's unit. */
  NATS,
  /** Cross-entropy in bits (log base 2): nats = bits x ln 2. */
  BITS,
  /** Perplexity, exp of the cross-entropy in nats: nats = ln(ppl). */
  PPL;

  /** The loss in nats. */
  double toNats(double value) {
    return switch (this) {
      case NATS -> value;
      case BITS -> value * Math.log(2);
      case PPL -> Math.log(value);
    };
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
