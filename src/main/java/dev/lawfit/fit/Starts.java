package dev.lawfit.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

/** Chooses the local-optimisation starts from the law's grid, as a {@link StartStrategy} says. */
final class Starts {
  private Starts() {}

  /** Points used by the first screening stage; the second stage uses every point. */
  static final int SCREEN_POINTS = 48;

  static List<double[]> choose(Problem pb, Observations obs, StartStrategy strategy) {
    // Project the law's grid onto the free coordinates; fixing parameters makes duplicates.
    var seen = new HashSet<List<Double>>();
    var grid = new ArrayList<double[]>();
    for (double[] g : pb.law.startGrid()) {
      double[] x = pb.freeOf(g);
      if (seen.add(Arrays.stream(x).boxed().toList())) {
        grid.add(x);
      }
    }
    if (!(strategy instanceof StartStrategy.BestOfGrid b) || b.k() >= grid.size()) {
      return grid;
    }
    // Stage 1: rank the grid by the objective on an evenly strided subset of the points (most
    // grid points are hopeless, and this is ~n/48 times cheaper). Stage 2: re-rank the best
    // 10 k (at least 5% of the grid) on every point, and keep the k best. Stable sorts: ties keep
    // grid order, so the choice is deterministic.
    List<double[]> candidates = grid;
    if (pb.n > 2 * SCREEN_POINTS) {
      var idx =
          IntStream.range(0, SCREEN_POINTS)
              .map(i -> (int) ((long) i * pb.n / SCREEN_POINTS))
              .toArray();
      var screen = new Problem(pb.law, pb.objective, obs, idx, pb.free, pb.template());
      int keep = Math.min(grid.size(), Math.max(10 * b.k(), grid.size() / 20));
      candidates = best(grid, screen, keep);
    }
    return best(candidates, pb, b.k());
  }

  private static List<double[]> best(List<double[]> points, Problem pb, int k) {
    double[] values = pb.values(points);
    Integer[] order = new Integer[points.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
    var chosen = new ArrayList<double[]>();
    for (int i = 0; i < Math.min(k, order.length); i++) {
      chosen.add(points.get(order[i]));
    }
    return chosen;
  }
}
