package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lawfit.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Run logs and fit documents made once through the CLI and shared by the command tests (fits take a
 * second each), and the checks every command test makes of what lawfit printed.
 */
final class FitFixtures {
  private FitFixtures() {}

  /**
   * Chinchilla's published law at full precision (REFERENCES.md; what {@code lawfit simulate}
   * plants).
   */
  static final Map<String, Double> CHINCHILLA =
      Map.of(
          "E", TestData.HOFFMANN[0],
          "A", TestData.HOFFMANN[1],
          "B", TestData.HOFFMANN[2],
          "alpha", TestData.HOFFMANN[3],
          "beta", TestData.HOFFMANN[4]);

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static Path dir;

  /** A folder for this test JVM, removed when it exits. */
  static synchronized Path dir() {
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("lawfit-cli-test");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path root = dir;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try (Stream<Path> all = Files.walk(root)) {
                      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    } catch (IOException ignored) {
                      // best effort
                    }
                  }));
    }
    return dir;
  }

  /**
   * {@code lawfit simulate --family a,b --seed 3}: 2 families x 6 sizes x 40 checkpoints; b has E
   * scaled by 1.05.
   */
  static Path runs() {
    return made("runs.csv", "simulate", "--family", "a,b", "--seed", "3");
  }

  /** Chinchilla fit of family a with a 60-resample bootstrap. */
  static Path bootstrapFit() {
    return made(
        "boot.json",
        "fit",
        runs().toString(),
        "--law",
        "chinchilla",
        "--family",
        "a",
        "--bootstrap",
        "60",
        "--seed",
        "5");
  }

  /** Chinchilla fit of family a, covariance errors only. */
  static Path plainFit() {
    return made("plain.json", "fit", runs().toString(), "--law", "chinchilla", "--family", "a");
  }

  /** Chinchilla fits of families a and b ({@code lawfit.fits/1}). */
  static Path groupedFit() {
    return made(
        "grouped.json", "fit", runs().toString(), "--law", "chinchilla", "--group-by", "family");
  }

  /** Power law in compute, L = E + A/C^alpha, on the final checkpoints of family a. */
  static Path powerComputeFit() {
    return made(
        "power-compute.json",
        "fit",
        runs().toString(),
        "--law",
        "power",
        "--x",
        "compute",
        "--family",
        "a",
        "--final-only");
  }

  /**
   * Runs the command with {@code --out name} once per JVM; fails the caller when it does not exit
   * 0.
   */
  private static synchronized Path made(String name, String... args) {
    Path out = dir().resolve(name);
    if (!Files.exists(out)) {
      String[] all =
          Stream.concat(Stream.of(args), Stream.of("--out", out.toString())).toArray(String[]::new);
      CliRunner r = CliRunner.run(all);
      assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    }
    return out;
  }

  static JsonNode json(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + e.getMessage() + "\n" + text, e);
    }
  }

  static JsonNode json(Path file) {
    try {
      return json(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Natural parameter values of a fit document, by name. */
  static double value(JsonNode fit, String parameter) {
    JsonNode p = fit.get("parameters").get(parameter);
    assertTrue(
        p != null && p.get("value").isNumber(), () -> "no parameter " + parameter + " in " + fit);
    return p.get("value").asDouble();
  }

  /**
   * Every number in the document is finite, and no string spells NaN or an infinity (Jackson's
   * fallback).
   */
  static void assertFinite(JsonNode node) {
    walk(node, "$");
  }

  private static void walk(JsonNode node, String path) {
    if (node.isNumber()) {
      assertTrue(Double.isFinite(node.asDouble()), () -> path + " is " + node);
    } else if (node.isTextual()) {
      assertFalse(
          Set.of("NaN", "Infinity", "-Infinity", "+Infinity").contains(node.asText()),
          () -> path + " is " + node);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      node.properties().forEach(e -> walk(e.getValue(), path + "." + e.getKey()));
    }
  }

  /** Exit 2, one stderr line starting {@code lawfit: }, nothing on stdout. */
  static void assertBadInput(CliRunner r) {
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
    assertOneErrorLine(r);
  }

  static void assertOneErrorLine(CliRunner r) {
    List<String> lines = r.err().lines().toList();
    assertEquals(1, lines.size(), r.toString());
    assertTrue(lines.get(0).startsWith("lawfit: "), r.toString());
    assertEquals("", r.out(), r.toString());
  }

  /** The lines of a CSV file without its header. */
  static List<String[]> rows(Path csv) {
    try (Stream<String> lines = Files.lines(csv)) {
      return lines.skip(1).map(l -> l.split(",", -1)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
