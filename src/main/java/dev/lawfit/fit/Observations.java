package dev.lawfit.fit;

import java.util.Arrays;
import java.util.Objects;

/**
 * The points a law is fitted to: one entry per evaluated checkpoint.
 *
 * <p>Arrays are copied in and copied out, so an instance is immutable. All present arrays have the
 * same length. Units: {@code params} N in parameters, {@code tokens} D in tokens, {@code compute} C
 * in FLOPs, {@code loss} in nats per token. {@code params} or {@code tokens} may be {@code null}
 * when the law does not need them (e.g. a power law in tokens); {@code compute} is 6 N D unless
 * given ({@link #computeFactor} records the k of C = k N D). {@code weights} (non-negative,
 * optional) multiply each point's term of the objective; {@code cluster} (optional) groups points
 * into runs, for a bootstrap that resamples whole runs. Values are checked by the fitter, not here
 * (it reports bad data as {@link FitException.Reason#INVALID_DATA}).
 *
 * @param params model size N per point, or null
 * @param tokens training tokens D per point, or null
 * @param compute training compute C per point (FLOPs), or null (then k N D when both present)
 * @param loss loss per point, nats per token (required)
 * @param weights objective weight per point, or null for all 1
 * @param cluster cluster (run) id per point, or null
 * @param computeFactor k in C = k N D used when compute is absent (6 by default)
 */
public record Observations(
    double[] params,
    double[] tokens,
    double[] compute,
    double[] loss,
    double[] weights,
    int[] cluster,
    double computeFactor) {

  /** Compact constructor: copies arrays, derives compute, checks lengths. */
  public Observations {
    Objects.requireNonNull(loss, "loss");
    int n = loss.length;
    params = copy(params, n, "params");
    tokens = copy(tokens, n, "tokens");
    compute = copy(compute, n, "compute");
    loss = loss.clone();
    weights = copy(weights, n, "weights");
    if (cluster != null) {
      if (cluster.length != n) {
        throw new IllegalArgumentException("cluster has " + cluster.length + " entries, loss " + n);
      }
      cluster = cluster.clone();
    }
    if (compute == null && params != null && tokens != null) {
      compute = new double[n];
      for (int i = 0; i < n; i++) {
        // Training compute C = k N D, k = 6 by default (Kaplan et al. 2020, sec. 2.1)
        compute[i] = computeFactor * params[i] * tokens[i];
      }
    }
  }

  private static double[] copy(double[] a, int n, String name) {
    if (a == null) {
      return null;
    }
    if (a.length != n) {
      throw new IllegalArgumentException(name + " has " + a.length + " entries, loss " + n);
    }
    return a.clone();
  }

  /** Points (N, D, L) with C = 6 N D, unit weights and no clusters. */
  public static Observations of(double[] params, double[] tokens, double[] loss) {
    return new Observations(params, tokens, null, loss, null, null, 6.0);
  }

  /** A copy with these weights (null for all 1). */
  public Observations withWeights(double[] w) {
    return new Observations(params, tokens, compute, loss, w, cluster, computeFactor);
  }

  /** A copy with these cluster (run) ids (null for none). */
  public Observations withClusters(int[] c) {
    return new Observations(params, tokens, compute, loss, weights, c, computeFactor);
  }

  /** A copy with explicit compute per point. */
  public Observations withCompute(double[] c) {
    return new Observations(params, tokens, c, loss, weights, cluster, computeFactor);
  }

  /** The points at the given indices, in that order (indices may repeat, as in a bootstrap). */
  public Observations subset(int[] idx) {
    return new Observations(
        pick(params, idx),
        pick(tokens, idx),
        pick(compute, idx),
        pick(loss, idx),
        pick(weights, idx),
        pickInt(cluster, idx),
        computeFactor);
  }

  private static double[] pick(double[] a, int[] idx) {
    if (a == null) {
      return null;
    }
    var out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = a[idx[i]];
    }
    return out;
  }

  private static int[] pickInt(int[] a, int[] idx) {
    if (a == null) {
      return null;
    }
    var out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      out[i] = a[idx[i]];
    }
    return out;
  }

  /** Number of points. */
  public int size() {
    return loss.length;
  }

  @Override
  public double[] params() {
    return params == null ? null : params.clone();
  }

  @Override
  public double[] tokens() {
    return tokens == null ? null : tokens.clone();
  }

  @Override
  public double[] compute() {
    return compute == null ? null : compute.clone();
  }

  @Override
  public double[] loss() {
    return loss.clone();
  }

  @Override
  public double[] weights() {
    return weights == null ? null : weights.clone();
  }

  @Override
  public int[] cluster() {
    return cluster == null ? null : cluster.clone();
  }

  // Package-private views without copies, for the engine's hot loops; never handed out.
  double[] paramsView() {
    return params;
  }

  double[] tokensView() {
    return tokens;
  }

  double[] computeView() {
    return compute;
  }

  double[] lossView() {
    return loss;
  }

  double[] weightsView() {
    return weights;
  }

  int[] clusterView() {
    return cluster;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Observations other
        && Arrays.equals(params, other.params)
        && Arrays.equals(tokens, other.tokens)
        && Arrays.equals(compute, other.compute)
        && Arrays.equals(loss, other.loss)
        && Arrays.equals(weights, other.weights)
        && Arrays.equals(cluster, other.cluster)
        && Double.compare(computeFactor, other.computeFactor) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(params),
        Arrays.hashCode(tokens),
        Arrays.hashCode(loss),
        Arrays.hashCode(weights),
        Arrays.hashCode(cluster),
        computeFactor);
  }

  @Override
  public String toString() {
    return "Observations[" + size() + " points]";
  }
}
