package dev.lawfit.cli;

import static dev.lawfit.cli.FitFixtures.assertFinite;
import static dev.lawfit.cli.FitFixtures.json;
import static dev.lawfit.cli.FitFixtures.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lawfit fit} in-process on logs from {@code lawfit simulate}: outputs, selection, grouping,
 * determinism, --fix.
 */
class FitCommandTest {
  private static final List<String> CHINCHILLA_PARAMETERS = List.of("E", "A", "B", "alpha", "beta");

  @TempDir Path dir;

  @Test
  void tableOnStdoutListsEveryParameterAndNothingGoesToStderr() {
    CliRunner r =
        CliRunner.run("fit", FitFixtures.runs().toString(), "--law", "chinchilla", "--family", "a");
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    assertEquals("", r.err());
    assertTrue(
        r.out().startsWith("law        chinchilla   L = E + A/N^alpha + B/D^beta\n"), r.out());
    assertTrue(r.out().contains("points     240 checkpoints of 6 runs\n"), r.out());
    for (String p : CHINCHILLA_PARAMETERS) {
      assertTrue(
          r.out().lines().anyMatch(l -> l.startsWith(p + " ")), () -> p + " missing:\n" + r.out());
    }
    assertTrue(r.out().contains("12 of 12 starts reached it"), r.out());
    assertTrue(
        r.out()
            .contains(
                "\nstderr     from the covariance at the optimum, for independent points and a law that fits; "
                    + "--bootstrap N resamples instead\n"),
        "the table says what its standard errors rest on:\n" + r.out());
    CliRunner boot =
        CliRunner.run(
            "fit",
            FitFixtures.runs().toString(),
            "--law",
            "chinchilla",
            "--family",
            "a",
            "--bootstrap",
            "20",
            "--seed",
            "1");
    assertFalse(boot.out().contains("from the covariance"), boot.out());
    assertTrue(boot.out().contains("\nbootstrap  20 resamples of points (seed 1)\n"), boot.out());
  }

  @Test
  void outWritesTheFitDocumentOfTheDesignAndNothingToStdout() {
    JsonNode doc = json(FitFixtures.plainFit());
    assertFinite(doc);
    assertEquals("lawfit.fit/1", doc.get("schema").asText());
    assertEquals("chinchilla", doc.get("law").asText());
    assertEquals("L = E + A/N^alpha + B/D^beta", doc.get("formula").asText());
    List<String> names = new ArrayList<>();
    doc.get("parameters").fieldNames().forEachRemaining(names::add);
    assertEquals(CHINCHILLA_PARAMETERS, names);
    for (String p : names) {
      JsonNode par = doc.get("parameters").get(p);
      assertTrue(par.get("stderr").isNumber() && par.get("ci95").size() == 2, par::toString);
      assertFalse(par.get("fixed").asBoolean());
    }
    JsonNode objective = doc.get("objective");
    assertEquals("huber", objective.get("loss").asText());
    assertEquals(1e-3, objective.get("delta").asDouble(), 0);
    assertEquals("log", objective.get("space").asText());
    assertEquals("sum", objective.get("reduction").asText());
    assertTrue(objective.get("converged").asBoolean());
    assertEquals(12, objective.get("starts").asInt());
    assertEquals(240, doc.get("quality").get("points").asInt());
    assertEquals(240, doc.get("input").get("points").asInt());
    assertEquals(6, doc.get("input").get("runs").asInt());
    assertEquals("6ND", doc.get("input").get("compute").asText());
    assertEquals(List.of("a"), list(doc.get("input").get("selection").get("families")));
    assertEquals(64, doc.get("input").get("files").get(0).get("sha256").asText().length());
    assertEquals("6N", doc.get("derived").get("compute_optimal").get("flops_per_token").asText());
    assertTrue(doc.get("bootstrap").isNull());
    assertEquals(0, doc.get("warnings").size());

    Path out = dir.resolve("fit.json");
    CliRunner r =
        CliRunner.run(
            "fit",
            FitFixtures.runs().toString(),
            "--law",
            "power",
            "--family",
            "a",
            "--out",
            out.toString());
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    assertEquals("", r.out());
    assertEquals("power-params", json(out).get("law").asText());
  }

  @Test
  void formatChoosesTableOrJsonWhereverTheResultGoes() throws Exception {
    Path table = dir.resolve("fit.txt");
    String runs = FitFixtures.runs().toString();
    CliRunner r =
        CliRunner.run(
            "fit",
            runs,
            "--law",
            "power",
            "--family",
            "a",
            "--format",
            "table",
            "--out",
            table.toString());
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    assertEquals("", r.out());
    assertTrue(Files.readString(table).startsWith("law        power-params   L = E + A/N^alpha\n"));

    CliRunner j = CliRunner.run("fit", runs, "--law", "power", "--family", "a", "--format", "json");
    assertEquals(ExitCodes.OK, j.exitCode(), j.toString());
    assertEquals("lawfit.fit/1", json(j.out()).get("schema").asText());
  }

