package dev.lawfit;

import dev.lawfit.fit.Observations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Test-only access to the shared public data sets (/work/shared/data) and seeded synthetic data.
 * The CSV reading here is deliberately tiny and ad hoc: the real loaders live in the data package.
 */
public final class TestData {
  private TestData() {}

  /**
   * The shared data folder, if present: system property lawfit.shared.data, else ../shared/data.
   */
  public static Optional<Path> sharedData() {
    String prop = System.getProperty("lawfit.shared.data");
    Path dir = prop != null ? Path.of(prop) : Path.of("..", "shared", "data");
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  /** A shared data file, if present. */
  public static Optional<Path> sharedFile(String relative) {
    return sharedData().map(d -> d.resolve(relative)).filter(Files::isRegularFile);
  }

  /** Rows of a CSV file as header-keyed maps; handles double-quoted fields. */
  public static List<Map<String, String>> readCsv(Path file, Predicate<String> lineFilter)
      throws IOException {
    var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    var header = split(lines.get(0));
    var rows = new ArrayList<Map<String, String>>();
    for (int k = 1; k < lines.size(); k++) {
      String line = lines.get(k);
      if (line.isEmpty() || !lineFilter.test(line)) {
        continue;
      }
      var cells = split(line);
      var row = new HashMap<String, String>();
      for (int c = 0; c < header.size() && c < cells.size(); c++) {
        row.put(header.get(c), cells.get(c));
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<String> split(String line) {
    var out = new ArrayList<String>();
    var cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }

  /**
   * A Hitchhiker family (Choshen et al. 2024 data, IBM/ColPret): points with tokens above {@code
   * minTokens} (exclusive), only rows of {@code lossKind} (null for any), duplicate (model, tokens)
   * pairs averaged (gpt3's digitised curves repeat them), cluster ids per model.
   */
  public static Optional<Observations> hitchhiker(String family, String lossKind, double minTokens)
      throws IOException {
    var file = sharedFile("hitchhiker/losses.csv");
    if (file.isEmpty()) {
      return Optional.empty();
    }
    var rows = readCsv(file.get(), l -> l.startsWith(family + ","));
    record Key(String model, double tokens) {}
    var sums = new LinkedHashMap<Key, double[]>();
    for (var r : rows) {
      if (!r.get("family").equals(family)
          || (lossKind != null && !r.get("loss_kind").equals(lossKind))) {
        continue;
      }
      double t = Double.parseDouble(r.get("tokens_seen"));
      if (t <= minTokens) {
        continue;
      }
      var acc = sums.computeIfAbsent(new Key(r.get("model_name"), t), k -> new double[3]);
      acc[0] = Double.parseDouble(r.get("num_params"));
      acc[1] += Double.parseDouble(r.get("loss"));
      acc[2] += 1;
    }
    int n = sums.size();
    var N = new double[n];
    var D = new double[n];
    var L = new double[n];
    var cluster = new int[n];
    var models = new HashMap<String, Integer>();
    int i = 0;
    for (var e : sums.entrySet()) {
      N[i] = e.getValue()[0];
      D[i] = e.getKey().tokens();
      L[i] = e.getValue()[1] / e.getValue()[2];
      cluster[i] = models.computeIfAbsent(e.getKey().model(), m -> models.size());
      i++;
    }
    return Optional.of(Observations.of(N, D, L).withClusters(cluster));
  }

  /**
   * Chinchilla's published law with full-precision parameters (REFERENCES.md), from its one place
   * in the code; SimulatorTest checks those figures against the paper's independently.
   */
  public static final double[] HOFFMANN = dev.lawfit.analysis.Simulator.publishedChinchilla();

  /**
   * Synthetic Chinchilla data: {@code sizes} model sizes log-spaced in [3e7, 3e9] and {@code
   * perSize} token counts log-spaced in [1e9, 3e11] each, loss from {@code truth} times exp(noise)
   * with noise ~ N(0, sigma^2) from {@code seed}. Clusters are the sizes.
   */
  public static Observations syntheticChinchilla(
      double[] truth, int sizes, int perSize, double sigma, long seed) {
    var rng = new Random(seed);
    int n = sizes * perSize;
    var N = new double[n];
    var D = new double[n];
    var L = new double[n];
    var cluster = new int[n];
    int i = 0;
    for (int s = 0; s < sizes; s++) {
      double size = 3e7 * Math.pow(100, s / (double) (sizes - 1));
      for (int t = 0; t < perSize; t++) {
        double tokens = 1e9 * Math.pow(300, t / (double) (perSize - 1));
        N[i] = size;
        D[i] = tokens;
        double clean =
            truth[0] + truth[1] / Math.pow(size, truth[3]) + truth[2] / Math.pow(tokens, truth[4]);
        L[i] = clean * Math.exp(sigma * rng.nextGaussian());
        cluster[i] = s;
        i++;
      }
    }
    return Observations.of(N, D, L).withClusters(cluster);
  }
}
