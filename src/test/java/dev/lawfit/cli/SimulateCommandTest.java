package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.analysis.Simulator;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.LoadOptions;
import dev.lawfit.data.LogLoader;
import dev.lawfit.data.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  @TempDir Path dir;

  @Test
  void sameOptionsAndSeedGiveTheSameBytes() throws Exception {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    Path c = dir.resolve("c.csv");
    assertEquals(0, CliRunner.run("simulate", "--seed", "5", "--out", a.toString()).exitCode());
    assertEquals(0, CliRunner.run("simulate", "--seed", "5", "--out", b.toString()).exitCode());
    assertEquals(0, CliRunner.run("simulate", "--seed", "6", "--out", c.toString()).exitCode());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
  }

  @Test
  void writtenLogsLoadBackToTheSimulatedRuns() throws Exception {
    Path file = dir.resolve("runs.csv");
    CliRunner r =
        CliRunner.run(
            "simulate",
            "--family",
            "x,y",
            "--sizes",
            "1e8,3e8",
            "--seeds",
            "2",
            "--checkpoints",
            "7",
            "--seed",
            "11",
            "--out",
            file.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals("", r.out());
    Dataset d = new LogLoader(LoadOptions.defaults()).load(List.of(file));
    List<Run> expected =
        Simulator.simulate(
            Simulator.Spec.chinchilla(
                List.of("x", "y"), List.of(1e8, 3e8), 2, 20, 7, 524288, 3e-4, 0.005, 0, 11));
    assertEquals(expected.size(), d.runs().size());
    for (int k = 0; k < expected.size(); k++) {
      Run want = expected.get(k);
      Run got = d.runs().get(k);
      assertEquals(want.id(), got.id());
      assertEquals(want.family(), got.family());
      assertEquals(want.params(), got.params());
      assertArrayEquals(want.checkpoints().tokens(), got.checkpoints().tokens());
      // Written in the shortest form that reads back as the same double.
      assertArrayEquals(want.checkpoints().loss(), got.checkpoints().loss(), 0.0);
    }
  }

  @Test
  void printsToStdoutWithoutOut() {
    CliRunner r = CliRunner.run("simulate", "--sizes", "1e8", "--checkpoints", "3");
    assertEquals(0, r.exitCode());
    assertEquals(4, r.out().lines().count());
    assertTrue(r.out().startsWith("run,family,params,tokens,loss,step,lr,batch_size,seed\n"));
  }

  @Test
  void badOptionsAreUsageErrors() {
    for (String[] args :
        List.of(
            new String[] {"simulate", "--sizes", "-5"},
            new String[] {"simulate", "--seeds", "0"},
            new String[] {"simulate", "--noise", "-1"},
            new String[] {"simulate", "--sizes", "abc"},
            new String[] {"simulate", "--out", dir.resolve("no/such/dir/x.csv").toString()})) {
      CliRunner r = CliRunner.run(args);
      assertEquals(2, r.exitCode(), r.toString());
      assertTrue(r.err().startsWith("lawfit: "), r.err());
      assertEquals("", r.out());
    }
    assertFalse(Files.exists(dir.resolve("no")), "nothing is created for a bad --out");
  }
}