  @Test
  void checkpointSelectionKeepsWhatWasAskedForAndRecordsIt() {
    Path runs = FitFixtures.runs();
    // Runs of family a from 5e7 to 5e8 parameters except the 2e8 one, checkpoints above 1e9 tokens.
    long expected =
        FitFixtures.rows(runs).stream()
            .filter(c -> c[1].equals("a") && !c[0].equals("a-200M-s0"))
            .filter(
                c ->
                    Double.parseDouble(c[2]) >= 5e7
                        && Double.parseDouble(c[2]) <= 5e8
                        && Double.parseDouble(c[3]) > 1e9)
            .count();
    CliRunner r =
        CliRunner.run(
            "fit",
            runs.toString(),
            "--law",
            "chinchilla",
            "--family",
            "a",
            "--drop-early-tokens",
            "1e9",
            "--min-params",
            "5e7",
            "--max-params",
            "5e8",
            "--exclude-run",
            "a-200M-s0",
            "--format",
            "json");
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    JsonNode doc = json(r.out());
    assertTrue(expected > 50, "the selection leaves enough to fit: " + expected);
    assertEquals(expected, doc.get("input").get("points").asLong());
    // 5e7, 1e8 and 5e8 are kept, but the 5e7 run ends at 20 N = 1e9 tokens: none of its checkpoints
    // is left.
    assertEquals(2, doc.get("input").get("runs").asInt());
    JsonNode selection = doc.get("input").get("selection");
    assertEquals(1e9, selection.get("drop_early_tokens").asDouble(), 0);
    assertEquals(5e7, selection.get("min_params").asDouble(), 0);
    assertEquals(5e8, selection.get("max_params").asDouble(), 0);
    assertEquals(List.of("a-200M-s0"), list(selection.get("excluded_runs")));

    CliRunner last =
        CliRunner.run(
            "fit", runs.toString(), "--law", "chinchilla", "--final-only", "--format", "json");
    assertEquals(ExitCodes.OK, last.exitCode(), last.toString());
    JsonNode finalOnly = json(last.out());
    assertEquals(12, finalOnly.get("input").get("points").asInt());
    assertEquals(12, finalOnly.get("input").get("runs").asInt());
    assertTrue(finalOnly.get("input").get("selection").get("final_only").asBoolean());
  }

  @Test
  void groupByFamilyFitsEachFamilyInItsOwnEntry() {
    JsonNode doc = json(FitFixtures.groupedFit());
    assertFinite(doc);
    assertEquals("lawfit.fits/1", doc.get("schema").asText());
    assertEquals("family", doc.get("group_by").asText());
    assertEquals(2, doc.get("groups").size());
    JsonNode a = doc.get("groups").get(0);
    JsonNode b = doc.get("groups").get(1);
    assertEquals("a", a.get("key").get("family").asText());
    assertEquals("b", b.get("key").get("family").asText());
    for (JsonNode g : List.of(a, b)) {
      assertTrue(g.get("error").isNull(), g::toString);
      assertEquals("lawfit.fit/1", g.get("fit").get("schema").asText());
      assertEquals(240, g.get("fit").get("input").get("points").asInt());
    }
    // The simulator scales family b's E by 1.05: the fits see it (3% covers both fits' errors).
    assertEquals(1.05, value(b.get("fit"), "E") / value(a.get("fit"), "E"), 0.03);
    // The single fit of family a and group a of the grouped fit are the same fit.
    assertEquals(value(json(FitFixtures.plainFit()), "alpha"), value(a.get("fit"), "alpha"), 0);

    CliRunner table =
        CliRunner.run(
            "fit", FitFixtures.runs().toString(), "--law", "power", "--group-by", "family");
    assertEquals(ExitCodes.OK, table.exitCode(), table.toString());
    assertTrue(table.out().contains("groups     2 by family\n"), table.out());
    Set<String> firstColumn =
        table.out().lines().map(l -> l.split("\\s+")[0]).collect(Collectors.toSet());
    assertTrue(firstColumn.containsAll(Set.of("family", "a", "b")), table.out());
  }

