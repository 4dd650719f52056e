package dev.lawfit.cli;

import static dev.lawfit.cli.FitFixtures.assertBadInput;
import static dev.lawfit.cli.FitFixtures.assertFinite;
import static dev.lawfit.cli.FitFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lawfit.fit.FitException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code fit}, {@code predict} and {@code optimal} do with bad input (exit 2: one stderr line,
 * nothing on stdout, an existing --out file untouched) and with fits that fail (exit 3).
 */
class FitCommandFailureTest {
  private static final String HEADER = "run,family,params,tokens,loss\n";
  private static final String KEEP = "an earlier result that must survive\n";

  @TempDir static Path dir;

  @BeforeAll
  static void files() throws IOException {
    Files.writeString(
        dir.resolve("few.csv"), HEADER + "a,x,1e6,1e8,3.5\na,x,1e6,2e8,3.2\nb,x,2e6,1e8,3.1\n");
    Files.writeString(
        dir.resolve("one-size.csv"),
        HEADER
            + "a,x,1e6,1e8,3.5\na,x,1e6,2e8,3.2\na,x,1e6,3e8,3.1\nb,x,1e6,1e8,3.4\nb,x,1e6,2e8,3.15\nb,x,1e6,4e8,3.0\n");
    Files.writeString(dir.resolve("malformed.json"), "{\"schema\": \"lawfit.fit/1\", \"law\":");
    Files.writeString(
        dir.resolve("inspect.json"), "{\"schema\": \"lawfit.inspect/1\", \"total\": {}}\n");
    Files.writeString(dir.resolve("array.json"), "[1, 2]\n");
    String fit = Files.readString(FitFixtures.plainFit());
    Files.writeString(
        dir.resolve("newer.json"), fit.replace("\"lawfit.fit/1\"", "\"lawfit.fit/2\""));
    // Damaged documents: these were internal errors (exit 4) before the reader checked them.
    Files.writeString(dir.resolve("unknown-law.json"), fit.replace("\"chinchilla\"", "\"nosuch\""));
    ObjectNode noBeta = (ObjectNode) json(fit);
    ((ObjectNode) noBeta.get("parameters")).remove("beta");
    Files.writeString(dir.resolve("no-beta.json"), noBeta.toString());
    ObjectNode badSample = (ObjectNode) json(Files.readString(FitFixtures.bootstrapFit()));
    ((ArrayNode) badSample.get("bootstrap").get("samples"))
        .set(0, new ObjectMapper().createArrayNode().add(1.0).add(2.0));
    Files.writeString(dir.resolve("bad-sample.json"), badSample.toString());
    Files.writeString(
        dir.resolve("no-groups.json"), "{\"schema\": \"lawfit.fits/1\", \"group_by\": \"family\"}");
  }

