package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lawfit.report.DocumentSchemas;
import dev.lawfit.report.Json;
import dev.lawfit.report.SchemaWitness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schemas are the documents' contract: every kind lawfit's code names has a schema file and
 * every schema file a kind the code names; every command writes, on small known inputs, a document
 * of its kind that its schema accepts (each run here is also seen by {@link SchemaWitness}, as
 * every document of the suite is); and the schemas are strict enough to reject a renamed, retyped,
 * missing or unknown field and an unknown status.
 */
class DocumentSchemasTest {
  @TempDir static Path dir;

  /** Every document each command writes here, by the kind its {@code schema} field names. */
  private static final Map<String, String> WRITTEN = new TreeMap<>();

  @BeforeAll
  static void writeEveryKind() throws IOException {
    Path runs = FitFixtures.runs();
    Path grouped = FitFixtures.groupedFit();
    Path boot = FitFixtures.bootstrapFit();
    json(
        "fit",
        runs.toString(),
        "--law",
        "chinchilla",
        "--family",
        "a",
        "--bootstrap",
        "20",
        "--seed",
        "1");
    json(
        "fit",
        runs.toString(),
        "--law",
        "power",
        "--x",
        "compute",
        "--family",
        "a",
        "--final-only");
    json("fit", runs.toString(), "--law", "kaplan", "--group-by", "family");
    json("predict", boot.toString(), "--params", "1e9", "--tokens", "2e10");
    json("optimal", boot.toString(), "--compute", "1e21,1e22");
    json("check", grouped.toString(), grouped.toString());
    json("check", boot.toString(), FitFixtures.plainFit().toString());
    json("inspect", runs.toString());
    json(
        "evaluate",
        runs.toString(),
        "--law",
        "chinchilla",
        "--drop-early-tokens",
        "0",
        "--train-models",
        "2,3",
        "--train-fraction",
        "0.5,1",
        "--rollout");
    Path iso = isoflopSweep();
    json("isoflop", iso.toString(), "--family", "a", "--bootstrap", "20");
    json("isoflop", iso.toString(), "--group-by", "family");
    Path sweep = dir.resolve("sweep.csv");
    assertEquals(
        0,
        CliRunner.run(
                "simulate", "sweep", "--checkpoints", "8", "--seed", "3", "--out", sweep.toString())
            .exitCode());
    json("hparams", sweep.toString(), "--bootstrap", "20");
    json("critical-batch", sweep.toString(), "--bootstrap", "20", "--targets", "3");
    json("critical-batch", stepsTable().toString(), "--bootstrap", "20");
    Path sgd = dir.resolve("sgd.csv");
    assertEquals(
        0,
        CliRunner.run(
                "simulate",
                "sgd",
                "--dim",
                "32",
                "--batch-sizes",
                "16",
                "--samples",
                "2000",
                "--out",
                sgd.toString())
            .exitCode());
    json("critical-batch", sgd.toString(), "--norm-test-eta", "1");
  }

  /**
   * Runs a command with --format json and keeps its document by kind (the last of each kind; every
   * one is checked).
   */
  private static void json(String... args) {
    String[] all =
        Stream.concat(Stream.of(args), Stream.of("--format", "json")).toArray(String[]::new);
    CliRunner r = CliRunner.run(all);
    assertTrue(
        r.exitCode() == ExitCodes.OK || r.exitCode() == ExitCodes.CHECK_FAILED, r.toString());
    JsonNode doc = FitFixtures.json(r.out());
    String kind = doc.path("schema").asText();
    assertEquals(List.of(), DocumentSchemas.problems(r.out()), String.join(" ", args));
    WRITTEN.put(kind + (doc.has("mode") ? " " + doc.get("mode").asText() : ""), r.out());
  }

