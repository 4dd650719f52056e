package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Warnings go to stderr as {@code lawfit: warning: } lines in every command that has any, also when
 * the result is a JSON document, and {@code -q} silences them without changing the result. Each
 * case below is an input known to warn. (predict and optimal have no warnings to give.)
 */
class QuietWarningsTest {
  @TempDir static Path dir;

  static Stream<List<String>> warningCases() throws IOException {
    Path runs = FitFixtures.runs();
    Path sweep = dir.resolve("sweep.csv");
    assertEquals(
        0,
        CliRunner.run(
                "simulate", "sweep", "--checkpoints", "8", "--seed", "3", "--out", sweep.toString())
            .exitCode());
    Path withFailingGroup = dir.resolve("runs-c.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(runs));
    // Family c: one run, one size: its fit cannot identify the law and fails.
    int step = 1;
    for (double tokens : new double[] {1e9, 2e9, 4e9, 8e9, 1.6e10}) {
      lines.add(
          String.format(
              Locale.ROOT,
              "c-only,c,1e8,%.1f,%.4f,%d,0.0003,524288,0",
              tokens,
              3 + 10 / Math.sqrt(tokens / 1e9),
              step++));
    }
    Files.write(withFailingGroup, lines);
    Path fits = dir.resolve("fits.json");
    CliRunner grouped =
        CliRunner.run(
            "fit",
            withFailingGroup.toString(),
            "--law",
            "chinchilla",
            "--group-by",
            "family",
            "--out",
            fits.toString(),
            "-q");
    assertTrue(Files.exists(fits), grouped.toString());
    Path isolated = dir.resolve("isolated.csv");
    List<String> far = new ArrayList<>(Files.readAllLines(runs));
    far.add(
        "far,a,1e15,1e9,3.5,1,0.0003,524288,0"); // six decades above the others: an isolated size
    Files.write(isolated, far);
    Path steps = dir.resolve("steps.csv");
    Files.write(
        steps,
        List.of(
            "group,target_loss,batch_size,steps_to_target",
            "t1,3.0,10000,110000",
            "t1,3.0,100000,20000",
            "t1,3.0,1000000,11000"));
    Path edge = dir.resolve("isoflop-edge.csv");
    List<String> iso = new ArrayList<>(List.of("run,params,tokens,loss"));
    for (double c : new double[] {1e18, 1e19, 1e20, 1e21, 1e22}) {
      int from =
          c < 1e19 ? 0 : -3; // the smallest budget's sweep starts at its optimum: N* at its edge
      for (int k = from; k <= from + 6; k++) {
        // N*(C) = G (C/6)^(beta/(alpha+beta)), G = (alpha A / (beta B))^(1/(alpha+beta)) (Hoffmann
        // et al. 2022)
        double n =
            Math.pow(0.34 * 406.4 / (0.28 * 410.7), 1 / 0.62)
                * Math.pow(c / 6, 0.28 / 0.62)
                * Math.pow(2, k);
        double d = c / (6 * n);
        iso.add(
            String.format(
                Locale.ROOT,
                "r%g-%d,%.17g,%.17g,%.17g",
                c,
                k,
                n,
                d,
                1.69 + 406.4 / Math.pow(n, 0.34) + 410.7 / Math.pow(d, 0.28)));
      }
    }
    Files.write(edge, iso);
    return Stream.of(
        List.of("inspect", isolated.toString()),
        List.of(
            "fit",
            withFailingGroup.toString(),
            "--law",
            "chinchilla",
            "--family",
            "a",
            "--final-only"),
        List.of("check", fits.toString(), fits.toString()),
        List.of(
            "evaluate",
            runs.toString(),
            "--law",
            "chinchilla",
            "--drop-early-tokens",
            "0",
            "--train-models",
            "6",
            "--train-fraction",
            "1"),
        List.of("isoflop", edge.toString()),
        List.of("hparams", sweep.toString(), "--bootstrap", "0"),
        List.of("critical-batch", steps.toString(), "--bootstrap", "0"));
  }

  @ParameterizedTest
  @MethodSource("warningCases")
  void warningsGoToStderrAndQuietSilencesThem(List<String> command) {
    String[] json =
        Stream.concat(command.stream(), Stream.of("--format", "json")).toArray(String[]::new);
    CliRunner loud = CliRunner.run(json);
    assertTrue(
        loud.err().lines().anyMatch(l -> l.startsWith("lawfit: warning: ")),
        "no warning on stderr: " + loud);
    CliRunner quiet =
        CliRunner.run(Stream.concat(Stream.of(json), Stream.of("-q")).toArray(String[]::new));
    assertEquals(loud.exitCode(), quiet.exitCode(), quiet.toString());
    assertTrue(
        quiet.err().lines().noneMatch(l -> l.contains("warning")),
        "-q left a warning: " + quiet.err());
    assertEquals(loud.out(), quiet.out(), "-q changes nothing but stderr");
  }
}
