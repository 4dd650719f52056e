package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lawfit.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lawfit hparams} and {@code lawfit critical-batch} in-process: documents, determinism, bad
 * input.
 */
class HparamsCommandTest {
  @TempDir Path dir;

  Path sweep;

  @BeforeEach
  void simulate() {
    sweep = dir.resolve("sweep.csv");
    CliRunner r =
        CliRunner.run(
            "simulate", "sweep", "--checkpoints", "8", "--seed", "3", "--out", sweep.toString());
    assertEquals(0, r.exitCode(), r.toString());
  }

  @Test
  void simulateSweepWritesDivergedRunsAsNan() throws Exception {
    String csv = Files.readString(sweep);
    assertTrue(csv.startsWith("run,family,params,tokens,loss,step,lr,batch_size,seed\n"));
    assertTrue(csv.contains(",nan,"), "diverged runs are in the log");
    assertEquals(7 * 9 * 8 + 1, csv.lines().count());
  }

  @Test
  void runNoiseMovesAllOfARunsCheckpointsByOneFactor() throws Exception {
    Path plain = dir.resolve("plain.csv");
    Path lucky = dir.resolve("lucky.csv");
    for (Path out : new Path[] {plain, lucky}) {
      String runNoise = out == plain ? "0" : "0.01";
      CliRunner r =
          CliRunner.run(
              "simulate",
              "sweep",
              "--checkpoints",
              "4",
              "--noise",
              "0",
              "--run-noise",
              runNoise,
              "--out",
              out.toString());
      assertEquals(0, r.exitCode(), r.toString());
    }
    java.util.Map<String, java.util.List<Double>> ratios = new java.util.TreeMap<>();
    java.util.List<String> a = Files.readAllLines(plain);
    java.util.List<String> b = Files.readAllLines(lucky);
    assertEquals(a.size(), b.size());
    for (int i = 1; i < a.size(); i++) {
      String[] x = a.get(i).split(",");
      String[] y = b.get(i).split(",");
      assertEquals(x[0], y[0]);
      if (!x[4].equals("nan")) {
        ratios
            .computeIfAbsent(x[0], k -> new java.util.ArrayList<>())
            .add(Double.parseDouble(y[4]) / Double.parseDouble(x[4]));
      }
    }
    java.util.Set<Double> factors = new java.util.HashSet<>();
    for (java.util.List<Double> r : ratios.values()) {
      for (double v : r) {
        assertEquals(
            r.get(0), v, 1e-9, "one factor per run"); // the CSV keeps about 10 significant digits
      }
      factors.add(Math.rint(r.get(0) * 1e6) / 1e6);
    }
    assertTrue(factors.size() > ratios.size() / 2, "each run draws its own factor");
    CliRunner bad =
        CliRunner.run(
            "simulate", "sweep", "--run-noise", "-0.1", "--out", dir.resolve("bad.csv").toString());
    assertEquals(2, bad.exitCode());
    assertEquals("lawfit: --run-noise must be >= 0\n", bad.err());
    assertFalse(Files.exists(dir.resolve("bad.csv")));
  }

