package dev.lawfit.fit;

import dev.lawfit.law.Law;
import dev.lawfit.stats.Parallel;
import dev.lawfit.stats.Resampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The bootstrap: refits on resampled points (or whole clusters), each warm-started at the full-data
 * optimum. Every resample draws from its own generator seeded from (seed, index), so the samples
 * are the same on any thread count.
 */
final class BootstrapFits {
  private BootstrapFits() {}

  static FitResult.Bootstrap run(
      Problem pb, Observations obs, FitOptions options, double[] xHat, Bounded bounded) {
    Law law = pb.law;
    int n = obs.size();
    int resamples = options.bootstrap();
    boolean clustered = options.clusterBootstrap();
    int[][] members = clustered ? clusters(obs.clusterView()) : null;
    var rows = new double[resamples][];
    options.progress().add(resamples);
    Parallel.forEach(
        options.threads(),
        resamples,
        b -> {
          // One generator per resample, seeded from (seed, index): identical on any thread count.
          var rng = Resampling.generator(options.seed(), b);
          int[] idx;
          if (clustered) {
            var list = new ArrayList<Integer>();
            for (int c = 0; c < members.length; c++) {
              for (int i : members[rng.nextInt(members.length)]) {
                list.add(i);
              }
            }
            idx = list.stream().mapToInt(Integer::intValue).toArray();
          } else {
            idx = new int[n];
            for (int i = 0; i < n; i++) {
              idx[i] = rng.nextInt(n);
            }
          }
          var rpb = Problem.resample(law, options.objective(), obs, idx, pb.free, pb.template());
          // Warm start at the full-data optimum: resamples are small perturbations of the data.
          var out = bounded.solve(rpb, xHat, options.maxIterations(), true);
          if (out.converged() && Double.isFinite(out.value())) {
            double[] nat = law.toNatural(rpb.full(out.x()));
            if (Arrays.stream(nat).allMatch(Double::isFinite)) {
              rows[b] = nat;
            }
          }
          options.progress().step();
        });
    var ok = Arrays.stream(rows).filter(r -> r != null).toArray(double[][]::new);
    return new FitResult.Bootstrap(resamples, resamples - ok.length, options.seed(), clustered, ok);
  }

  /** Point indices per cluster, clusters in increasing id order (deterministic). */
  private static int[][] clusters(int[] ids) {
    var map = new TreeMap<Integer, List<Integer>>();
    for (int i = 0; i < ids.length; i++) {
      map.computeIfAbsent(ids[i], k -> new ArrayList<>()).add(i);
    }
    return map.values().stream()
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
        .toArray(int[][]::new);
  }
}
