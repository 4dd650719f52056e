package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lawfit.SharedData;
import dev.lawfit.TestData;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.Fitter;
import dev.lawfit.fit.Observations;
import dev.lawfit.law.Law;
import dev.lawfit.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  /** Noise of the simulated losses (log-normal sigma). */
  private static final double NOISE = 0.005;

  private static final List<Double> SIZES = List.of(2e7, 5e7, 1e8, 2e8, 5e8, 1e9);

  @TempDir Path dir;

  private Path logs;

  @BeforeEach
  void simulate() {
    logs = dir.resolve("runs.csv");
    CliRunner r =
        CliRunner.run(
            "simulate",
            "--family",
            "sim",
            "--checkpoints",
            "30",
            "--noise",
            String.valueOf(NOISE),
            "--seed",
            "3",
            "--out",
            logs.toString());
    assertEquals(0, r.exitCode(), r.toString());
  }

  private JsonNode evaluate(String... extra) throws Exception {
    Path out = dir.resolve("eval-" + System.nanoTime() + ".json");
    List<String> args =
        new ArrayList<>(
            List.of(
                "evaluate",
                logs.toString(),
                "--law",
                "chinchilla",
                "--drop-early-tokens",
                "0",
                "--out",
                out.toString()));
    args.addAll(List.of(extra));
    CliRunner r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("", r.out());
    return Json.mapper().readTree(out.toFile());
  }

  @Test
  void onSimulatedChinchillaDataEveryCellPredictsTheTargetToNoiseLevel() throws Exception {
    // From three sizes up: two sizes cannot separate E, A and alpha (HoldoutTest), whatever the
    // noise.
    // The largest sizes below the target, each run's own first p: the closest extrapolation.
    JsonNode doc =
        evaluate(
            "--train-models",
            "3,4,5",
            "--train-fraction",
            "0.5,1",
            "--train-models-from",
            "largest",
            "--fraction-of",
            "run");
    assertEquals("lawfit.evaluate/2", doc.get("schema").asText());
    JsonNode group = doc.get("groups").get(0);
    assertEquals("sim", group.get("key").get("family").asText());
    assertEquals(1e9, group.get("target_params").asDouble());
    assertEquals(6, group.get("grid").size());
    for (JsonNode cell : group.get("grid")) {
      assertTrue(cell.get("error").isNull(), cell.toString());
      // Mean |noise| is sigma sqrt(2/pi) = 0.4%; a fitted law adds little on top.
      assertTrue(cell.get("are").asDouble() < 3 * NOISE, cell.toString());
    }
  }

  @Test
  void aCellsAreEqualsAnAreComputedFromADirectFitOnTheSameSelection() throws Exception {
    JsonNode cell =
        evaluate(
                "--train-models",
                "3",
                "--train-fraction",
                "0.5",
                "--train-models-from",
                "largest",
                "--fraction-of",
                "run")
            .get("groups")
            .get(0)
            .get("grid")
            .get(0);
    assertEquals(
        List.of(1e8, 2e8, 5e8),
        List.of(
            cell.get("train_params").get(0).asDouble(),
            cell.get("train_params").get(1).asDouble(),
            cell.get("train_params").get(2).asDouble()));

    // Independently: read the CSV, keep the three sizes below 1e9 at tokens <= half their final
    // tokens, fit, and average |L - L_hat| / L over the 1e9 run at tokens >= 70% of its final.
    var rows = TestData.readCsv(logs, line -> true);
    Map<Double, Double> finalTokens = new HashMap<>();
    for (var row : rows) {
      finalTokens.merge(
          Double.parseDouble(row.get("params")), Double.parseDouble(row.get("tokens")), Math::max);
    }
    List<double[]> train = new ArrayList<>();
    List<double[]> target = new ArrayList<>();
    for (var row : rows) {
      double n = Double.parseDouble(row.get("params"));
      double t = Double.parseDouble(row.get("tokens"));
      double l = Double.parseDouble(row.get("loss"));
      if ((n == 1e8 || n == 2e8 || n == 5e8) && t <= 0.5 * finalTokens.get(n)) {
        train.add(new double[] {n, t, l});
      }
      if (n == 1e9 && t >= 0.7 * finalTokens.get(n)) {
        target.add(new double[] {n, t, l});
      }
    }
    Observations obs =
        Observations.of(
            train.stream().mapToDouble(p -> p[0]).toArray(),
            train.stream().mapToDouble(p -> p[1]).toArray(),
            train.stream().mapToDouble(p -> p[2]).toArray());
    FitResult fit = Fitter.fit(Law.byName("chinchilla"), obs, FitOptions.defaults());
    double sum = 0;
    for (double[] p : target) {
      double predicted = fit.law().predict(fit.values(), p[0], p[1], Double.NaN);
      sum += Math.abs(p[2] - predicted) / p[2];
    }
    double are = sum / target.size();

    assertEquals(train.size(), cell.get("train_points").asInt());
    assertEquals(target.size(), cell.get("eval_points").asInt());
    assertEquals(are, cell.get("are").asDouble(), 1e-6 * are);
  }

  @Test
  void aFamilyWithTooFewSizesGetsNotEnoughModelsCellsAndExitZero() throws Exception {
    JsonNode grid =
        evaluate("--train-models", "5,6", "--train-fraction", "1").get("groups").get(0).get("grid");
    assertTrue(grid.get(0).get("error").isNull(), "five sizes lie below the target");
    JsonNode error = grid.get(1).get("error");
    assertEquals("not_enough_models", error.get("reason").asText());
    assertTrue(grid.get(1).get("are").isNull());
    assertEquals(0, grid.get(1).get("train_params").size());

    CliRunner table =
        CliRunner.run(
            "evaluate",
            logs.toString(),
            "--law",
            "chinchilla",
            "--drop-early-tokens",
            "0",
            "--train-models",
            "6",
            "--train-fraction",
            "1");
    assertEquals(0, table.exitCode(), table.toString());
    assertTrue(table.out().contains("not enough models: 6 smaller models asked for"), table.out());
  }

  @Test
  void rolloutPredictsEachNextSizeFromTheSmallerOnes() throws Exception {
    JsonNode rollout =
        evaluate("--train-models", "2", "--train-fraction", "1", "--rollout")
            .get("groups")
            .get(0)
            .get("rollout");
    assertEquals(SIZES.size() - 2, rollout.size(), "k = 2 .. 5 of 6 sizes");
    for (int k = 2; k < SIZES.size(); k++) {
      JsonNode step = rollout.get(k - 2);
      assertEquals(k, step.get("train_models").asInt());
      assertEquals(k, step.get("train_params").size());
      assertEquals(SIZES.get(k - 1), step.get("train_params").get(k - 1).asDouble());
      assertEquals(SIZES.get(k), step.get("target_params").asDouble());
      if (k >= 3) {
        assertTrue(step.get("are").asDouble() < 3 * NOISE, step.toString());
      }
    }
  }

  @Test
  void theSameInputGivesTheSameBytesOnAnyThreadCount() throws Exception {
    List<byte[]> outputs = new ArrayList<>();
    for (String threads : List.of("1", "2", "2")) {
      Path out = dir.resolve("same-" + outputs.size() + ".json");
      CliRunner r =
          CliRunner.run(
              "evaluate",
              logs.toString(),
              "--law",
              "chinchilla",
              "--drop-early-tokens",
              "0",
              "--train-models",
              "2,3",
              "--train-fraction",
              "0.5,1",
              "--rollout",
              "--threads",
              threads,
              "--out",
              out.toString());
      assertEquals(0, r.exitCode(), r.toString());
      outputs.add(Files.readAllBytes(out));
    }
    assertArrayEquals(outputs.get(0), outputs.get(1));
    assertArrayEquals(outputs.get(0), outputs.get(2));
  }

  @Test
  void badInputExitsTwoWithOneLineAndNoOutput() {
    Path out = dir.resolve("never.json");
    for (String[] extra :
        List.of(
            new String[] {"--law", "nope"},
            new String[] {"--law", "chinchilla", "--train-fraction", "0"},
            new String[] {"--law", "chinchilla", "--train-fraction", "0.5,1.5"},
            new String[] {"--law", "chinchilla", "--train-models", "0"},
            new String[] {"--law", "chinchilla", "--score-window", "0"},
            new String[] {"--law", "chinchilla", "--min-params", "1e12"},
            new String[] {"--law", "chinchilla", "--drop-early-tokens", "1e15"},
            new String[] {"--law", "chinchilla", "--family", "absent"})) {
      List<String> args =
          new ArrayList<>(List.of("evaluate", logs.toString(), "--out", out.toString()));
      args.addAll(List.of(extra));
      CliRunner r = CliRunner.run(args.toArray(String[]::new));
      assertEquals(2, r.exitCode(), r.toString());
      assertTrue(r.err().startsWith("lawfit: "), r.err());
      assertEquals(1, r.err().lines().count(), r.err());
      assertEquals("", r.out());
      assertFalse(Files.exists(out), String.join(" ", extra));
    }
  }

  @Test
  void helpNamesTheChoicesAndAnExample() {
    CliRunner r = CliRunner.run("evaluate", "--help");
    assertEquals(0, r.exitCode());
    String help = r.out().replaceAll("\\s+", " ");
    assertTrue(
        help.contains("m smallest sizes") && help.contains("m largest below the target"), help);
    assertTrue(help.contains("70%"), help);
    assertTrue(help.contains("1e10"), help);
    assertTrue(help.contains("lawfit evaluate "), help);
  }

  @Test
  void everyHitchhikerFamilyWithThreeSizesGetsAnAreOrAReason() throws Exception {
    Path hitchhiker = SharedData.require("hitchhiker/losses.csv");
    Path out = dir.resolve("hitchhiker.json");
    CliRunner r =
        CliRunner.run(
            "evaluate",
            hitchhiker.toString(),
            "--law",
            "chinchilla",
            "--on-duplicate",
            "mean",
            "--train-models",
            "2",
            "--train-fraction",
            "1",
            "--out",
            out.toString());
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode doc = Json.mapper().readTree(out.toFile());
    int families = 0;
    int scored = 0;
    for (JsonNode group : doc.get("groups")) {
      if (group.get("sizes").size() < 3) {
        continue;
      }
      families++;
      JsonNode cell = group.get("grid").get(0);
      if (cell.get("error").isNull()) {
        scored++;
        double are = cell.get("are").asDouble();
        assertTrue(are >= 0 && are < 1, group.get("key") + ": " + cell);
      } else {
        assertFalse(cell.get("error").get("message").asText().isBlank(), cell.toString());
      }
    }
    assertEquals(19, families, "chinchilla-isoflop, gpt3, opt and 16 datablations families");
    assertTrue(scored >= 18, scored + " of " + families + " families scored");
  }

  @Test
  void cellsWhoseFitEndsAtABoundAreUnreliableAndLeftOutOfTheSummary() throws Exception {
    // The simulated law has alpha = 0.34 (Hoffmann's): alpha <= 0.2 holds every fit at the bound.
    JsonNode held =
        evaluate("--train-models", "3,4", "--train-fraction", "1", "--bounds", "alpha=0:0.2");
    assertEquals("0:0.2", held.get("protocol").get("fit").get("bounds").get("alpha").asText());
    for (JsonNode cell : held.get("groups").get(0).get("grid")) {
      assertTrue(cell.get("unreliable").asText().contains("alpha at a bound"), cell.toString());
    }
    JsonNode summary = held.get("summary");
    assertEquals(2, summary.get("scored").asInt());
    assertEquals(2, summary.get("unreliable").asInt());
    assertTrue(
        summary.get("mean_are").isNull() && summary.get("median_are").isNull(), summary.toString());

    JsonNode free = evaluate("--train-models", "3,4,5", "--train-fraction", "0.5,1");
    List<Double> ares = new ArrayList<>();
    for (JsonNode cell : free.get("groups").get(0).get("grid")) {
      assertTrue(cell.get("unreliable").isNull(), cell.toString());
      ares.add(cell.get("are").asDouble());
    }
    ares.sort(null);
    double mean = ares.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertEquals(6, ares.size());
    assertEquals(mean, free.get("summary").get("mean_are").asDouble(), 1e-15);
    assertEquals(
        (ares.get(2) + ares.get(3)) / 2, free.get("summary").get("median_are").asDouble(), 1e-15);
  }

  /**
   * The published cells of the guide's GPT-3 heat map (IBM/ColPret,
   * figs/hist/agg_hist_per_model_type/hist-num-models-annot-agg-are-gpt3.pdf; Choshen et al. 2024):
   * validation curve, target 175B, p = 1.
   */
  @Test
  void theGuidesReadingReproducesItsGpt3HeatMapCells() throws Exception {
    Path hitchhiker = SharedData.require("hitchhiker/losses.csv");
    Path out = dir.resolve("gpt3.json");
    CliRunner r =
        CliRunner.run(
            "evaluate",
            hitchhiker.toString(),
            "--law",
            "chinchilla",
            "--loss",
            "squared-linear",
            "--on-duplicate",
            "keep",
            "--family",
            "gpt3",
            "--where",
            "loss_kind=val_ce_nats_digitised",
            "--train-models-from",
            "smallest",
            "--fraction-of",
            "family",
            "--train-models",
            "4,6,7",
            "--train-fraction",
            "1",
            "--out",
            out.toString());
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode doc = Json.mapper().readTree(out.toFile());
    assertEquals("smallest", doc.get("protocol").get("train_models_from").asText());
    assertEquals("family", doc.get("protocol").get("fraction_of").asText());
    Map<Integer, Double> published = Map.of(4, 5.73, 6, 0.81, 7, 2.69);
    JsonNode grid = doc.get("groups").get(0).get("grid");
    assertEquals(3, grid.size());
    for (JsonNode cell : grid) {
      int m = cell.get("train_models").asInt();
      assertEquals(
          published.get(m), 100 * cell.get("are").asDouble(), 0.5, "m = " + m + ": " + cell);
      assertEquals(1.75e11, cell.get("target_params").asDouble());
    }
  }
}
