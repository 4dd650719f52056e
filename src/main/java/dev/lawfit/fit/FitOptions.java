package dev.lawfit.fit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Immutable options of one fit. Start from {@link #defaults()} and derive with the {@code with...}
 * methods.
 *
 * @param objective what is minimised (default Huber, delta 1e-3, on log residuals, summed)
 * @param starts how starts are chosen (default {@link StartStrategy#defaultStrategy()})
 * @param fixed parameters held at a value, by name, natural units (the CLI's {@code --fix
 *     name=value}); unknown names fail the fit with {@link FitException.Reason#BAD_OPTION}
 * @param bootstrap number of bootstrap resamples; 0 for covariance-based standard errors
 * @param seed seed of the bootstrap; the same seed gives the same numbers on any thread count
 * @param clusterBootstrap resample whole clusters (runs) instead of points; needs cluster ids
 * @param threads threads for the full grid and the bootstrap, &gt;= 1
 * @param maxIterations iteration cap of each local optimisation
 * @param bounds intervals free parameters must end in, by name, natural units (the CLI's {@code
 *     --bounds}); none by default here (the CLI adds the laws' defaults); a fixed parameter is not
 *     checked; unknown names fail the fit with {@link FitException.Reason#BAD_OPTION}
 * @param progress told of each bootstrap resample as it is done ({@link Progress#NONE} by default)
 */
public record FitOptions(
    Objective objective,
    StartStrategy starts,
    Map<String, Double> fixed,
    int bootstrap,
    long seed,
    boolean clusterBootstrap,
    int threads,
    int maxIterations,
    Map<String, Bound> bounds,
    Progress progress) {

  /** Checks ranges and copies the map (sorted by name, unmodifiable). */
  public FitOptions {
    bounds =
        bounds == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(bounds));
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(starts, "starts");
    progress = progress == null ? Progress.NONE : progress;
    fixed = fixed == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(fixed));
    if (bootstrap < 0 || bootstrap > MAX_BOOTSTRAP) {
      throw new IllegalArgumentException(
          "bootstrap must be in [0, " + MAX_BOOTSTRAP + "], got " + bootstrap);
    }
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException(
          "threads must be in [1, " + MAX_THREADS + "], got " + threads);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }
  }

  /**
   * The most bootstrap resamples a fit (or a sweep analysis) may ask for: each is a refit, and
   * their samples are kept, so a larger request is a mistake, not a wish (README, "Limits").
   */
  public static final int MAX_BOOTSTRAP = 100_000;

  /** The most threads a command may ask for (a thread pool is created with that many). */
  public static final int MAX_THREADS = 1024;

  /** Huber (delta 1e-3), default starts, nothing fixed, no bootstrap, seed 0, one thread. */
  public static FitOptions defaults() {
    return new FitOptions(
        Objective.huber(),
        StartStrategy.defaultStrategy(),
        Map.of(),
        0,
        0L,
        false,
        1,
        5000,
        Map.of(),
        Progress.NONE);
  }

  public FitOptions withObjective(Objective o) {
    return with(c -> c.objective = o);
  }

  public FitOptions withStarts(StartStrategy s) {
    return with(c -> c.starts = s);
  }

  public FitOptions withFixed(Map<String, Double> f) {
    return with(c -> c.fixed = f);
  }

  /** Adds one fixed parameter to those already fixed. */
  public FitOptions withFixed(String name, double value) {
    var m = new TreeMap<>(fixed);
    m.put(name, value);
    return withFixed(m);
  }

  /** Bootstrap with {@code resamples} resamples and this seed. */
  public FitOptions withBootstrap(int resamples, long s) {
    return with(
        c -> {
          c.bootstrap = resamples;
          c.seed = s;
        });
  }

  public FitOptions withClusterBootstrap(boolean cluster) {
    return with(c -> c.clusterBootstrap = cluster);
  }

  public FitOptions withThreads(int t) {
    return with(c -> c.threads = t);
  }

  /** These bounds instead of the ones set before. */
  public FitOptions withBounds(Map<String, Bound> b) {
    return with(c -> c.bounds = b);
  }

  public FitOptions withMaxIterations(int m) {
    return with(c -> c.maxIterations = m);
  }

  /** The same options, telling {@code p} of each bootstrap resample as it is done. */
  public FitOptions withProgress(Progress p) {
    return with(c -> c.progress = p);
  }

  /** These options with what {@code change} sets; the one copy of every component. */
  private FitOptions with(java.util.function.Consumer<Copy> change) {
    var c = new Copy(this);
    change.accept(c);
    return new FitOptions(
        c.objective,
        c.starts,
        c.fixed,
        c.bootstrap,
        c.seed,
        c.clusterBootstrap,
        c.threads,
        c.maxIterations,
        c.bounds,
        c.progress);
  }

  /** A mutable copy of the components, for {@link #with}. */
  private static final class Copy {
    Objective objective;
    StartStrategy starts;
    Map<String, Double> fixed;
    int bootstrap;
    long seed;
    boolean clusterBootstrap;
    int threads;
    int maxIterations;
    Map<String, Bound> bounds;
    Progress progress;

    Copy(FitOptions o) {
      objective = o.objective;
      starts = o.starts;
      fixed = o.fixed;
      bootstrap = o.bootstrap;
      seed = o.seed;
      clusterBootstrap = o.clusterBootstrap;
      threads = o.threads;
      maxIterations = o.maxIterations;
      bounds = o.bounds;
      progress = o.progress;
    }
  }
}