  static Stream<List<String>> badInput() {
    String runs = FitFixtures.runs().toString();
    String fit = FitFixtures.plainFit().toString();
    String power = FitFixtures.powerComputeFit().toString();
    String grouped = FitFixtures.groupedFit().toString();
    String d = dir.toString() + "/";
    return Stream.of(
        List.of("fit", d + "few.csv", "--law", "chinchilla"),
        List.of("fit", d + "one-size.csv", "--law", "chinchilla"),
        List.of("fit", runs, "--law", "chinchilla", "--fix", "gamma=1"),
        List.of("fit", runs, "--law", "chinchilla", "--fix", "E=-1"),
        List.of("fit", runs, "--law", "chinchilla", "--fix-from", power, "alpha"),
        List.of("fit", runs, "--law", "chinchilla", "--fix-from", fit, "gamma"),
        List.of("fit", runs, "--law", "chinchilla", "--fix-from", grouped, "alpha"),
        List.of("fit", runs, "--law", "chinchilla", "--fix-from", d + "missing.json", "alpha"),
        List.of("fit", runs, "--law", "chinchilla", "--fix-from", d + "malformed.json", "alpha"),
        List.of("fit", runs, "--law", "chinchilla", "--fix-from", d + "inspect.json", "alpha"),
        List.of("fit", runs, "--law", "chinchilla", "--fix-from", d + "array.json", "alpha"),
        List.of("fit", runs, "--law", "chinchilla", "--fix-from", d + "newer.json", "alpha"),
        List.of("fit", runs, "--law", "chinchilla", "--fix-from", fit),
        List.of("fit", runs, "--law", "nosuch"),
        List.of("fit", runs, "--law", "chinchilla", "--x", "params"),
        List.of("fit", runs, "--law", "power", "--x", "steps"),
        List.of("fit", runs, "--law", "chinchilla", "--loss", "squared", "--delta", "0.01"),
        List.of("fit", runs, "--law", "chinchilla", "--delta", "0"),
        List.of("fit", runs, "--law", "chinchilla", "--bootstrap", "-1"),
        List.of("fit", runs, "--law", "chinchilla", "--starts", "0"),
        List.of("fit", runs, "--law", "chinchilla", "--threads", "0"),
        List.of("fit", runs, "--law", "chinchilla", "--cluster", "family"),
        List.of("fit", runs, "--law", "chinchilla", "--group-by", "nosuch"),
        List.of("fit", runs),
        List.of("predict", fit, "--params", "1e9"),
        List.of("predict", fit),
        List.of("predict", fit, "--params", "1e9", "--tokens", "2e10", "--compute", "1e20"),
        List.of("predict", power, "--params", "1e9"),
        List.of("predict", fit, "--params", "1e9,2e9", "--tokens", "1e10,2e10,3e10"),
        List.of("predict", fit, "--params", "-1e9", "--tokens", "2e10"),
        List.of("predict", grouped, "--params", "1e9", "--tokens", "2e10"),
        List.of("predict", grouped, "--group", "c", "--params", "1e9", "--tokens", "2e10"),
        List.of("predict", fit, "--group", "a", "--params", "1e9", "--tokens", "2e10"),
        List.of("predict", d + "newer.json", "--params", "1e9", "--tokens", "2e10"),
        List.of("predict", d + "missing.json", "--params", "1e9", "--tokens", "2e10"),
        List.of("predict", d + "unknown-law.json", "--params", "1e9", "--tokens", "2e10"),
        List.of("predict", d + "no-beta.json", "--params", "1e9", "--tokens", "2e10"),
        List.of("predict", d + "bad-sample.json", "--params", "1e9", "--tokens", "2e10"),
        List.of("predict", d + "no-groups.json", "--params", "1e9", "--tokens", "2e10"),
        List.of("optimal", d + "no-beta.json", "--compute", "1e21"),
        List.of("fit", runs, "--law", "chinchilla", "--fix-from", d + "no-beta.json", "alpha"),
        List.of("optimal", fit, "--compute", "0"),
        List.of("optimal", fit, "--compute", "1e21,-1"),
        List.of("optimal", fit, "--compute", "1e21", "--flops-per-token", "0"),
        List.of("optimal", fit),
        List.of("optimal", power, "--compute", "1e21"),
        List.of("optimal", d + "newer.json", "--compute", "1e21"),
        List.of("optimal", d + "inspect.json", "--compute", "1e21"));
  }

  @ParameterizedTest
  @MethodSource("badInput")
  void badInputExitsTwoWithOneLineAndLeavesOutAlone(List<String> args) throws IOException {
    Path out = dir.resolve("result-" + Math.abs(args.hashCode()) + ".json");
    Files.writeString(out, KEEP);
    List<String> withOut = new ArrayList<>(args);
    withOut.addAll(List.of("--out", out.toString()));
    CliRunner r = CliRunner.run(withOut.toArray(String[]::new));
    assertBadInput(r);
    assertEquals(KEEP, Files.readString(out), "an existing --out file is untouched");
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(
          files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temporary file is left");
    }
    // Without --out the same: nothing on stdout.
    assertBadInput(CliRunner.run(args.toArray(String[]::new)));
  }

  @Test
  void messagesSayWhichOptionAndWhatToDo() {
    String runs = FitFixtures.runs().toString();
    assertEquals(
        "lawfit: fit failed: all points have the same params (1.000e+06): law chinchilla cannot be identified",
        CliRunner.run("fit", dir.resolve("one-size.csv").toString(), "--law", "chinchilla")
            .err()
            .strip());
    assertEquals(
        "lawfit: --fix E=-1.0: outside the domain of E in law chinchilla (must be finite and > 0)",
        CliRunner.run("fit", runs, "--law", "chinchilla", "--fix", "E=-1").err().strip());
    assertTrue(
        CliRunner.run(
                "fit",
                runs,
                "--law",
                "chinchilla",
                "--fix-from",
                dir.resolve("missing.json").toString(),
                "alpha")
            .err()
            .startsWith("lawfit: --fix-from " + dir.resolve("missing.json") + ": no such file"));
    assertTrue(
        CliRunner.run(
                "fit",
                runs,
                "--law",
                "chinchilla",
                "--fix-from",
                dir.resolve("newer.json").toString(),
                "alpha")
            .err()
            .contains("schema lawfit.fit/2 is newer than this lawfit understands"));
    assertEquals(
        "lawfit: "
            + dir.resolve("no-beta.json")
            + ": parameters.beta: missing: a chinchilla fit has E, A, B, alpha, beta",
        CliRunner.run(
                "predict",
                dir.resolve("no-beta.json").toString(),
                "--params",
                "1e9",
                "--tokens",
                "2e10")
            .err()
            .strip());
    assertTrue(
        CliRunner.run(
                "predict",
                FitFixtures.groupedFit().toString(),
                "--params",
                "1e9",
                "--tokens",
                "2e10")
            .err()
            .contains("choose one with --group (a, b)"));
  }

