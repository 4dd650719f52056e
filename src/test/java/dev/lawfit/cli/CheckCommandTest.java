package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lawfit.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  @TempDir static Path dir;

  static Path logs;
  static Path baseline;
  static Path grouped;

  @BeforeAll
  static void fitBaselines() {
    logs = dir.resolve("runs.csv");
    baseline = dir.resolve("baseline.json");
    grouped = dir.resolve("grouped.json");
    ok(
        CliRunner.run(
            "simulate",
            "--family",
            "a,b",
            "--sizes",
            "2e7,5e7,1e8,2e8,5e8",
            "--checkpoints",
            "20",
            "--seed",
            "3",
            "--out",
            logs.toString()));
    ok(
        CliRunner.run(
            "fit",
            logs.toString(),
            "--law",
            "chinchilla",
            "--family",
            "a",
            "--out",
            baseline.toString()));
    ok(
        CliRunner.run(
            "fit",
            logs.toString(),
            "--law",
            "chinchilla",
            "--group-by",
            "family",
            "--out",
            grouped.toString()));
  }

  private static CliRunner ok(CliRunner r) {
    assertEquals(0, r.exitCode(), r.toString());
    return r;
  }

  /**
   * The baseline with one parameter's value multiplied by {@code factor}, written to a new file.
   */
  private static Path planted(Path from, String parameter, double factor, String name)
      throws Exception {
    ObjectNode doc = (ObjectNode) Json.mapper().readTree(from.toFile());
    ObjectNode p = (ObjectNode) doc.path("parameters").path(parameter);
    p.put("value", p.path("value").asDouble() * factor);
    Path out = dir.resolve(name);
    // A hand-edited fixture, not a document lawfit wrote: not through Json.write, whose documents
    // must be valid.
    Files.writeString(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    return out;
  }

  @Test
  void identicalFitsPass() {
    CliRunner r = ok(CliRunner.run("check", baseline.toString(), baseline.toString()));
    assertTrue(r.out().contains("PASS: all"), r.out());
    assertFalse(r.out().contains("FAIL"), r.out());
  }

  @Test
  void refittingTheSameLogsWithTheBaselinesSettingsPasses() {
    CliRunner r = ok(CliRunner.run("check", baseline.toString(), logs.toString()));
    assertTrue(r.out().contains("PASS: all"), r.out());
    ok(CliRunner.run("check", grouped.toString(), logs.toString()));
  }

  @Test
  void aBoundedFitRecordsItsBoundsAndCheckRefitsWithThem() throws Exception {
    // alpha <= 0.2 holds the fit at the bound (the simulated alpha is 0.34): a re-fit without the
    // recorded bound would move alpha far beyond any tolerance.
    Path bounded = dir.resolve("bounded.json");
    CliRunner fit =
        ok(
            CliRunner.run(
                "fit",
                logs.toString(),
                "--law",
                "chinchilla",
                "--family",
                "a",
                "--bounds",
                "alpha=0:0.2",
                "--out",
                bounded.toString()));
    assertTrue(fit.err().contains("ended at its bound"), fit.err());
    JsonNode doc = Json.mapper().readTree(bounded.toFile());
    assertEquals("0:0.2", doc.path("settings").path("bounds").path("alpha").asText());
    assertEquals(
        "0:inf",
        doc.path("settings").path("bounds").path("beta").asText(),
        "the default bound is recorded too");
    assertEquals(0.2, doc.path("parameters").path("alpha").path("value").asDouble(), 1e-6);
    CliRunner r = ok(CliRunner.run("check", bounded.toString(), logs.toString()));
    assertTrue(r.out().contains("PASS: all"), r.out());
    // The default fit's settings record the law's default bounds only.
    JsonNode plain = Json.mapper().readTree(baseline.toFile());
    assertEquals("0:inf", plain.path("settings").path("bounds").path("alpha").asText());
  }

  @Test
  void aPlantedDriftInOneParameterFailsNamingIt() throws Exception {
    Path drifted = planted(baseline, "alpha", 1.10, "alpha-drift.json");
    CliRunner r =
        CliRunner.run("check", baseline.toString(), drifted.toString(), "--format", "json");
    assertEquals(1, r.exitCode(), r.toString());
    JsonNode doc = assertJson(r.out());
    assertFalse(doc.path("passed").asBoolean());
    int failures = 0;
    for (JsonNode check : doc.path("checks")) {
      if (!check.path("pass").asBoolean()) {
        failures++;
        assertTrue(
            check.path("name").asText().equals("alpha") || check.path("name").asText().equals("a"),
            "only alpha and the exponent it sets may fail: " + check);
      }
    }
    assertTrue(failures >= 1);
    // A drift inside a per-parameter tolerance passes.
    ok(
        CliRunner.run(
            "check",
            baseline.toString(),
            drifted.toString(),
            "--tol",
            "alpha=0.2",
            "--max-exponent-drift",
            "0.1"));
  }

  @Test
  void predictedLossDriftIsCheckedAtNamedPoints() throws Exception {
    Path drifted = planted(baseline, "E", 1.02, "e-drift.json");
    CliRunner strict =
        CliRunner.run(
            "check",
            baseline.toString(),
            drifted.toString(),
            "--rtol",
            "0.5",
            "--at",
            "params=7e10,tokens=1.4e12",
            "--max-loss-drift",
            "0.5%");
    assertEquals(1, strict.exitCode(), strict.toString());
    assertTrue(strict.out().contains("loss at params=7e10,tokens=1.4e12"), strict.out());
    ok(
        CliRunner.run(
            "check",
            baseline.toString(),
            drifted.toString(),
            "--rtol",
            "0.5",
            "--at",
            "params=7e10,tokens=1.4e12",
            "--max-loss-drift",
            "5%"));
  }

  @Test
  void groupedChecksReportMissingGroupsAsFailures() throws Exception {
    ObjectNode doc = (ObjectNode) Json.mapper().readTree(grouped.toFile());
    ((com.fasterxml.jackson.databind.node.ArrayNode) doc.path("groups")).remove(1);
    Path oneGroup = dir.resolve("one-group.json");
    Files.writeString(
        oneGroup, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
    CliRunner r = CliRunner.run("check", grouped.toString(), oneGroup.toString());
    assertEquals(1, r.exitCode(), r.toString());
    assertTrue(r.out().contains("group b is in the baseline but not in the current fit"), r.out());
    CliRunner added = ok(CliRunner.run("check", oneGroup.toString(), grouped.toString()));
    assertTrue(added.out().contains("group b is new"), added.out());
  }

  @Test
  void incompatibleInputsAreBadInput() throws Exception {
    Path kaplan = dir.resolve("kaplan.json");
    ok(
        CliRunner.run(
            "fit",
            logs.toString(),
            "--law",
            "power",
            "--x",
            "compute",
            "--family",
            "a",
            "--out",
            kaplan.toString()));
    Path newer = dir.resolve("newer.json");
    Files.writeString(newer, Files.readString(baseline).replace("lawfit.fit/1", "lawfit.fit/2"));
    Path noParams = dir.resolve("no-params.json");
    ObjectNode doc = (ObjectNode) Json.mapper().readTree(baseline.toFile());
    ((ObjectNode) doc.path("parameters")).remove("beta");
    Files.writeString(noParams, Json.mapper().writeValueAsString(doc));
    Path noValue = dir.resolve("no-value.json");
    ObjectNode damaged = (ObjectNode) Json.mapper().readTree(baseline.toFile());
    ((ObjectNode) damaged.path("parameters").path("E")).remove("value");
    Files.writeString(noValue, Json.mapper().writeValueAsString(damaged));
    for (String[] args :
        new String[][] {
          {"check", baseline.toString(), kaplan.toString()},
          {"check", baseline.toString(), newer.toString()},
          {"check", newer.toString(), baseline.toString()},
          {"check", baseline.toString(), noParams.toString()},
          {"check", baseline.toString(), grouped.toString()},
          {"check", baseline.toString(), dir.resolve("missing.json").toString()},
          {"check", baseline.toString(), baseline.toString(), "--rtol", "five"},
          {"check", baseline.toString(), baseline.toString(), "--at", "params=1e9,steps=3"},
          {"check", baseline.toString(), logs.toString(), "--threads", "0"},
          {"check", baseline.toString(), noValue.toString()},
          {"predict", noValue.toString(), "--params", "7e10", "--tokens", "1.4e12"},
          {"optimal", noValue.toString(), "--compute", "1e22"},
          {"check", baseline.toString(), baseline.toString(), "--at", "params=7e10"},
          {"check", baseline.toString(), baseline.toString(), "--at", "compute=1e22"}
        }) {
      CliRunner r = CliRunner.run(args);
      assertEquals(2, r.exitCode(), r.toString());
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("lawfit: "), r.err());
      assertEquals("", r.out());
    }
  }

  @Test
  void logsWhoseHeadersDifferFromTheBaselinesNameTheRecordedColumnAndTheFix() throws Exception {
    // The baseline reads params from 'num_params' (an alias, recorded in input.load.columns); the
    // current logs call
    // it 'model_size', which no rule maps: the replay must blame the baseline's record, not an
    // option never typed.
    String original = Files.readString(logs);
    String header = original.lines().findFirst().orElseThrow();
    java.util.List<String> names = java.util.Arrays.asList(header.split(","));
    assertTrue(names.contains("params"), header);
    String body = original.substring(header.length());
    Path aliased = dir.resolve("aliased.csv");
    Files.writeString(
        aliased,
        String.join(",", names.stream().map(n -> n.equals("params") ? "num_params" : n).toList())
            + body);
    Path renamed = dir.resolve("renamed.csv");
    Files.writeString(
        renamed,
        String.join(",", names.stream().map(n -> n.equals("params") ? "model_size" : n).toList())
            + body);
    Path recorded = dir.resolve("aliased.json");
    ok(
        CliRunner.run(
            "fit",
            aliased.toString(),
            "--law",
            "chinchilla",
            "--family",
            "a",
            "--out",
            recorded.toString()));
    assertEquals(
        "num_params",
        Json.mapper()
            .readTree(recorded.toFile())
            .path("input")
            .path("load")
            .path("columns")
            .path("params")
            .asText());

    CliRunner r = CliRunner.run("check", recorded.toString(), renamed.toString());
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(
        "lawfit: the baseline read params from column 'num_params' (input.load.columns), but no input file has it; "
            + "pass --column params=YOURS\n",
        r.err());
    assertEquals("", r.out());

    // The fix it names works: the same logs, so the re-fit passes.
    CliRunner fixed =
        ok(
            CliRunner.run(
                "check", recorded.toString(), renamed.toString(), "--column", "params=model_size"));
    assertTrue(fixed.out().contains("PASS: all"), fixed.out());
    // A --column the user typed that matches nothing is blamed on that option.
    CliRunner typo =
        CliRunner.run(
            "check", recorded.toString(), renamed.toString(), "--column", "params=modelsize");
    assertEquals(2, typo.exitCode(), typo.toString());
    assertEquals(
        "lawfit: --column params=modelsize: no input file has a column 'modelsize'\n", typo.err());
  }

  private static JsonNode assertJson(String text) throws Exception {
    JsonNode doc = Json.mapper().readTree(text);
    assertEquals("lawfit.check/2", doc.path("schema").asText());
    return doc;
  }
}
