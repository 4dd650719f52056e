package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lawfit.report.CriticalBatchReport;
import dev.lawfit.report.Documents;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code critical-batch --from}: each input mode, its document read back, and --threads not
 * changing a byte.
 */
class CriticalBatchCommandTest {
  @TempDir Path dir;

  /**
   * Noise-free squared norms of a gradient with |G|^2 = 2 and tr(Sigma) = 50: E|G_B|^2 = |G|^2 +
   * tr(Sigma) / B (McCandlish et al. 2018, App. A), so B_simple = 25 at every step.
   */
  private Path noise() throws Exception {
    StringBuilder csv = new StringBuilder("step,grad_sq_small,grad_sq_big,batch_small,batch_big\n");
    for (int s = 1; s <= 5; s++) {
      csv.append(s)
          .append(',')
          .append(2 + 50.0 / 10)
          .append(',')
          .append(2 + 50.0 / 100)
          .append(",10,100\n");
    }
    Path file = dir.resolve("noise.csv");
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void gradientNoiseIsFoundByItsColumnsAndGivesTheClosedForm() throws Exception {
    Path out = dir.resolve("noise.json");
    for (String[] from : new String[][] {{}, {"--from", "gradient-noise"}}) {
      String[] args =
          new String[] {
            "critical-batch",
            noise().toString(),
            "--decay",
            "0",
            "--format",
            "json",
            "--out",
            out.toString()
          };
      CliRunner r = CliRunner.run(concat(args, from));
      assertEquals(0, r.exitCode(), r.toString());
      JsonNode doc = new ObjectMapper().readTree(out.toFile());
      assertEquals("gradient-noise", doc.get("mode").asText());
      for (JsonNode step : doc.get("gradient_noise").get("steps")) {
        assertEquals(2, step.get("grad_sq").asDouble(), 1e-12);
        assertEquals(50, step.get("trace").asDouble(), 1e-9);
        assertEquals(25, step.get("b_simple").asDouble(), 1e-9);
      }
      CriticalBatchReport read =
          Documents.read(out, CriticalBatchReport.SCHEMA, CriticalBatchReport.class);
      assertInstanceOf(CriticalBatchReport.NoiseSettings.class, read.settings());
    }
  }

  @Test
  void stepsTableNamedByFromIsReadBack() throws Exception {
    // E = E_min (1 + B / B_crit) with E_min = 1e9 tokens and B_crit = 2e5: steps S = E / B.
    StringBuilder csv = new StringBuilder("model,batch_size_tokens,steps_to_target\n");
    for (double b : new double[] {5e4, 1e5, 2e5, 4e5, 8e5}) {
      csv.append("m,").append(b).append(',').append(1e9 * (1 + b / 2e5) / b).append('\n');
    }
    Path table = dir.resolve("steps.csv");
    Files.writeString(table, csv);
    Path out = dir.resolve("steps.json");
    CliRunner r =
        CliRunner.run(
            "critical-batch",
            table.toString(),
            "--from",
            "steps",
            "--bootstrap",
            "0",
            "--format",
            "json",
            "--out",
            out.toString());
    assertEquals(0, r.exitCode(), r.toString());
    CriticalBatchReport read =
        Documents.read(out, CriticalBatchReport.SCHEMA, CriticalBatchReport.class);
    assertInstanceOf(CriticalBatchReport.StepsSettings.class, read.settings());
    assertEquals(CriticalBatchReport.Status.OK, read.targets().get(0).status());
    assertEquals(
        java.util.Map.of("model", "m"),
        read.targets().get(0).group(),
        "a key object, as in every document");
    assertEquals(2e5, read.targets().get(0).bCrit().value(), 1e-3);
    assertEquals(1e9, read.targets().get(0).eMin().value(), 1e-1);
  }

  @Test
  void anUnknownFromIsOneLineAndExitTwo() throws Exception {
    CliRunner r = CliRunner.run("critical-batch", noise().toString(), "--from", "noise");
    assertEquals(2, r.exitCode(), r.toString());
    assertTrue(
        r.err().strip().startsWith("lawfit: ") && r.err().strip().contains("--from"), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void threadsDoNotChangeAByte() throws Exception {
    Path sweep = dir.resolve("sweep.csv");
    assertEquals(
        0,
        CliRunner.run(
                "simulate", "sweep", "--checkpoints", "6", "--seed", "4", "--out", sweep.toString())
            .exitCode());
    for (String command : new String[] {"hparams", "critical-batch"}) {
      String[] outputs = new String[2];
      String[] threads = {"1", "4"};
      for (int k = 0; k < 2; k++) {
        CliRunner r =
            CliRunner.run(
                command,
                sweep.toString(),
                "--bootstrap",
                "200",
                "--threads",
                threads[k],
                "--format",
                "json");
        assertEquals(0, r.exitCode(), r.toString());
        outputs[k] = r.out();
      }
      assertEquals(outputs[0], outputs[1], command + " with --threads 1 and 4");
      if (command.equals("critical-batch")) {
        Path out = dir.resolve("sweep.json");
        Files.writeString(out, outputs[0]);
        assertInstanceOf(
            CriticalBatchReport.SweepSettings.class,
            Documents.read(out, CriticalBatchReport.SCHEMA, CriticalBatchReport.class).settings());
      }
    }
  }

  /**
   * A steps table whose columns auto-detection cannot place (a loss column, so it reads as a
   * sweep): E = E_min (1 + B / B_crit) with E_min = 1e9 tokens and B_crit = 2e5, steps S = E / B.
   */
  private Path oddStepsTable() throws Exception {
    StringBuilder csv = new StringBuilder("size,bs,n_steps,loss\n");
    for (double b : new double[] {5e4, 1e5, 2e5, 4e5, 8e5}) {
      csv.append("m,").append(b).append(',').append(1e9 * (1 + b / 2e5) / b).append(",3.1\n");
    }
    Path table = dir.resolve("odd.csv");
    Files.writeString(table, csv);
    return table;
  }

  @Test
  void aModesOptionsChooseItUnderAuto() throws Exception {
    Path table = oddStepsTable();
    CliRunner r =
        CliRunner.run(
            "critical-batch",
            table.toString(),
            "--steps-column",
            "n_steps",
            "--batch-column",
            "bs",
            "--group-column",
            "size",
            "--bootstrap",
            "0",
            "--format",
            "json");
    assertEquals(0, r.exitCode(), r.toString());
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals("steps", doc.get("mode").asText());
    assertEquals(2e5, doc.get("targets").get(0).get("b_crit").get("value").asDouble(), 1e-3);
  }

  @Test
  void optionsOfTwoModesAreOneLineNamingThem() throws Exception {
    Path table = oddStepsTable();
    Path out = dir.resolve("never.json");
    CliRunner r =
        CliRunner.run(
            "critical-batch",
            table.toString(),
            "--steps-column",
            "n_steps",
            "--decay",
            "0.9",
            "--out",
            out.toString());
    assertEquals(2, r.exitCode(), r.toString());
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(
        err.startsWith("lawfit: ")
            && err.contains("--steps-column (--from steps)")
            && err.contains("--decay (--from gradient-noise)"),
        err);
    assertTrue(Files.notExists(out), "nothing written");
  }

  @Test
  void fromRefusesAnotherModesOptions() throws Exception {
    CliRunner r =
        CliRunner.run(
            "critical-batch", noise().toString(), "--from", "sweep", "--gsq-small-column", "x");
    assertEquals(2, r.exitCode(), r.toString());
    assertEquals(
        "lawfit: --from sweep does not take --gsq-small-column (--from gradient-noise)",
        r.err().strip());
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
