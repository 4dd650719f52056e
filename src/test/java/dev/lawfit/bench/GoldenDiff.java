package dev.lawfit.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Compares two folders written by {@code scripts/golden}: JSON documents as trees (numbers within a
 * relative tolerance, everything else exactly), other files token by token (numbers within the
 * tolerance, the text between them exactly). Prints one line per file, and each difference beyond
 * the tolerance; exits 1 when there is one. Not a test:
 *
 * <pre>
 * scripts/harness GoldenDiff /work/baseline/golden /tmp/golden-NEW [relTol, default 1e-9]
 * </pre>
 */
public final class GoldenDiff {
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");

  private final double tolerance;
  private final List<String> problems = new ArrayList<>();
  private double maxRelative;
  private int numbers;
  private int differing;

  private GoldenDiff(double tolerance) {
    this.tolerance = tolerance;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: GoldenDiff DIR1 DIR2 [relTol]");
      System.exit(2);
    }
    Path a = Path.of(args[0]);
    Path b = Path.of(args[1]);
    double tol = args.length > 2 ? Double.parseDouble(args[2]) : 1e-9;
    var names = new TreeSet<String>();
    for (Path dir : List.of(a, b)) {
      try (Stream<Path> s = Files.list(dir)) {
        s.forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    boolean bad = false;
    var mapper = new ObjectMapper();
    for (String name : names) {
      Path fa = a.resolve(name);
      Path fb = b.resolve(name);
      if (!Files.exists(fa) || !Files.exists(fb)) {
        System.out.println(name + ": only in " + (Files.exists(fa) ? a : b));
        bad = true;
        continue;
      }
      var diff = new GoldenDiff(tol);
      String ta = Files.readString(fa);
      String tb = Files.readString(fb);
      if (ta.equals(tb)) {
        System.out.println(name + ": identical");
        continue;
      }
      JsonNode ja = json(mapper, ta);
      JsonNode jb = json(mapper, tb);
      if (ja != null && jb != null) {
        diff.tree("$", ja, jb);
      } else {
        diff.text(ta, tb);
      }
      System.out.printf(
          Locale.ROOT,
          "%s: %d of %d numbers differ, max relative difference %.3g%s%n",
          name,
          diff.differing,
          diff.numbers,
          diff.maxRelative,
          diff.problems.isEmpty() ? " (within " + tol + ")" : "");
      diff.problems.stream().limit(20).forEach(p -> System.out.println("  " + p));
      if (diff.problems.size() > 20) {
        System.out.println("  ... " + (diff.problems.size() - 20) + " more");
      }
      bad |= !diff.problems.isEmpty();
    }
    System.exit(bad ? 1 : 0);
  }

  private static JsonNode json(ObjectMapper mapper, String text) {
    String t = text.strip();
    if (!t.startsWith("{") && !t.startsWith("[")) {
      return null;
    }
    try {
      return mapper.readTree(text);
    } catch (IOException e) {
      return null;
    }
  }

  private void tree(String path, JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      number(path, a.doubleValue(), b.doubleValue());
    } else if (a.isObject() && b.isObject()) {
      var fields = new TreeSet<String>();
      a.fieldNames().forEachRemaining(fields::add);
      b.fieldNames().forEachRemaining(fields::add);
      if (!names(a).equals(names(b))) {
        problems.add(path + ": fields " + names(a) + " vs " + names(b));
      }
      for (String f : fields) {
        if (a.has(f) && b.has(f)) {
          tree(path + "." + f, a.get(f), b.get(f));
        }
      }
    } else if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        problems.add(path + ": " + a.size() + " vs " + b.size() + " elements");
      }
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        tree(path + "[" + i + "]", a.get(i), b.get(i));
      }
    } else if (!a.equals(b)) {
      problems.add(path + ": " + a + " vs " + b);
    }
  }

  private static List<String> names(JsonNode n) {
    var out = new ArrayList<String>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private void text(String a, String b) {
    Matcher ma = NUMBER.matcher(a);
    Matcher mb = NUMBER.matcher(b);
    int ea = 0;
    int eb = 0;
    while (true) {
      boolean fa = ma.find();
      boolean fb = mb.find();
      String between = a.substring(ea, fa ? ma.start() : a.length());
      String betweenB = b.substring(eb, fb ? mb.start() : b.length());
      // Column padding follows the width of the numbers: compare the words, not the spaces.
      if (!between
          .strip()
          .replaceAll("\\s+", " ")
          .equals(betweenB.strip().replaceAll("\\s+", " "))) {
        problems.add("text: '" + between.strip() + "' vs '" + betweenB.strip() + "'");
        return;
      }
      if (fa != fb) {
        problems.add("text: a number on one side only");
        return;
      }
      if (!fa) {
        return;
      }
      number("text@" + ma.start(), Double.parseDouble(ma.group()), Double.parseDouble(mb.group()));
      ea = ma.end();
      eb = mb.end();
    }
  }

  private void number(String path, double x, double y) {
    numbers++;
    if (Double.compare(x, y) == 0) {
      return;
    }
    differing++;
    double rel = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y));
    maxRelative = Math.max(maxRelative, rel);
    if (!(rel <= tolerance)) {
      problems.add(String.format(Locale.ROOT, "%s: %s vs %s (relative %.3g)", path, x, y, rel));
    }
  }
}
