package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of every command, found through picocli's model (so a new option is covered without
 * editing this test), given hostile values on top of an invocation that succeeds: NaN, infinities,
 * 1e308, subnormals, 0, -1, Integer.MAX_VALUE, numbers beyond a double, huge and empty strings.
 * Each must end as the README promises: exit 0, 2 or 3 (never 4, never 1 outside a check that found
 * a drift, which these identical documents cannot show), one line without a stack trace or Java's
 * words, and JSON without NaN or Infinity.
 */
class HostileOptionsTest {
  @TempDir static Path dir;

  static final List<String> NUMBERS =
      List.of(
          "NaN",
          "Infinity",
          "-Infinity",
          "1e308",
          "-1e308",
          "1e-320",
          "0",
          "-1",
          "2147483647",
          "-2147483648",
          "9223372036854775807",
          "1e309",
          "9".repeat(400),
          "");
  static final List<String> TEXTS = List.of("", "NaN", "-1", "x".repeat(100_000), "a=b=c", ",,,");
  static final List<String> PAIRS =
      List.of(
          "E=NaN",
          "E=1e308",
          "E=1e-320",
          "E=-1",
          "E=",
          "=1",
          "Z=0.1",
          "loss=",
          "x".repeat(10_000) + "=1");

  /**
   * Options about where output goes and how much is logged: other tests own them. {@code --points
   * FILE} is an output path too: a hostile value such as NaN would write a file of that name into
   * the working folder.
   */
  static final Set<String> SKIPPED =
      Set.of(
          "--out",
          "--points",
          "--format",
          "--help",
          "--version",
          "--stacktrace",
          "--verbose",
          "--quiet");

  static Map<String, List<String>> bases = new LinkedHashMap<>();

  @BeforeAll
  static void inputs() {
    String runs = dir.resolve("runs.csv").toString();
    String sweep = dir.resolve("sweep.csv").toString();
    String fit = dir.resolve("fit.json").toString();
    ok(
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
        runs);
    ok(
        "simulate",
        "sweep",
        "--batch-sizes",
        "8192,32768,131072",
        "--lr-points",
        "5",
        "--checkpoints",
        "3",
        "--out",
        sweep);
    ok(
        "fit",
        runs,
        "--law",
        "chinchilla",
        "--family",
        "a",
        "--starts",
        "1",
        "--bootstrap",
        "5",
        "--out",
        fit);
    bases.put("inspect", List.of("inspect", runs, "--format", "json"));
    bases.put(
        "fit",
        List.of(
            "fit",
            runs,
            "--law",
            "chinchilla",
            "--family",
            "a",
            "--starts",
            "1",
            "--threads",
            "1",
            "--format",
            "json"));
    bases.put(
        "predict",
        List.of("predict", fit, "--params", "1e9", "--tokens", "2e10", "--format", "json"));
    bases.put("optimal", List.of("optimal", fit, "--compute", "1e21", "--format", "json"));
    bases.put("isoflop", List.of("isoflop", runs, "--family", "a", "--format", "json"));
    bases.put(
        "evaluate",
        List.of(
            "evaluate",
            runs,
            "--law",
            "chinchilla",
            "--starts",
            "1",
            "--train-models",
            "2",
            "--train-fraction",
            "1",
            "--drop-early-tokens",
            "0",
            "--threads",
            "1",
            "--format",
            "json"));
    bases.put("hparams", List.of("hparams", sweep, "--bootstrap", "0", "--format", "json"));
    bases.put(
        "critical-batch",
        List.of("critical-batch", sweep, "--bootstrap", "0", "--targets", "2", "--format", "json"));
    bases.put("check", List.of("check", fit, fit, "--threads", "1", "--format", "json"));
    bases.put("simulate", List.of("simulate", "--sizes", "1e7,1e8", "--checkpoints", "3"));
    bases.put(
        "simulate sweep",
        List.of(
            "simulate",
            "sweep",
            "--batch-sizes",
            "8192,65536",
            "--lr-points",
            "3",
            "--checkpoints",
            "2"));
  }

  private static void ok(String... args) {
    CliRunner r = CliRunner.run(args);
    assertEquals(0, r.exitCode(), r.toString());
  }

  /**
   * One hostile value per option, rotating through the lists so that every value meets many
   * options; {@code scripts/harness dev.lawfit.cli.HostileOptionsTest} runs every value on every
   * option (about 1,750 invocations, 3 minutes).
   */
  @TestFactory
  Stream<DynamicTest> everyOptionOfEveryCommandSurvivesHostileValues() {
    List<DynamicTest> tests = new ArrayList<>();
    cases(1)
        .forEach(
            (label, args) -> tests.add(DynamicTest.dynamicTest(label, () -> endsAsPromised(args))));
    assertTrue(
        tests.size() > 150, "found only " + tests.size() + " cases: is the picocli model read?");
    return tests.stream();
  }

