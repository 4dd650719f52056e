package dev.lawfit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lawfit.cli.CliRunner;
import dev.lawfit.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Seeded mutation fuzz of the fit-document reader as predict, optimal, check and --fix-from use it:
 * valid {@code lawfit.fit/1} and {@code lawfit.fits/1} documents, one to three mutations each (a
 * value replaced by null, a wrong type, "NaN", a huge or subnormal number; a field removed or
 * added; the schema changed; deep nesting; the text truncated or a byte changed), read by a command
 * chosen at random. Every outcome must be what the README promises: exit 0, 2 or 3, or 1 from a
 * check that printed its FAIL verdict; one line on stderr without a stack trace or Java's words;
 * JSON without NaN or Infinity.
 *
 * <p>{@code scripts/harness DocumentFuzz [documents] [seed]} (default 100000 1) prints the counts
 * per command and exit status and the first failures; the unit test runs a small seeded set.
 */
public final class DocumentFuzz {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String DEEP = "@@deep@@";

  private final Path dir;
  private final Path runs;
  private final List<JsonNode> originals = new ArrayList<>();
  private final List<Path> originalFiles = new ArrayList<>();

  /** "command exit" -> count. */
  public final Map<String, Integer> counts = new TreeMap<>();

  /** The first 50 failures, described; {@link #failed} counts them all. */
  public final List<String> failures = new ArrayList<>();

  public int failed;

  public DocumentFuzz(Path dir) throws IOException {
    this.dir = dir;
    runs = dir.resolve("runs.csv");
    made(
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
        runs.toString());
    Path single = dir.resolve("fit.json");
    Path boot = dir.resolve("boot.json");
    Path grouped = dir.resolve("fits.json");
    made(
        "fit",
        runs.toString(),
        "--law",
        "chinchilla",
        "--family",
        "a",
        "--starts",
        "1",
        "--out",
        single.toString());
    made(
        "fit",
        runs.toString(),
        "--law",
        "chinchilla",
        "--family",
        "a",
        "--starts",
        "1",
        "--bootstrap",
        "4",
        "--out",
        boot.toString());
    made(
        "fit",
        runs.toString(),
        "--law",
        "chinchilla",
        "--group-by",
        "family",
        "--starts",
        "1",
        "--out",
        grouped.toString());
    for (Path p : List.of(single, boot, grouped)) {
      originals.add(Json.mapper().readTree(p.toFile()));
      originalFiles.add(p);
    }
  }

