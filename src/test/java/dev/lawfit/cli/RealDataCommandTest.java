package dev.lawfit.cli;

import static dev.lawfit.cli.FitFixtures.assertFinite;
import static dev.lawfit.cli.FitFixtures.json;
import static dev.lawfit.cli.FitFixtures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lawfit.SharedData;
import dev.lawfit.Slow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code lawfit fit} on the public Hitchhiker losses (Choshen et al. 2024; ../shared/data). Skipped
 * without them.
 */
class RealDataCommandTest {

  /**
   * The best Huber objective on chinchilla-isoflop over all 4,500 of Hoffmann's starts, found
   * independently with scipy L-BFGS-B from every start (see dev.lawfit.fit.RealDataTest).
   */
  private static final double SCIPY_BEST = 0.0018260105237725833;

  private static JsonNode fit(Path losses, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "fit",
                losses.toString(),
                "--on-duplicate",
                "mean",
                "--law",
                "chinchilla",
                "--format",
                "json"));
    args.addAll(List.of(options));
    CliRunner r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    JsonNode doc = json(r.out());
    assertFinite(doc);
    // JSON on stdout: each warning of the document is also one stderr line.
    List<String> warnings = warnings(doc);
    assertEquals(
        warnings.stream().map(w -> "lawfit: warning: " + w).toList(), r.err().lines().toList());
    assertTrue(doc.get("objective").get("converged").asBoolean());
    return doc;
  }

  private static List<String> warnings(JsonNode doc) {
    List<String> warnings = new ArrayList<>();
    doc.get("warnings").forEach(w -> warnings.add(w.asText()));
    return warnings;
  }

  /** The slowest test of the CLI (the full grid is 4,500 local optimisations, some 10 s of CPU). */
  @Test
  @Slow
  void chinchillaIsoflopDefaultStartsReachTheFullGridObjective() {
    Path losses = SharedData.require("hitchhiker/losses.csv");
    JsonNode doc = fit(losses, "--family", "chinchilla-isoflop");
    JsonNode full = fit(losses, "--family", "chinchilla-isoflop", "--full-grid", "--threads", "2");
    assertEquals(4500, full.get("objective").get("starts").asInt());
    assertEquals("full-grid", full.get("settings").get("starts").asText());
    double best = full.get("objective").get("value").asDouble();
    assertEquals(SCIPY_BEST, best, 1e-9 * SCIPY_BEST);
    assertEquals(245, doc.get("input").get("points").asInt());
    assertEquals(best, doc.get("objective").get("value").asDouble(), 1e-6 * best);
    assertEquals(12, doc.get("objective").get("starts_at_best").asInt());
    assertEquals(0.349313, value(doc, "alpha"), 1e-5);
    assertEquals(0.453049, value(doc, "beta"), 1e-5);
    assertEquals(List.of(), warnings(doc));
  }

  /** GPT-3's digitised validation curves past 1e10 tokens fit without a warning. */
  @Test
  void gpt3ValidationCurvesFitWithoutWarnings() {
    Path losses = SharedData.require("hitchhiker/losses.csv");
    JsonNode doc =
        fit(
            losses,
            "--family",
            "gpt3",
            "--where",
            "loss_kind=val_ce_nats_digitised",
            "--drop-early-tokens",
            "1e10");
    assertEquals(8, doc.get("input").get("runs").asInt());
    assertEquals(List.of(), warnings(doc));
    assertTrue(doc.get("quality").get("mean_are").asDouble() < 0.02, doc.get("quality")::toString);
    assertTrue(value(doc, "alpha") > 0.1 && value(doc, "alpha") < 0.6);
  }

  /**
   * OPT's few checkpoints per size do not pin the floor: the best fit sends E to 0 (the full grid
   * agrees, see dev.lawfit.fit.RealDataTest) and the one warning says so; the rest is identified.
   */
  @Test
  void optFitsWithTheGenuineWarningThatEIsNotIdentified() {
    Path losses = SharedData.require("hitchhiker/losses.csv");
    JsonNode doc = fit(losses, "--family", "opt", "--drop-early-tokens", "1e10");
    List<String> warnings = warnings(doc);
    // The genuine warning, and the caveat it puts on the derived compute-optimal exponents.
    assertEquals(2, warnings.size(), warnings::toString);
    assertTrue(
        warnings.get(0).startsWith("E = ") && warnings.get(0).contains("ran off to 0"),
        warnings::toString);
    assertTrue(
        warnings
            .get(1)
            .startsWith("the compute-optimal exponents a and b come from a fit in which E ran off"),
        warnings::toString);
    assertTrue(doc.get("parameters").get("E").get("stderr").isNull());
    for (String p : List.of("A", "B", "alpha", "beta")) {
      assertTrue(doc.get("parameters").get(p).get("stderr").isNumber(), p);
    }
  }

  /**
   * Data that defeats the law: Datablations' three sizes within one decade, trained on one epoch of
   * C4. Every start runs off (A to 0 with alpha to minus infinity), so there is no fit to report.
   */
  @Test
  void dataThatDefeatTheLawExitThreeWithTheReason() {
    Path losses = SharedData.require("hitchhiker/losses.csv");
    CliRunner r =
        CliRunner.run(
            "fit",
            losses.toString(),
            "--on-duplicate",
            "mean",
            "--law",
            "chinchilla",
            "--family",
            "datablations-c4-1ep",
            "--drop-early-tokens",
            "1e10");
    assertEquals(ExitCodes.NO_CONVERGENCE, r.exitCode(), r.toString());
    FitFixtures.assertOneErrorLine(r);
    assertTrue(
        r.err().startsWith("lawfit: fit failed: no start of 12 reached a finite objective"),
        r.err());
  }
}
