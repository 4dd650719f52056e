package dev.lawfit.cli;

import static dev.lawfit.cli.FitFixtures.assertFinite;
import static dev.lawfit.cli.FitFixtures.json;
import static dev.lawfit.cli.FitFixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code lawfit optimal}: Hoffmann's closed-form allocation from a fit document's parameters. */
class OptimalCommandTest {
  private static final double REL = 1e-12;

  /**
   * N*, D*, tokens per parameter, L(N*, D*), a, b from REFERENCES.md, "Compute-optimal allocation",
   * with C = k N D.
   */
  private static double[] hoffmann(JsonNode fit, double C, double k) {
    double E = value(fit, "E");
    double A = value(fit, "A");
    double B = value(fit, "B");
    double alpha = value(fit, "alpha");
    double beta = value(fit, "beta");
    double G = Math.pow(alpha * A / (beta * B), 1 / (alpha + beta));
    double a = beta / (alpha + beta);
    double b = alpha / (alpha + beta);
    double N = G * Math.pow(C / k, a);
    double D = Math.pow(C / k, b) / G;
    return new double[] {N, D, D / N, E + A / Math.pow(N, alpha) + B / Math.pow(D, beta), a, b};
  }

  private static JsonNode optimal(String... args) {
    CliRunner r = CliRunner.run(args);
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    assertEquals("", r.err());
    JsonNode doc = json(r.out());
    assertFinite(doc);
    assertEquals("lawfit.optimal/1", doc.get("schema").asText());
    return doc;
  }

  private static void assertAllocation(double[] expected, JsonNode row) {
    String[] fields = {"params", "tokens", "tokens_per_param", "loss", "a", "b"};
    for (int i = 0; i < fields.length; i++) {
      assertEquals(
          expected[i], row.get(fields[i]).asDouble(), REL * Math.abs(expected[i]), fields[i]);
    }
  }

  @Test
  void allocationIsHoffmannsClosedFormAtTheFittedParameters() {
    JsonNode fit = json(FitFixtures.plainFit());
    JsonNode doc =
        optimal(
            "optimal",
            FitFixtures.plainFit().toString(),
            "--compute",
            "1e21,5.88e23",
            "--format",
            "json");
    double[] budgets = {1e21, 5.88e23};
    for (int i = 0; i < budgets.length; i++) {
      JsonNode row = doc.get("allocations").get(i);
      assertEquals(budgets[i], row.get("compute").asDouble(), 0);
      assertEquals("6N", row.get("flops_per_token").asText());
      assertAllocation(hoffmann(fit, budgets[i], 6), row);
      assertTrue(row.get("ci95").isNull(), row::toString);
    }
    // The exponents agree with those the fit document derived.
    JsonNode derived = fit.get("derived").get("compute_optimal");
    assertEquals(
        derived.get("a").asDouble(), doc.get("allocations").get(0).get("a").asDouble(), REL);
    assertEquals(derived.get("G").asDouble(), hoffmannG(fit), REL * derived.get("G").asDouble());
  }

  private static double hoffmannG(JsonNode fit) {
    double alpha = value(fit, "alpha");
    double beta = value(fit, "beta");
    return Math.pow(alpha * value(fit, "A") / (beta * value(fit, "B")), 1 / (alpha + beta));
  }

  @Test
  void flopsPerTokenIsUsedAndRecorded() {
    JsonNode fit = json(FitFixtures.plainFit());
    JsonNode doc =
        optimal(
            "optimal",
            FitFixtures.plainFit().toString(),
            "--compute",
            "1e22",
            "--flops-per-token",
            "8",
            "--format",
            "json");
    JsonNode row = doc.get("allocations").get(0);
    assertEquals("8N", row.get("flops_per_token").asText());
    assertAllocation(hoffmann(fit, 1e22, 8), row);

    CliRunner table =
        CliRunner.run(
            "optimal",
            FitFixtures.plainFit().toString(),
            "--compute",
            "1e22",
            "--flops-per-token",
            "8");
    assertEquals(ExitCodes.OK, table.exitCode(), table.toString());
    assertTrue(table.out().contains("counting   C = 8 N D;"), table.out());
  }

  @Test
  void bootstrapIntervalsBracketTheAllocation() {
    JsonNode fit = json(FitFixtures.bootstrapFit());
    JsonNode doc =
        optimal(
            "optimal",
            FitFixtures.bootstrapFit().toString(),
            "--compute",
            "1e21",
            "--format",
            "json");
    JsonNode row = doc.get("allocations").get(0);
    assertAllocation(hoffmann(fit, 1e21, 6), row);
    for (String field : new String[] {"params", "tokens", "tokens_per_param", "loss", "a", "b"}) {
      JsonNode ci = row.get("ci95").get(field);
      double v = row.get(field).asDouble();
      assertTrue(
          ci.get(0).asDouble() < v && v < ci.get(1).asDouble(),
          () -> field + " = " + v + " outside " + ci);
    }
  }
}