  private static void made(String... args) {
    CliRunner r = CliRunner.run(args);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("cannot make the fuzz's inputs: " + r);
    }
  }

  /** Runs {@code n} mutated documents from {@code seed}; failures are collected, not thrown. */
  public void run(int n, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    Path doc = dir.resolve("mutated.json");
    for (int i = 0; i < n; i++) {
      int which = random.nextInt(originals.size());
      String text = mutate(originals.get(which), random);
      Files.writeString(doc, text, StandardCharsets.UTF_8);
      List<String> args = command(random, doc, originalFiles.get(which), which == 2);
      CliRunner r = CliRunner.run(args.toArray(String[]::new));
      counts.merge(
          args.get(0)
              + (args.contains("--fix-from") ? " --fix-from" : "")
              + " exit "
              + r.exitCode(),
          1,
          Integer::sum);
      String problem = problem(args, r, text);
      if (problem != null) {
        failed++;
      }
      if (problem != null && failures.size() < 50) {
        String described =
            "document "
                + i
                + " (seed "
                + seed
                + "): "
                + problem
                + "\n  "
                + String.join(" ", args)
                + "\n  "
                + (text.length() > 3000 ? text.substring(0, 3000) + "..." : text)
                    .replace("\n", "\n  ")
                + "\n  "
                + r.err();
        failures.add(described);
        // Said at once as well: a long run stopped early still shows what it found.
        System.err.println("FAILURE " + described);
      }
    }
  }

  private List<String> command(SplittableRandom random, Path doc, Path original, boolean grouped) {
    String d = doc.toString();
    int pick = random.nextInt(16);
    // A fit per document (--fix-from, check re-fitting logs) costs ten times a read: 1 in 8 each.
    List<String> args =
        new ArrayList<>(
            switch (pick < 12 ? pick % 4 : pick < 14 ? 4 : 5) {
              case 5 ->
                  List.of(
                      "check",
                      d,
                      runs.toString(),
                      "--threads",
                      "1",
                      "--format",
                      "json"); // re-fit with its settings
              case 0 ->
                  List.of("predict", d, "--params", "1e9", "--tokens", "2e10", "--format", "json");
              case 1 -> List.of("optimal", d, "--compute", "1e21", "--format", "json");
              case 2 -> List.of("check", d, original.toString(), "--format", "json");
              case 3 ->
                  List.of(
                      "check",
                      original.toString(),
                      d,
                      "--at",
                      "params=1e9,tokens=2e10",
                      "--format",
                      "json");
              default ->
                  List.of(
                      "fit",
                      runs.toString(),
                      "--law",
                      "chinchilla",
                      "--family",
                      "b",
                      "--starts",
                      "1",
                      "--threads",
                      "1",
                      "--fix-from",
                      d,
                      "alpha,beta",
                      "--format",
                      "json");
            });
    if (grouped && (args.get(0).equals("predict") || args.get(0).equals("optimal"))) {
      args.addAll(List.of("--group", random.nextBoolean() ? "a" : "b"));
    }
    return args;
  }

  /**
   * What is wrong with the outcome, or null when it is as promised. {@code input} is the mutated
   * document: a text value "NaN" or "Infinity" it holds (a group named so) may be echoed back.
   */
  static String problem(List<String> args, CliRunner r, String input) {
    boolean check = args.get(0).equals("check");
    int status = r.exitCode();
    if (!(status == 0
        || status == 2
        || status == 3
        || (check && status == 1 && r.out().contains("\"passed\" : false")))) {
      return "exit " + status;
    }
    String err = r.err();
    if (err.contains("internal error")
        || err.contains("\tat ")
        || err.contains("Exception")
        || err.contains("java.")
        || err.contains("jackson")
        || err.contains("Cannot invoke")) {
      return "stderr shows internals";
    }
    if (status == 2
        && (!r.out().isEmpty()
            || !err.startsWith("lawfit: ")
            || err.strip().lines().count() != 1)) {
      return "bad input must be one line on stderr and nothing on stdout";
    }
    if ((status == 0 || status == 1)
        && (nonFinite(r.out(), input, "NaN") || nonFinite(r.out(), input, "Infinity"))) {
      return "a non-finite number in the output";
    }
    return null;
  }

  private static boolean nonFinite(String out, String input, String word) {
    return out.contains(word) && !input.contains("\"" + word + "\"");
  }

  /** One to three mutations of the tree, then sometimes of the text. */
  static String mutate(JsonNode original, SplittableRandom random) {
    JsonNode doc = original.deepCopy();
    int k = 1 + random.nextInt(3);
    for (int m = 0; m < k; m++) {
      List<JsonNode[]> slots = new ArrayList<>(); // {parent, key or index as text}
      collect(doc, slots);
      JsonNode[] slot = slots.get(random.nextInt(slots.size()));
      ObjectNode parentObject = slot[0] instanceof ObjectNode o ? o : null;
      ArrayNode parentArray = slot[0] instanceof ArrayNode a ? a : null;
      String key = slot[1].asText();
      int choice = random.nextInt(10);
      if (choice == 0 && parentObject != null) {
        parentObject.remove(key);
      } else if (choice == 1 && parentObject != null) {
        parentObject.set("extra_" + random.nextInt(100), value(random));
      } else if (choice == 2 && doc instanceof ObjectNode o) {
        o.put(
            "schema",
            List.of(
                    "lawfit.fit/0",
                    "lawfit.fit/2",
                    "lawfit.fits/1",
                    "lawfit.fit/1",
                    "lawfit.fits/7",
                    "",
                    "lawfit.fit/99999999999",
                    "lawfit.check/1")
                .get(random.nextInt(8)));
      } else if (parentObject != null) {
        parentObject.set(key, value(random));
      } else if (parentArray != null) {
        parentArray.set(Integer.parseInt(key), value(random));
      }
    }
    String text =
        Json.mapper()
            .valueToTree(doc)
            .toPrettyString()
            .replace("\"" + DEEP + "\"", "[".repeat(1500) + "1" + "]".repeat(1500));
    return switch (random.nextInt(12)) {
      case 0 -> text.substring(0, random.nextInt(text.length())); // truncated
      case 1 -> {
        char[] c = text.toCharArray();
        c[random.nextInt(c.length)] = "\"{}[],:0-.eNx\u0000\u00e9 ".charAt(random.nextInt(16));
        yield new String(c);
      }
      case 2 ->
          text.replaceFirst(
              "(\"value\" : )[-0-9.eE]+",
              "$1"
                  + List.of("NaN", "Infinity", "-Infinity", "1e999", "0x10", "+1")
                      .get(random.nextInt(6))); // non-standard number tokens
      default -> text;
    };
  }

  /** Every (parent, key) slot of the tree, objects by field name and arrays by index. */
  private static void collect(JsonNode node, List<JsonNode[]> slots) {
    if (node instanceof ObjectNode o) {
      o.fieldNames()
          .forEachRemaining(
              name -> {
                slots.add(new JsonNode[] {o, NODES.textNode(name)});
                collect(o.get(name), slots);
              });
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        slots.add(new JsonNode[] {a, NODES.textNode(Integer.toString(i))});
        collect(a.get(i), slots);
      }
    }
  }

  private static JsonNode value(SplittableRandom random) {
    return switch (random.nextInt(22)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.textNode("NaN");
      case 2 -> NODES.textNode("Infinity");
      case 3 -> NODES.numberNode(1e308);
      case 4 -> NODES.numberNode(-1e308);
      case 5 -> NODES.numberNode(1e-320);
      case 6 -> NODES.numberNode(0);
      case 7 -> NODES.numberNode(-1);
      case 8 -> NODES.numberNode(2147483648L);
      case 9 -> NODES.numberNode(new java.math.BigInteger("1" + "0".repeat(40)));
      case 10 -> NODES.booleanNode(random.nextBoolean());
      case 11 -> NODES.arrayNode();
      case 12 -> NODES.objectNode();
      case 13 -> NODES.textNode("x".repeat(random.nextInt(10_000)));
      case 14 ->
          NODES.textNode(
              DEEP); // replaced in the text by arrays nested deeper than any reader allows
      case 15 ->
          NODES.textNode(
              List.of(
                      "error",
                      "first",
                      "zzz",
                      "full-grid",
                      "run",
                      "point",
                      "huber",
                      "squared",
                      "kaplan",
                      "power-tokens",
                      "E",
                      "alpha")
                  .get(random.nextInt(12)));
      case 16 -> NODES.numberNode(random.nextInt(7) - 1);
      case 17 -> NODES.numberNode(5.0);
      case 18 -> NODES.arrayNode().add(1.0).add(2.0);
      case 19 -> NODES.numberNode(0.5);
      case 20 -> NODES.numberNode(random.nextDouble() * 1000);
      default -> NODES.textNode("");
    };
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    Path dir = Files.createTempDirectory("lawfit-document-fuzz");
    DocumentFuzz fuzz = new DocumentFuzz(dir);
    long start = System.nanoTime();
    int chunk = 1000;
    for (int done = 0; done < n; done += chunk) {
      fuzz.run(Math.min(chunk, n - done), seed + done);
      System.err.printf(
          "%d documents, %d failures, %.0f s %s%n",
          done + Math.min(chunk, n - done),
          fuzz.failed,
          (System.nanoTime() - start) / 1e9,
          fuzz.counts);
    }
    fuzz.counts.forEach((k, v) -> System.out.println(v + "\t" + k));
    System.out.println(
        n
            + " mutated documents (seed "
            + seed
            + "), "
            + fuzz.failed
            + " not as promised (the first 50 below)");
    fuzz.failures.forEach(System.out::println);
  }
}
