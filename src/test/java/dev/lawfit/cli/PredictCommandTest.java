package dev.lawfit.cli;

import static dev.lawfit.cli.FitFixtures.assertFinite;
import static dev.lawfit.cli.FitFixtures.json;
import static dev.lawfit.cli.FitFixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code lawfit predict}: the closed-form law at the fitted parameters, with bootstrap intervals.
 */
class PredictCommandTest {
  private static final double REL = 1e-12;

  /** L = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022, eq. 2) at a fit document's parameters. */
  private static double chinchilla(JsonNode fit, double N, double D) {
    return value(fit, "E")
        + value(fit, "A") / Math.pow(N, value(fit, "alpha"))
        + value(fit, "B") / Math.pow(D, value(fit, "beta"));
  }

  private static JsonNode predict(String... args) {
    CliRunner r = CliRunner.run(args);
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    assertEquals("", r.err());
    JsonNode doc = json(r.out());
    assertFinite(doc);
    assertEquals("lawfit.prediction/1", doc.get("schema").asText());
    return doc;
  }

  @Test
  void predictionIsTheLawAtTheFittedParametersAndHasNoIntervalWithoutABootstrap() {
    JsonNode fit = json(FitFixtures.plainFit());
    JsonNode doc =
        predict(
            "predict",
            FitFixtures.plainFit().toString(),
            "--params",
            "1e9,3e10,7e10",
            "--tokens",
            "2e10,6e11,1.4e12",
            "--format",
            "json");
    assertEquals(false, doc.get("fit").get("bootstrap").asBoolean());
    assertEquals("chinchilla", doc.get("fit").get("law").asText());
    double[][] at = {{1e9, 2e10}, {3e10, 6e11}, {7e10, 1.4e12}};
    assertEquals(3, doc.get("predictions").size());
    for (int i = 0; i < at.length; i++) {
      JsonNode p = doc.get("predictions").get(i);
      double expected = chinchilla(fit, at[i][0], at[i][1]);
      assertEquals(expected, p.get("loss").asDouble(), REL * expected);
      assertEquals(at[i][0], p.get("params").asDouble(), 0);
      assertEquals(at[i][1], p.get("tokens").asDouble(), 0);
      assertEquals(
          6 * at[i][0] * at[i][1], p.get("compute").asDouble(), REL * 6 * at[i][0] * at[i][1]);
      assertTrue(p.get("ci95").isNull(), p::toString);
    }

    CliRunner table =
        CliRunner.run(
            "predict", FitFixtures.plainFit().toString(), "--params", "1e9", "--tokens", "2e10");
    assertEquals(ExitCodes.OK, table.exitCode(), table.toString());
    assertTrue(
        table
            .out()
            .contains("intervals  none: the fit has no bootstrap (fit with --bootstrap N)\n"),
        table.out());
  }

  @Test
  void singleValueIsPairedWithEveryValueOfTheOtherList() {
    JsonNode fit = json(FitFixtures.plainFit());
    JsonNode doc =
        predict(
            "predict",
            FitFixtures.plainFit().toString(),
            "--params",
            "1e8,1e9,1e10",
            "--tokens",
            "2e10",
            "--format",
            "json");
    double[] sizes = {1e8, 1e9, 1e10};
    for (int i = 0; i < sizes.length; i++) {
      double expected = chinchilla(fit, sizes[i], 2e10);
      assertEquals(expected, doc.get("predictions").get(i).get("loss").asDouble(), REL * expected);
    }
  }

  @Test
  void bootstrapIntervalBracketsTheEstimate() {
    JsonNode fit = json(FitFixtures.bootstrapFit());
    JsonNode doc =
        predict(
            "predict",
            FitFixtures.bootstrapFit().toString(),
            "--params",
            "2e7,1e9,7e10",
            "--tokens",
            "4e8,2e10,1.4e12",
            "--format",
            "json");
    assertEquals(true, doc.get("fit").get("bootstrap").asBoolean());
    for (JsonNode p : doc.get("predictions")) {
      double loss = p.get("loss").asDouble();
      assertEquals(
          chinchilla(fit, p.get("params").asDouble(), p.get("tokens").asDouble()),
          loss,
          REL * loss);
      double lower = p.get("ci95").get(0).asDouble();
      double upper = p.get("ci95").get(1).asDouble();
      assertTrue(lower < loss && loss < upper, p::toString);
    }
  }

  @Test
  void powerLawInComputePredictsFromCompute() {
    JsonNode fit = json(FitFixtures.powerComputeFit());
    assertEquals("power-compute", fit.get("law").asText());
    JsonNode doc =
        predict(
            "predict",
            FitFixtures.powerComputeFit().toString(),
            "--compute",
            "1e19,1e22",
            "--format",
            "json");
    for (JsonNode p : doc.get("predictions")) {
      double C = p.get("compute").asDouble();
      // L = E + A/C^alpha
      double expected = value(fit, "E") + value(fit, "A") / Math.pow(C, value(fit, "alpha"));
      assertEquals(expected, p.get("loss").asDouble(), REL * expected);
      assertTrue(p.get("params").isNull() && p.get("tokens").isNull(), p::toString);
    }
    assertEquals(
        List.of(1e19, 1e22),
        List.of(
            doc.get("predictions").get(0).get("compute").asDouble(),
            doc.get("predictions").get(1).get("compute").asDouble()));
  }

  @Test
  void powerLawInComputeAlsoPredictsFromParamsAndTokensAsSixND() {
    JsonNode fromNT =
        predict(
                "predict",
                FitFixtures.powerComputeFit().toString(),
                "--params",
                "1e9",
                "--tokens",
                "2e10",
                "--format",
                "json")
            .get("predictions")
            .get(0);
    JsonNode fromC =
        predict(
                "predict",
                FitFixtures.powerComputeFit().toString(),
                "--compute",
                "1.2e20",
                "--format",
                "json")
            .get("predictions")
            .get(0);
    assertEquals(1.2e20, fromNT.get("compute").asDouble(), 1.2e20 * 1e-12);
    assertEquals(fromC.get("loss").asDouble(), fromNT.get("loss").asDouble(), 1e-12);
  }

  @Test
  void groupedDocumentPredictsFromTheGroupAskedFor() {
    JsonNode grouped = json(FitFixtures.groupedFit());
    JsonNode b = grouped.get("groups").get(1).get("fit");
    JsonNode doc =
        predict(
            "predict",
            FitFixtures.groupedFit().toString(),
            "--group",
            "b",
            "--params",
            "1e9",
            "--tokens",
            "2e10",
            "--format",
            "json");
    double expected = chinchilla(b, 1e9, 2e10);
    assertEquals(expected, doc.get("predictions").get(0).get("loss").asDouble(), REL * expected);
  }
}