  /** Every option's case, {@code perOption} values each (all with a large number), by label. */
  static Map<String, List<String>> cases(int perOption) {
    CommandLine root =
        Cli.create(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    Map<String, List<String>> cases = new LinkedHashMap<>();
    int rotation = 0;
    for (Map.Entry<String, List<String>> base : bases.entrySet()) {
      CommandLine cmd = root;
      for (String word : base.getKey().split(" ")) {
        cmd = cmd.getSubcommands().get(word);
      }
      for (OptionSpec option : cmd.getCommandSpec().options()) {
        String name = option.longestName();
        if (SKIPPED.contains(name) || option.arity().max() == 0) {
          continue;
        }
        List<String> values = hostile(option);
        for (int k = 0; k < Math.min(perOption, values.size()); k++) {
          String value = values.get((rotation++) % values.size());
          if (perOption < values.size() && name.equals("--starts") && value.equals("2147483647")) {
            value = "-1"; // every grid point: legitimate, and 15 s; the full run keeps it
          }
          List<String> args = without(base.getValue(), option);
          args.add(name);
          args.add(value);
          if (option.arity().min() == 2) {
            args.add(value); // --fix-from FILE NAMES: both hostile
          }
          cases.put(
              base.getKey()
                  + " "
                  + name
                  + " "
                  + (value.length() > 20 ? value.substring(0, 20) + "..." : value),
              args);
        }
      }
    }
    return cases;
  }

  /**
   * Every hostile value on every option, with timings: {@code scripts/harness
   * dev.lawfit.cli.HostileOptionsTest}.
   */
  public static void main(String[] args) throws Exception {
    dir = java.nio.file.Files.createTempDirectory("lawfit-hostile");
    inputs();
    int failed = 0;
    int n = 0;
    for (Map.Entry<String, List<String>> c : cases(Integer.MAX_VALUE).entrySet()) {
      long t = System.nanoTime();
      String failure = null;
      try {
        endsAsPromised(c.getValue());
      } catch (Throwable e) {
        failure = e.getMessage();
        failed++;
      }
      n++;
      System.out.printf(
          java.util.Locale.ROOT,
          "%6d ms  %s%s%n",
          (System.nanoTime() - t) / 1_000_000,
          c.getKey(),
          failure == null ? "" : "\n   FAIL: " + failure.replace("\n", "\n   "));
    }
    System.out.println(n + " invocations, " + failed + " not as promised");
  }

  static List<String> hostile(OptionSpec option) {
    Class<?> type =
        option.typeInfo().isMultiValue()
            ? option
                .typeInfo()
                .getAuxiliaryTypeInfos()
                .get(option.typeInfo().isMap() ? 1 : 0)
                .getType()
            : option.type();
    if (option.typeInfo().isMap()) {
      return PAIRS;
    }
    boolean number =
        Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class);
    return number ? NUMBERS : TEXTS;
  }

  /**
   * The base invocation without the option (and its values), so that the hostile one is the only
   * one.
   */
  static List<String> without(List<String> base, OptionSpec option) {
    List<String> out = new ArrayList<>();
    Set<String> names = Set.of(option.names());
    for (int i = 0; i < base.size(); i++) {
      if (names.contains(base.get(i))) {
        i += Math.max(1, option.arity().min());
        continue;
      }
      out.add(base.get(i));
    }
    return out;
  }

  static void endsAsPromised(List<String> args) {
    CliRunner r = CliRunner.run(args.toArray(String[]::new));
    String shown =
        String.join(
            " ", args.stream().map(a -> a.length() > 40 ? a.substring(0, 40) + "..." : a).toList());
    String err = r.err().length() > 2000 ? r.err().substring(0, 2000) : r.err();
    assertTrue(
        Set.of(0, 2, 3).contains(r.exitCode()), shown + "\nexit " + r.exitCode() + "\n" + err);
    assertFalse(
        r.err().contains("internal error")
            || r.err().contains("\tat ")
            || r.err().contains("Exception")
            || r.err().contains("java."),
        shown + "\n" + err);
    if (r.exitCode() == 2) {
      assertTrue(r.out().isEmpty(), shown + ": a failed command printed a result");
      assertTrue(r.err().startsWith("lawfit: "), shown + "\n" + err);
    }
    if (r.exitCode() == 0 && args.contains("json")) {
      assertFalse(r.out().contains("NaN") || r.out().contains("Infinity"), shown + "\n" + r.out());
    }
  }
}