  @Test
  void hparamsJsonIsTheVersionedDocumentWithoutNanAndSameBytesForTheSameSeed() throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    // One thread and three: the groups' fits and the resamples run in parallel.
    for (Path out : new Path[] {a, b}) {
      String threads = out == a ? "1" : "3";
      CliRunner r =
          CliRunner.run(
              "hparams",
              sweep.toString(),
              "--bootstrap",
              "200",
              "--threads",
              threads,
              "--out",
              out.toString());
      assertEquals(0, r.exitCode(), r.toString());
    }
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    String text = Files.readString(a);
    assertFalse(text.contains("NaN") || text.contains("Infinity"), "no NaN in JSON");
    JsonNode doc = new ObjectMapper().readTree(text);
    assertEquals("lawfit.hparams/2", doc.get("schema").asText());
    int withInterval = 0;
    for (JsonNode g : doc.get("groups")) {
      JsonNode e = g.get("eta_star");
      JsonNode s = g.get("sensitivity");
      if (e.isNull() || e.get("ci95").isNull()) {
        assertTrue(e.isNull() || e.get("stderr").isNull(), "no interval, no stderr: " + g);
        continue;
      }
      withInterval++;
      // Both intervals are x +- t se with one t(n - 3): eta*'s in ln eta (stderr by the delta
      // method, eta* se(ln eta*)).
      double v = e.get("value").asDouble();
      double lnHalf =
          Math.log(e.get("ci95").get(1).asDouble() / e.get("ci95").get(0).asDouble()) / 2;
      double t = lnHalf / (e.get("stderr").asDouble() / v);
      assertEquals(
          t,
          (s.get("ci95").get(1).asDouble() - s.get("ci95").get(0).asDouble())
              / 2
              / s.get("stderr").asDouble(),
          1e-9 * t,
          "one t for both: " + g);
      boolean studentT = false;
      for (int df = 1; df <= g.get("runs").asInt(); df++) {
        studentT |= Math.abs(t - dev.lawfit.stats.Intervals.t975(df)) < 1e-9;
      }
      assertTrue(studentT, "t is Student's t(0.975) of a whole number of degrees of freedom: " + t);
    }
    assertTrue(withInterval > 0);
    assertEquals(7 * 8, doc.get("groups").size());
    JsonNode eta = doc.get("laws").get("eta_star");
    assertEquals("eta* = c T^p B^q", eta.get("formula").asText());
    assertEquals(-0.25, eta.get("parameters").get("p").get("value").asDouble(), 0.03);
    assertEquals(2, eta.get("parameters").get("q").get("ci95").size());
    assertTrue(doc.get("laws").get("sensitivity").get("parameters").has("s0"));
    assertTrue(doc.get("laws").get("sensitivity").get("parameters").has("u"));
  }

  @Test
  void compareSetsThePublishedLawBesideOurs() throws Exception {
    CliRunner r =
        CliRunner.run(
            "hparams",
            sweep.toString(),
            "--bootstrap",
            "0",
            "--compare",
            "deepseek",
            "--format",
            "json");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode c = new ObjectMapper().readTree(r.out()).get("comparison");
    assertEquals("deepseek", c.get("law").asText());
    JsonNode first = c.get("eta_star").get(0);
    double C = 6 * first.get("params").asDouble() * first.get("tokens").asDouble();
    assertEquals(0.3118 * Math.pow(C, -0.125), first.get("published").asDouble(), 1e-12);
    assertTrue(c.get("units").asText().contains("B in tokens"));
  }

  @Test
  void missingLrColumnNamesTheFileAndTheOptionToPass() throws Exception {
    Path file = dir.resolve("nolr.csv");
    Files.writeString(file, "run,params,tokens,loss,batch_size\na,1e8,1e9,3.0,65536\n");
    Path out = dir.resolve("out.json");
    CliRunner r = CliRunner.run("hparams", file.toString(), "--out", out.toString());
    assertEquals(2, r.exitCode());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().startsWith("lawfit: " + file + ": no 'lr' column"), r.err());
    assertTrue(r.err().contains("--column lr=YOURS"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void oneLearningRatePerGroupExitsTwoWithOneLine() throws Exception {
    Path file = dir.resolve("one.csv");
    Files.writeString(
        file,
        "run,params,tokens,loss,lr,batch_size\na,1e8,1e9,3.0,3e-4,65536\nb,1e8,1e9,3.1,3e-4,131072\n");
    CliRunner r = CliRunner.run("hparams", file.toString());
    assertEquals(2, r.exitCode());
    assertEquals("", r.out());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(r.err().contains("group has 3 learning rates"), r.err());
  }

  @Test
  void criticalBatchOnZhangGivesBcritGrowingWithModelSize() throws Exception {
    Path zhang = SharedData.require("zhang-critical-batch/steps_to_target.csv");
    CliRunner r = CliRunner.run("critical-batch", zhang.toString(), "--format", "json");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals("lawfit.critical-batch/2", doc.get("schema").asText());
    assertEquals("steps", doc.get("mode").asText());
    JsonNode targets = doc.get("targets");
    assertEquals(5, targets.size());
    String column = doc.get("settings").get("group_column").asText();
    java.util.List<String> models =
        Files.readAllLines(zhang).stream().skip(1).map(l -> l.split(",")[0]).distinct().toList();
    double previous = 0;
    int i = 0;
    for (JsonNode t : targets) {
      assertEquals(
          new ObjectMapper().createObjectNode().put(column, models.get(i++)),
          t.get("group"),
          "the key object");
      double b = t.get("b_crit").get("value").asDouble();
      assertTrue(b > previous, "B_crit grows with model size and data: " + t);
      JsonNode ci = t.get("b_crit").get("ci95");
      assertTrue(ci.get(0).asDouble() < b && b < ci.get(1).asDouble());
      previous = b;
      // Student t with n - 2 degrees of freedom: E_min +- t se, B_crit exp(+-t se(ln B_crit)),
      // se(B_crit) = B_crit se(ln).
      double tq =
          new org.apache.commons.math3.distribution.TDistribution(t.get("points").size() - 2)
              .inverseCumulativeProbability(0.975);
      JsonNode e = t.get("e_min");
      assertEquals(
          (e.get("ci95").get(1).asDouble() - e.get("ci95").get(0).asDouble()) / (2 * tq),
          e.get("stderr").asDouble(),
          1e-9 * e.get("stderr").asDouble());
      double lnSe = Math.log(ci.get(1).asDouble() / ci.get(0).asDouble()) / (2 * tq);
      assertEquals(b * lnSe, t.get("b_crit").get("stderr").asDouble(), 1e-9 * b * lnSe);
      assertEquals(lnSe, t.get("b_crit_log_stderr").asDouble(), 1e-9 * lnSe);
    }
    assertTrue(doc.get("law").get("parameters").has("gamma"));
  }

  @Test
  void criticalBatchStepsModeNamesAMissingColumn() throws Exception {
    Path file = dir.resolve("steps.csv");
    Files.writeString(file, "model,bs,steps_to_target\nm,1,2\n");
    CliRunner r = CliRunner.run("critical-batch", file.toString(), "--batch-column", "batch");
    assertEquals(2, r.exitCode());
    assertEquals(
        "lawfit: "
            + file
            + ": --batch-column batch: no such column; columns are model, bs, steps_to_target",
        r.err().strip());
  }

  @Test
  void criticalBatchFromASweepReadsDivergedRuns() throws Exception {
    CliRunner r =
        CliRunner.run("critical-batch", sweep.toString(), "--targets", "4", "--bootstrap", "100");
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("B_crit = k E_min^gamma"), r.out());
  }

  @Test
  void badSweepOptionsExitTwoInBothSweepCommands() {
    // One set of options (SweepOptions) and one check: critical-batch used to run with
    // --window-half-width (then --window) 0.
    for (String command : new String[] {"hparams", "critical-batch"}) {
      for (String[] option :
          new String[][] {
            {"--window-half-width", "0"}, {"--diverged-above", "-1"}, {"--bootstrap", "-5"}
          }) {
        CliRunner r = CliRunner.run(command, sweep.toString(), option[0], option[1]);
        assertEquals(2, r.exitCode(), command + " " + option[0] + ": " + r);
        assertTrue(r.err().startsWith("lawfit: " + option[0] + " must be"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertEquals("", r.out());
      }
    }
  }

  @Test
  void helpHasAnExample() {
    for (String[] cmd :
        new String[][] {
          {"hparams", "--help"}, {"critical-batch", "--help"}, {"simulate", "sweep", "--help"}
        }) {
      CliRunner r = CliRunner.run(cmd);
      assertEquals(0, r.exitCode());
      assertTrue(r.out().contains("Example"), String.join(" ", cmd));
    }
  }
}