  @Test
  void everyKindTheCodeNamesHasASchemaAndEverySchemaAKind() throws IOException {
    TreeSet<String> named = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = DocumentSchemas.KIND.matcher(Files.readString(f));
        while (m.find()) {
          named.add(m.group());
        }
      }
    }
    TreeSet<String> shipped = new TreeSet<>();
    try (Stream<Path> files = Files.list(Path.of("src", "main", "resources", "schemas"))) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.equals("common.schema.json")) {
          continue;
        }
        Matcher m =
            java.util.regex.Pattern.compile("lawfit\\.([a-z-]+)-([0-9]+)\\.schema\\.json")
                .matcher(name);
        assertTrue(m.matches(), name);
        String kind = "lawfit." + m.group(1) + "/" + m.group(2);
        shipped.add(kind);
        JsonNode schema = Json.mapper().readTree(f.toFile());
        assertEquals(DocumentSchemas.BASE + name, schema.path("$id").asText(), name);
        assertEquals(
            "https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText(), name);
        assertEquals(kind, schema.path("properties").path("schema").path("const").asText(), name);
        assertEquals(
            false, schema.path("additionalProperties").asBoolean(true), name + " is closed");
      }
    }
    assertFalse(named.isEmpty());
    assertTrue(
        shipped.containsAll(named),
        "kinds named in src/main/java without a schema file: " + minus(named, shipped));
    // An older version's schema stays, for the documents earlier lawfit wrote; a kind nobody names
    // does not.
    TreeSet<String> unnamed = minus(shipped, named);
    unnamed.removeIf(
        kind ->
            named.stream()
                .anyMatch(
                    n ->
                        n.startsWith(kind.substring(0, kind.indexOf('/') + 1))
                            && Integer.parseInt(n.substring(n.indexOf('/') + 1))
                                > Integer.parseInt(kind.substring(kind.indexOf('/') + 1))));
    assertEquals(new TreeSet<>(), unnamed, "schema files of kinds lawfit does not name");
  }

  @Test
  void everyCurrentKindIsWrittenAndValid() {
    TreeSet<String> kinds = new TreeSet<>();
    WRITTEN.keySet().forEach(k -> kinds.add(k.split(" ")[0]));
    assertEquals(
        new TreeSet<>(
            List.of(
                dev.lawfit.report.FitDocument.SCHEMA,
                dev.lawfit.report.FitsDocument.SCHEMA,
                dev.lawfit.report.PointsDocument.PREDICTION,
                dev.lawfit.report.PointsDocument.OPTIMAL,
                dev.lawfit.report.CheckReport.SCHEMA,
                dev.lawfit.report.InspectReport.SCHEMA,
                dev.lawfit.report.EvaluateDocument.SCHEMA,
                dev.lawfit.report.IsoFlopReport.SCHEMA,
                dev.lawfit.report.IsoFlopReport.GROUPED,
                dev.lawfit.report.HparamsReport.SCHEMA,
                dev.lawfit.report.CriticalBatchReport.SCHEMA)),
        kinds);
    assertTrue(
        WRITTEN
            .keySet()
            .containsAll(
                List.of(
                    "lawfit.critical-batch/2 sweep",
                    "lawfit.critical-batch/2 steps",
                    "lawfit.critical-batch/2 gradient-noise")),
        WRITTEN.keySet().toString());
    assertTrue(
        SchemaWitness.validated() > 0,
        "the witness of Json.write is installed (junit-platform.properties)");
  }

  @Test
  void aRenamedFieldIsRejected() throws IOException {
    rejected(
        dev.lawfit.report.FitDocument.SCHEMA,
        d -> {
          ObjectNode q = (ObjectNode) d.get("quality");
          q.set("rmse", q.remove("rmse_log"));
        },
        "rmse");
  }

  @Test
  void aRetypedFieldIsRejected() throws IOException {
    rejected(
        dev.lawfit.report.PointsDocument.OPTIMAL,
        d -> ((ObjectNode) d.get("allocations").get(0)).put("params", "1e9"),
        "params");
    rejected(
        dev.lawfit.report.InspectReport.SCHEMA,
        d -> ((ObjectNode) d.get("total")).put("runs", 1.5),
        "runs");
  }

  @Test
  void aMissingFieldAnUnknownFieldAndANullWhereNoneIsAllowedAreRejected() throws IOException {
    rejected(
        dev.lawfit.report.EvaluateDocument.SCHEMA,
        d -> ((ObjectNode) d.get("summary")).remove("scored"),
        "scored");
    rejected(dev.lawfit.report.CheckReport.SCHEMA, d -> d.put("verdict", "pass"), "verdict");
    rejected(
        dev.lawfit.report.FitsDocument.SCHEMA,
        d -> ((ObjectNode) d.get("groups").get(0).get("fit").get("objective")).putNull("value"),
        "value");
  }

  @Test
  void anUnknownStatusIsRejected() throws IOException {
    rejected(
        dev.lawfit.report.HparamsReport.SCHEMA,
        d -> ((ObjectNode) d.get("groups").get(0)).put("status", "OK"),
        "status");
    rejected(
        "lawfit.critical-batch/2 steps",
        d -> ((ObjectNode) d.get("targets").get(0)).put("status", "fine"),
        "status");
    rejected(
        dev.lawfit.report.IsoFlopReport.GROUPED,
        d ->
            ((ObjectNode) d.get("groups").get(0).get("isoflop").get("budgets").get(0).get("params"))
                .put("position", "middle"),
        "position");
  }

  private static TreeSet<String> minus(TreeSet<String> a, TreeSet<String> b) {
    TreeSet<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }

  @Test
  void theShapesOfVersionOneAreRejectedByVersionTwo() throws IOException {
    // IsoFLOP's laws: a bare exponent instead of a parameter {value, stderr, ci95}.
    rejected(
        dev.lawfit.report.IsoFlopReport.SCHEMA,
        d -> ((ObjectNode) d.get("params")).put("exponent", 0.5),
        "exponent");
    // inspect: a group's key as the bare value instead of an object.
    rejected(
        dev.lawfit.report.InspectReport.SCHEMA,
        d -> ((ObjectNode) d.get("groups").get(0)).put("key", "a"),
        "key");
    // evaluate: a cell's parameter as a bare value.
    rejected(
        dev.lawfit.report.EvaluateDocument.SCHEMA,
        d ->
            ((ObjectNode) d.get("groups").get(0).get("grid").get(0).get("parameters"))
                .put("E", 1.7),
        "E");
  }

  /**
   * The written document of {@code kind}, changed by {@code edit}, breaks its schema at a path
   * naming {@code field}.
   */
  private static void rejected(String kind, Consumer<ObjectNode> edit, String field)
      throws IOException {
    String text = WRITTEN.get(kind);
    assertTrue(text != null, kind + " was written");
    ObjectNode doc = (ObjectNode) Json.mapper().readTree(text);
    edit.accept(doc);
    List<String> problems = DocumentSchemas.problems(Json.mapper().writeValueAsString(doc));
    assertFalse(problems.isEmpty(), kind + " edited at " + field + " passed its schema");
    assertTrue(problems.stream().anyMatch(p -> p.contains(field)), problems.toString());
  }

  /**
   * Seven sizes around the optimum of each of five budgets under Chinchilla's law, two families (b
   * 2% above a).
   */
  private static Path isoflopSweep() throws IOException {
    List<String> lines = new ArrayList<>(List.of("run,family,params,tokens,loss"));
    for (String family : new String[] {"a", "b"}) {
      double scale = family.equals("a") ? 1 : 1.02;
      for (double c : new double[] {1e18, 3e18, 1e19, 3e19, 1e20}) {
        // N*(C) = G (C/6)^(beta/(alpha+beta)), G = (alpha A / (beta B))^(1/(alpha+beta)) (Hoffmann
        // et al. 2022)
        double nOpt =
            Math.pow(0.34 * 406.4 / (0.28 * 410.7), 1 / 0.62) * Math.pow(c / 6, 0.28 / 0.62);
        for (int k = -3; k <= 3; k++) {
          double n = nOpt * Math.pow(2, k);
          double d = c / (6 * n);
          double loss = scale * (1.69 + 406.4 / Math.pow(n, 0.34) + 410.7 / Math.pow(d, 0.28));
          lines.add(
              String.format(
                  Locale.ROOT, "%s-%g-%d,%s,%.17g,%.17g,%.17g", family, c, k, family, n, d, loss));
        }
      }
    }
    Path file = dir.resolve("isoflop.csv");
    Files.write(file, lines);
    return file;
  }

  /**
   * Steps to a target for five batch sizes, E = E_min (1 + B / B_crit) exactly, at three targets.
   */
  private static Path stepsTable() throws IOException {
    List<String> lines = new ArrayList<>(List.of("group,target_loss,batch_size,steps_to_target"));
    double[][] targets = {{3.2, 1e9, 1e5}, {3.0, 3e9, 2e5}, {2.8, 1e10, 4e5}};
    for (double[] t : targets) {
      for (double b : new double[] {1e4, 3e4, 1e5, 3e5, 1e6}) {
        double e = t[1] * (1 + b / t[2]);
        lines.add(String.format(Locale.ROOT, "t%.1f,%.1f,%.17g,%.17g", t[0], t[0], b, e / b));
      }
    }
    Path file = dir.resolve("steps.csv");
    Files.write(file, lines);
    return file;
  }
}