  /**
   * An honest non-convergence through the CLI: A and alpha held where the predicted losses overflow
   * (A N^10 with A = 1e300 is e^900), so no start can give a reportable fit. Before the fitter
   * checked its predictions, this exited 0 with "mean_are": "Infinity" in the document.
   */
  @Test
  void fitThatCannotConvergeExitsThreeWithTheReasonAndWritesNothing() throws IOException {
    Path out = dir.resolve("overflow.json");
    Files.writeString(out, KEEP);
    for (String loss : List.of("huber", "squared-linear")) {
      CliRunner r =
          CliRunner.run(
              "fit",
              FitFixtures.runs().toString(),
              "--law",
              "chinchilla",
              "--family",
              "a",
              "--fix",
              "A=1e300",
              "--fix",
              "alpha=-10",
              "--starts",
              "1",
              "--loss",
              loss,
              "--out",
              out.toString());
      assertEquals(ExitCodes.NO_CONVERGENCE, r.exitCode(), r.toString());
      FitFixtures.assertOneErrorLine(r);
      assertEquals(
          "lawfit: fit failed: no start of 1 reached a finite objective with finite parameters and predicted losses"
              + " (the data may not identify every parameter of this law: hold some with --fix or --fix-from, or try a law with fewer)",
          r.err().strip());
      assertEquals(KEEP, Files.readString(out));
    }
  }

  @ParameterizedTest
  @EnumSource(FitException.Reason.class)
  void failureReasonsMapToTheDesignsExitCodes(FitException.Reason reason) {
    UserException e = FitCommand.failure(new FitException(reason, "why"));
    int expected =
        switch (reason) {
          case NO_CONVERGENCE, SINGULAR -> ExitCodes.NO_CONVERGENCE;
          case TOO_FEW_POINTS, INVALID_DATA, BAD_OPTION -> ExitCodes.BAD_INPUT;
        };
    assertEquals(expected, e.exitCode());
    assertTrue(e.getMessage().startsWith("fit failed: why"), e.getMessage());
    assertEquals(
        reason == FitException.Reason.NO_CONVERGENCE,
        e.getMessage().contains("--fix"),
        "only no-convergence suggests --fix");
  }

  @Test
  void groupThatFailsIsReportedAndTheOthersAreStillWritten() throws IOException {
    // Family a of the simulated logs, and a family "solo" of two runs of one model size.
    List<String> lines = new ArrayList<>(Files.readAllLines(FitFixtures.runs()));
    String header = lines.get(0);
    List<String> csv = new ArrayList<>(List.of(header));
    lines.stream().skip(1).filter(l -> l.split(",")[1].equals("a")).forEach(csv::add);
    for (String run : List.of("solo-1", "solo-2")) {
      for (int k = 1; k <= 4; k++) {
        csv.add(
            String.join(
                ",",
                run,
                "solo",
                "1e8",
                Double.toString(k * 1e9),
                Double.toString(3.2 - 0.05 * k),
                Integer.toString(k),
                "3e-4",
                "524288",
                "0"));
      }
    }
    Path runs = dir.resolve("with-solo.csv");
    Files.write(runs, csv);
    Path out = dir.resolve("groups.json");
    CliRunner r =
        CliRunner.run(
            "fit",
            runs.toString(),
            "--law",
            "chinchilla",
            "--group-by",
            "family",
            "--out",
            out.toString());
    assertEquals(ExitCodes.NO_CONVERGENCE, r.exitCode(), r.toString());
    assertEquals("", r.out());
    assertEquals(
        List.of(
            "lawfit: family=solo: fit failed: all points have the same params (1.000e+08): law chinchilla cannot be identified"),
        r.err().lines().toList());
    JsonNode doc = json(out);
    assertFinite(doc);
    assertEquals(2, doc.get("groups").size());
    JsonNode a = doc.get("groups").get(0);
    assertEquals("a", a.get("key").get("family").asText());
    assertTrue(a.get("error").isNull());
    assertEquals(240, a.get("fit").get("input").get("points").asInt());
    assertEquals(5, a.get("fit").get("parameters").size());
    JsonNode solo = doc.get("groups").get(1);
    assertEquals("solo", solo.get("key").get("family").asText());
    assertTrue(solo.get("fit").isNull());
    assertEquals("invalid_data", solo.get("error").get("reason").asText());
    assertTrue(solo.get("error").get("message").asText().contains("same params"), solo::toString);

    CliRunner table =
        CliRunner.run("fit", runs.toString(), "--law", "chinchilla", "--group-by", "family");
    assertEquals(ExitCodes.NO_CONVERGENCE, table.exitCode());
    assertTrue(table.out().contains("groups     2 by family, 1 failed\n"), table.out());
    assertTrue(
        table
            .out()
            .lines()
            .anyMatch(
                l -> l.startsWith("solo") && l.contains("FAILED: all points have the same params")),
        table.out());
  }
}