  @Test
  void sameInputAndSeedGiveTheSameBytesOnAnyThreadCount() throws Exception {
    String runs = FitFixtures.runs().toString();
    List<byte[]> outputs = new ArrayList<>();
    for (String[] variant :
        List.of(
            new String[] {"--threads", "1"},
            new String[] {"--threads", "1"},
            new String[] {"--threads", "2"})) {
      Path out = dir.resolve("boot-" + outputs.size() + ".json");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "fit",
                  runs,
                  "--law",
                  "chinchilla",
                  "--family",
                  "b",
                  "--bootstrap",
                  "30",
                  "--seed",
                  "11",
                  "--out",
                  out.toString()));
      args.addAll(List.of(variant));
      CliRunner r = CliRunner.run(args.toArray(String[]::new));
      assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
      outputs.add(Files.readAllBytes(out));
    }
    assertArrayEquals(outputs.get(0), outputs.get(1), "the same command twice");
    assertArrayEquals(outputs.get(0), outputs.get(2), "--threads 1 and --threads 2");
    JsonNode doc = json(new String(outputs.get(0), java.nio.charset.StandardCharsets.UTF_8));
    assertFinite(doc);
    assertEquals(30, doc.get("bootstrap").get("resamples").asInt());
    assertEquals(11, doc.get("bootstrap").get("seed").asLong());

    CliRunner once =
        CliRunner.run("fit", runs, "--law", "chinchilla", "--family", "b", "--format", "json");
    CliRunner again =
        CliRunner.run(
            "fit",
            runs,
            "--law",
            "chinchilla",
            "--family",
            "b",
            "--format",
            "json",
            "--threads",
            "1");
    assertEquals(once.out(), again.out(), "without a bootstrap too");
  }

  @Test
  void fixHoldsAParameterAtExactlyItsValue() {
    CliRunner r =
        CliRunner.run(
            "fit",
            FitFixtures.runs().toString(),
            "--law",
            "chinchilla",
            "--family",
            "a",
            "--fix",
            "alpha=0.34",
            "--fix",
            "E=1.7",
            "--format",
            "json");
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    JsonNode doc = json(r.out());
    assertFinite(doc);
    for (String p : List.of("alpha", "E")) {
      JsonNode par = doc.get("parameters").get(p);
      assertTrue(par.get("fixed").asBoolean(), par::toString);
      assertTrue(par.get("stderr").isNull() && par.get("ci95").isNull(), par::toString);
    }
    assertEquals(0.34, value(doc, "alpha"), 0);
    assertEquals(1.7, value(doc, "E"), 0);
    assertEquals(0.34, doc.get("settings").get("fixed").get("alpha").asDouble(), 0);
    assertFalse(doc.get("parameters").get("beta").get("fixed").asBoolean());
    assertTrue(doc.get("parameters").get("beta").get("stderr").isNumber());
  }

  @Test
  void fixFromBorrowsTheNamedValuesOfAnotherFit() {
    JsonNode a = json(FitFixtures.plainFit());
    CliRunner r =
        CliRunner.run(
            "fit",
            FitFixtures.runs().toString(),
            "--law",
            "chinchilla",
            "--family",
            "b",
            "--fix-from",
            FitFixtures.plainFit().toString(),
            "alpha,beta",
            "--format",
            "json");
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    JsonNode b = json(r.out());
    for (String p : List.of("alpha", "beta")) {
      assertEquals(value(a, p), value(b, p), 0, p);
      assertTrue(b.get("parameters").get(p).get("fixed").asBoolean());
    }
    assertFalse(b.get("parameters").get("E").get("fixed").asBoolean());
    assertEquals(1.05, value(b, "E") / value(a, "E"), 0.03);
  }

  /**
   * Recovery through the CLI, kept light (coverage is tested in the engine): four simulated data
   * sets of the published law, each fitted with a 100-resample bootstrap. Nominal coverage is 95%
   * per parameter; A and alpha are strongly correlated, so they miss together (seed 1 does).
   */
  @Test
  void fitsOfSimulatedLogsRecoverThePlantedParametersWithinTheirIntervals() {
    int inside = 0;
    List<String> misses = new ArrayList<>();
    for (int seed = 1; seed <= 4; seed++) {
      Path runs = dir.resolve("sim-" + seed + ".csv");
      assertEquals(
          ExitCodes.OK,
          CliRunner.run("simulate", "--seed", Integer.toString(seed), "--out", runs.toString())
              .exitCode());
      CliRunner r =
          CliRunner.run(
              "fit",
              runs.toString(),
              "--law",
              "chinchilla",
              "--bootstrap",
              "100",
              "--seed",
              "7",
              "--format",
              "json");
      assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
      JsonNode doc = json(r.out());
      assertFinite(doc);
      assertEquals(0, doc.get("warnings").size(), doc.get("warnings")::toString);
      for (String p : CHINCHILLA_PARAMETERS) {
        double truth = FitFixtures.CHINCHILLA.get(p);
        JsonNode ci = doc.get("parameters").get(p).get("ci95");
        if (ci.get(0).asDouble() <= truth && truth <= ci.get(1).asDouble()) {
          inside++;
        } else {
          misses.add("seed " + seed + ": " + p + " = " + truth + " outside " + ci);
        }
      }
      assertEquals(FitFixtures.CHINCHILLA.get("alpha"), value(doc, "alpha"), 0.02);
      assertEquals(FitFixtures.CHINCHILLA.get("beta"), value(doc, "beta"), 0.02);
    }
    assertTrue(inside >= 18, "at least 18 of 20 intervals hold the truth: " + misses);
  }

  private static List<String> list(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
