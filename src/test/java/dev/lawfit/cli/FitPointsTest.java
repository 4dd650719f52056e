package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lawfit.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit --points}: every checkpoint used, its prediction as {@code predict} makes it, and its
 * residuals.
 */
class FitPointsTest {
  @TempDir Path dir;

  @Test
  void everyCheckpointsPredictionIsWhatPredictSays() throws Exception {
    Path fit = dir.resolve("fit.json");
    Path points = dir.resolve("points.csv");
    CliRunner r =
        CliRunner.run(
            "fit",
            FitFixtures.runs().toString(),
            "--law",
            "chinchilla",
            "--family",
            "a",
            "--out",
            fit.toString(),
            "--points",
            points.toString());
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    List<Map<String, String>> rows = TestData.readCsv(points, line -> true);
    JsonNode doc = FitFixtures.json(fit);
    assertEquals(doc.path("input").path("points").asInt(), rows.size());
    StringBuilder n = new StringBuilder();
    StringBuilder t = new StringBuilder();
    for (Map<String, String> row : rows) {
      assertEquals("a", row.get("family"));
      n.append(n.length() == 0 ? "" : ",").append(row.get("params"));
      t.append(t.length() == 0 ? "" : ",").append(row.get("tokens"));
    }
    CliRunner predict =
        CliRunner.run(
            "predict",
            fit.toString(),
            "--params",
            n.toString(),
            "--tokens",
            t.toString(),
            "--format",
            "json");
    assertEquals(ExitCodes.OK, predict.exitCode(), predict.toString());
    JsonNode predictions = FitFixtures.json(predict.out()).path("predictions");
    for (int i = 0; i < rows.size(); i++) {
      double expected = predictions.get(i).path("loss").asDouble();
      double predicted = Double.parseDouble(rows.get(i).get("predicted"));
      assertEquals(expected, predicted, 1e-12 * expected, "row " + i);
      double loss = Double.parseDouble(rows.get(i).get("loss"));
      assertEquals(
          Math.log(loss) - Math.log(expected),
          Double.parseDouble(rows.get(i).get("residual_log")),
          1e-12);
      assertEquals(
          (loss - expected) / loss, Double.parseDouble(rows.get(i).get("residual_rel")), 1e-12);
    }
  }

  @Test
  void groupedFitsWriteEachGroupsPointsUnderItsKey() throws Exception {
    Path points = dir.resolve("points.csv");
    CliRunner r =
        CliRunner.run(
            "fit",
            FitFixtures.runs().toString(),
            "--law",
            "chinchilla",
            "--group-by",
            "family",
            "--format",
            "json",
            "--points",
            points.toString());
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    List<Map<String, String>> rows = TestData.readCsv(points, line -> true);
    JsonNode doc = FitFixtures.json(r.out());
    long a = rows.stream().filter(row -> row.get("family").equals("a")).count();
    assertEquals(doc.path("groups").get(0).path("fit").path("input").path("points").asLong(), a);
    assertTrue(
        rows.stream().allMatch(row -> row.get("group").equals(row.get("family"))),
        "each row's group is its family");
    assertEquals(
        doc.path("groups").get(0).path("fit").path("input").path("points").asLong()
            + doc.path("groups").get(1).path("fit").path("input").path("points").asLong(),
        rows.size());
  }
}
