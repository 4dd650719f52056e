package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.data.Dataset;
import dev.lawfit.data.LoadOptions;
import dev.lawfit.data.LogLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateSgdCommandTest {
  @TempDir Path dir;

  @Test
  void theSameBytesOnOneAndTwoThreads() throws Exception {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    Path c = dir.resolve("c.csv");
    String[] common = {
      "simulate",
      "sgd",
      "--dim",
      "24",
      "--batch-sizes",
      "2,8,32",
      "--lr",
      "0.1,0.2",
      "--samples",
      "3000",
      "--repeats",
      "2"
    };
    assertEquals(
        0,
        CliRunner.run(concat(common, "--seed", "4", "--threads", "1", "--out", a.toString()))
            .exitCode());
    assertEquals(
        0,
        CliRunner.run(concat(common, "--seed", "4", "--threads", "2", "--out", b.toString()))
            .exitCode());
    assertEquals(
        0,
        CliRunner.run(concat(common, "--seed", "5", "--threads", "2", "--out", c.toString()))
            .exitCode());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
  }

  @Test
  void logsLoadAsRunsAndCriticalBatchReadsTheSweep() throws Exception {
    Path file = dir.resolve("sweep.csv");
    CliRunner r =
        CliRunner.run(
            "simulate",
            "sgd",
            "--dim",
            "32",
            "--batch-sizes",
            "2,8,32,128,512",
            "--repeats",
            "8",
            "--stop-below",
            "0.3",
            "--out",
            file.toString());
    assertEquals(0, r.exitCode(), r.toString());
    Dataset d = new LogLoader(LoadOptions.defaults()).load(List.of(file));
    assertEquals(5, d.runs().size());
    for (var run : d.runs()) {
      double[] loss = run.checkpoints().loss();
      assertTrue(loss[loss.length - 1] <= 0.3, run.id() + " should end at or below the stop risk");
      assertEquals(0.15, run.lr());
    }
    CliRunner cb =
        CliRunner.run(
            "critical-batch",
            file.toString(),
            "--from",
            "sweep",
            "--bootstrap",
            "0",
            "--format",
            "json");
    assertEquals(0, cb.exitCode(), cb.toString());
    assertTrue(cb.out().contains("\"status\" : \"ok\""), cb.out());
  }

  @Test
  void oneRunGoesToGradientNoise() throws Exception {
    Path file = dir.resolve("one.csv");
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
                "4000",
                "--out",
                file.toString())
            .exitCode());
    CliRunner cb = CliRunner.run("critical-batch", file.toString(), "--norm-test-eta", "1");
    assertEquals(0, cb.exitCode(), cb.toString());
    assertTrue(cb.out().contains("B_simple") || cb.out().contains("b_simple"), cb.out());
  }

  @Test
  void badOptionsAreOneLineAndExitTwo() {
    for (String[] args :
        List.of(
            new String[] {"--info-exponent", "4"},
            new String[] {"--loss", "hinge"},
            new String[] {"--batch-sizes", "0"},
            new String[] {"--adaptive-batch", "norm-test", "--batch-sizes", "2,4"},
            new String[] {"--lr", "-1"},
            new String[] {"--threads", "0"})) {
      CliRunner r = CliRunner.run(concat(new String[] {"simulate", "sgd"}, args));
      assertEquals(2, r.exitCode(), r.toString());
      assertEquals(1, r.err().strip().lines().count(), r.toString());
      assertTrue(r.err().startsWith("lawfit: "), r.toString());
      assertEquals("", r.out());
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
