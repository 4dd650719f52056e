package dev.lawfit.fit;

/**
 * What the fitter minimises: a sum over points of {@code w_i rho(r_i)}, with per-point weights w_i
 * (1 by default). The reduction is always the <em>sum</em>, never the mean: with the mean,
 * quasi-Newton optimizers stop early (Besiroglu et al. 2024, arXiv 2404.10102).
 */
public sealed interface Objective {

  /** Name as on the command line: huber, squared, squared-linear, asymmetric. */
  String name();

  /** Residual space: {@code log} (r = log L_hat - log L) or {@code linear} (r = L_hat - L). */
  String space();

  /** Reduction over points; always {@code sum}. */
  default String reduction() {
    return "sum";
  }

  /**
   * Huber loss on log residuals, rho(r) = r^2/2 for |r| &lt;= delta, else delta (|r| - delta/2)
   * (Hoffmann et al. 2022, App. D.2, with delta = 1e-3).
   *
   * @param delta transition point, &gt; 0, in log-loss units
   */
  record Huber(double delta) implements Objective {
    /**
     * @throws IllegalArgumentException unless delta is finite and positive
     */
    public Huber {
      if (!(delta > 0) || !Double.isFinite(delta)) {
        throw new IllegalArgumentException("huber delta must be > 0, got " + delta);
      }
    }

    /**
     * rho(r) = r^2/2 for |r| &lt;= delta, else delta (|r| - delta/2) (Huber 1964): the one formula
     * the engine's objective ({@link Problem}) and its Newton polish ({@link HuberNewton}) sum.
     */
    static double rho(double r, double delta) {
      double a = Math.abs(r);
      return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }

    @Override
    public String name() {
      return "huber";
    }

    @Override
    public String space() {
      return "log";
    }
  }

  /** Squared log residuals, rho(r) = r^2 (a plain sum of squares). */
  record SquaredLog() implements Objective {
    @Override
    public String name() {
      return "squared";
    }

    @Override
    public String space() {
      return "log";
    }
  }

  /** Squared linear residuals, rho(r) = r^2 with r = L_hat - L. */
  record SquaredLinear() implements Objective {
    @Override
    public String name() {
      return "squared-linear";
    }

    @Override
    public String space() {
      return "linear";
    }
  }

  /**
   * Asymmetric squared log residuals: rho(r) = k r^2 for over-predictions (r &gt; 0), r^2
   * otherwise.
   *
   * @param k cost ratio of over- to under-prediction, &gt; 0
   */
  record Asymmetric(double k) implements Objective {
    /**
     * @throws IllegalArgumentException unless k is finite and positive
     */
    public Asymmetric {
      if (!(k > 0) || !Double.isFinite(k)) {
        throw new IllegalArgumentException("asymmetric k must be > 0, got " + k);
      }
    }

    @Override
    public String name() {
      return "asymmetric";
    }

    @Override
    public String space() {
      return "log";
    }
  }

  /**
   * The objective's one setting, Huber's delta or the asymmetric k; null for the squared
   * objectives.
   */
  default Double parameter() {
    if (this instanceof Huber h) {
      return h.delta();
    }
    return this instanceof Asymmetric a ? a.k() : null;
  }

  /**
   * The objective {@code name} with its setting, as {@link #parameter()} gives it back; a null
   * setting means the default (delta 1e-3, k 2), and it is ignored by the squared objectives.
   *
   * @throws IllegalArgumentException for an unknown name or an out-of-range setting
   */
  static Objective of(String name, Double parameter) {
    Objective o = byName(name);
    if (parameter == null) {
      return o;
    }
    if (o instanceof Huber) {
      return new Huber(parameter);
    }
    return o instanceof Asymmetric ? new Asymmetric(parameter) : o;
  }

  /** Huber with delta = 1e-3, the standard protocol's objective. */
  static Objective huber() {
    return new Huber(1e-3);
  }

  /** Looks up an objective by name with its default parameter (delta 1e-3, k 2). */
  static Objective byName(String name) {
    return switch (name) {
      case "huber" -> huber();
      case "squared" -> new SquaredLog();
      case "squared-linear" -> new SquaredLinear();
      case "asymmetric" -> new Asymmetric(2.0);
      default ->
          throw new IllegalArgumentException(
              "unknown objective '"
                  + name
                  + "'; valid: huber, squared, squared-linear, asymmetric");
    };
  }
}
