package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lawfit.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 4: one group whose recorded fit is unusable leaves the other groups of a batch
 * usable.
 */
class GroupedDocumentTest {
  @TempDir Path dir;

  /** A grouped fit of families a and b, with b's A set to 0 as a fit that ran off writes it. */
  private Path batchWithOneRunOffGroup() throws Exception {
    Path runs = dir.resolve("runs.csv");
    Path fits = dir.resolve("fits.json");
    assertEquals(
        0,
        CliRunner.run(
                "simulate",
                "--family",
                "a,b",
                "--sizes",
                "2e7,1e8,5e8",
                "--checkpoints",
                "6",
                "--seed",
                "3",
                "--out",
                runs.toString())
            .exitCode());
    assertEquals(
        0,
        CliRunner.run(
                "fit",
                runs.toString(),
                "--law",
                "chinchilla",
                "--group-by",
                "family",
                "--starts",
                "1",
                "--out",
                fits.toString())
            .exitCode());
    ObjectNode doc = (ObjectNode) Json.mapper().readTree(fits.toFile());
    ObjectNode b = (ObjectNode) doc.get("groups").get(1);
    assertEquals("b", b.get("key").get("family").asText());
    ((ObjectNode) b.get("fit").get("parameters").get("A")).put("value", 0.0);
    Files.writeString(fits, Json.write(doc));
    return fits;
  }

  @Test
  void predictAndOptimalWorkForTheUsableGroupAndNameTheUnusableOne() throws Exception {
    Path fits = batchWithOneRunOffGroup();
    CliRunner a =
        CliRunner.run(
            "predict",
            fits.toString(),
            "--group",
            "a",
            "--params",
            "1e9",
            "--tokens",
            "2e10",
            "--format",
            "json");
    assertEquals(0, a.exitCode(), a.err());
    assertEquals(
        0,
        CliRunner.run("optimal", fits.toString(), "--group", "a", "--compute", "1e21").exitCode());
    CliRunner b =
        CliRunner.run(
            "predict", fits.toString(), "--group", "b", "--params", "1e9", "--tokens", "2e10");
    assertEquals(2, b.exitCode());
    assertTrue(
        b.err().contains("no usable fit for that group") && b.err().contains("parameters.A.value"),
        b.err());
    assertEquals(1, b.err().lines().count(), b.err());
  }

  @Test
  void checkSaysWhichGroupItCannotCheckAndChecksTheRest() throws Exception {
    Path fits = batchWithOneRunOffGroup();
    CliRunner r = CliRunner.run("check", fits.toString(), fits.toString(), "--format", "json");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(
        r.err().contains("group b is not checked: the baseline has no usable fit for it"), r.err());
    com.fasterxml.jackson.databind.JsonNode doc = FitFixtures.json(r.out());
    String groupBy = FitFixtures.json(fits).path("group_by").asText();
    for (com.fasterxml.jackson.databind.JsonNode check : doc.path("checks")) {
      assertEquals(
          "{\"" + groupBy + "\":\"a\"}",
          check.path("group").toString(),
          "a group is its key object");
    }
    assertTrue(doc.path("checks").size() > 0, r.out());
    CliRunner quiet = CliRunner.run("-q", "check", fits.toString(), fits.toString());
    assertEquals(0, quiet.exitCode());
    assertEquals("", quiet.err());
  }
}
