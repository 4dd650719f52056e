package dev.lawfit.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.lawfit.data.Column;
import dev.lawfit.data.InputException;
import dev.lawfit.data.OnDuplicate;
import dev.lawfit.data.Selection;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.fit.Objective;
import dev.lawfit.law.Law;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Reads lawfit's own JSON documents back, checking that they are what the caller needs. */
public final class Documents {
  private Documents() {}

  /** A document: a single fit or grouped fits. */
  public sealed interface Read permits Single, Grouped {}

  public record Single(FitDocument fit) implements Read {}

  public record Grouped(FitsDocument fits) implements Read {}

  /**
   * Reads a {@code lawfit.fit/1} or {@code lawfit.fits/1} document.
   *
   * @throws InputException for a missing or malformed file, another schema, or a newer version
   */
  public static Read readFits(Path path) throws InputException {
    String name = path.toString();
    if (dev.lawfit.data.Format.fromFileName(name)
        .filter(f -> f != dev.lawfit.data.Format.JSON)
        .isPresent()) {
      throw new InputException(
          name,
          0,
          0,
          "looks like a run log, not a fit document: make one with lawfit fit "
              + name
              + " --out fit.json");
    }
    JsonNode root = tree(path);
    String schema = root.path("schema").asText("");
    try {
      return switch (schema) {
        case FitDocument.SCHEMA ->
            new Single(check(Json.mapper().treeToValue(root, FitDocument.class), name));
        case FitsDocument.SCHEMA ->
            new Grouped(check(Json.mapper().treeToValue(root, FitsDocument.class), name));
        default -> throw new InputException(name, 0, 0, schemaProblem(schema));
      };
    } catch (JsonProcessingException e) {
      throw new InputException(name, 0, 0, mappingProblem(e));
    }
  }

  /**
   * A field of the wrong type or range, named by its path in the document, without Jackson's or
   * Java's words.
   */
  private static String mappingProblem(JsonProcessingException e) {
    StringBuilder path = new StringBuilder();
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      for (JsonMappingException.Reference r : m.getPath()) {
        path.append(
            r.getFieldName() != null
                ? (path.length() == 0 ? "" : ".") + r.getFieldName()
                : "[" + r.getIndex() + "]");
      }
    } else if (e.getProcessor() instanceof JsonParser p) {
      java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
      for (JsonStreamContext c = p.getParsingContext();
          c != null && !c.inRoot();
          c = c.getParent()) {
        parts.addFirst(
            c.inArray() ? "[" + Math.max(0, c.getCurrentIndex()) + "]" : "." + c.getCurrentName());
      }
      parts.forEach(path::append);
      if (path.length() > 0 && path.charAt(0) == '.') {
        path.deleteCharAt(0);
      }
    }
    String field = path.length() == 0 ? "a field" : path.toString();
    if (e instanceof ValueInstantiationException) {
      return field + ": null or missing where a value is needed";
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return field + ": expected " + describe(m.getTargetType());
    }
    return field + ": the wrong type of value, or a number out of range";
  }

  private static String describe(Class<?> type) {
    if (type == Double.class
        || type == double.class
        || type == Float.class
        || type == float.class) {
      return "a number";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a text";
    }
    return java.util.Collection.class.isAssignableFrom(type) || type.isArray()
        ? "an array"
        : "an object";
  }

  /**
   * Reads another lawfit document ({@code lawfit.evaluate/1}, {@code lawfit.critical-batch/1}, ...)
   * of exactly {@code schema}.
   *
   * @throws InputException for a missing or malformed file or another schema
   */
  public static <T> T read(Path path, String schema, Class<T> type) throws InputException {
    String name = path.toString();
    JsonNode root = tree(path);
    String found = root.path("schema").asText("");
    if (!found.equals(schema)) {
      throw new InputException(
          name,
          0,
          0,
          found.isEmpty()
              ? "not a lawfit document (no \"schema\" field); expected " + schema
              : "a " + found + " document, not " + schema);
    }
    try {
      return Json.mapper().treeToValue(root, type);
    } catch (JsonProcessingException e) {
      throw new InputException(
          name, 0, 0, "not a valid " + schema + " document: " + mappingProblem(e));
    }
  }

  /**
   * Reads an evaluation, {@code lawfit.evaluate/2} or the version before it (whose cells held bare
   * parameter values: read as parameters without errors or intervals).
   *
   * @throws InputException for a missing or malformed file or another schema
   */
  public static EvaluateDocument readEvaluation(Path path) throws InputException {
    JsonNode root = tree(path);
    if (!root.path("schema").asText("").equals(EvaluateDocument.SCHEMA_1)) {
      return read(path, EvaluateDocument.SCHEMA, EvaluateDocument.class);
    }
    for (JsonNode group : root.path("groups")) {
      for (String cells : List.of("grid", "rollout")) {
        for (JsonNode cell : group.path(cells)) {
          if (cell.path("parameters")
              instanceof com.fasterxml.jackson.databind.node.ObjectNode parameters) {
            for (var p : parameters.properties()) {
              if (p.getValue().isNumber()) {
                p.setValue(Json.mapper().createObjectNode().set("value", p.getValue()));
              }
            }
          }
        }
      }
    }
    try {
      return Json.mapper().treeToValue(root, EvaluateDocument.class);
    } catch (JsonProcessingException e) {
      throw new InputException(
          path.toString(),
          0,
          0,
          "not a valid " + EvaluateDocument.SCHEMA_1 + " document: " + mappingProblem(e));
    }
  }

  /**
   * Reads a critical-batch document, {@code lawfit.critical-batch/2} or the version before it
   * (whose targets named their group by its bare value, now its key object from the mode's group
   * column, and whose E_min and B_crit had no {@code stderr}: read as {@code null}).
   *
   * @throws InputException for a missing or malformed file or another schema
   */
  public static CriticalBatchReport readCriticalBatch(Path path) throws InputException {
    JsonNode root = tree(path);
    if (!root.path("schema").asText("").equals(CriticalBatchReport.SCHEMA_1)) {
      return read(path, CriticalBatchReport.SCHEMA, CriticalBatchReport.class);
    }
    String mode = root.path("mode").asText("");
    String column =
        mode.equals("sweep")
            ? "params"
            : mode.equals("steps") && root.path("settings").path("group_column").isTextual()
                ? root.path("settings").path("group_column").asText()
                : null;
    for (JsonNode target : root.path("targets")) {
      if (target instanceof com.fasterxml.jackson.databind.node.ObjectNode t
          && t.path("group").isTextual()) {
        Map<String, String> key = CriticalBatchReport.key(column, t.get("group").asText());
        t.set("group", Json.mapper().valueToTree(key));
      }
    }
    try {
      return Json.mapper().treeToValue(root, CriticalBatchReport.class);
    } catch (JsonProcessingException e) {
      throw new InputException(
          path.toString(),
          0,
          0,
          "not a valid " + CriticalBatchReport.SCHEMA_1 + " document: " + mappingProblem(e));
    }
  }

  /** Reads a single fit; a grouped document is an error naming its groups. */
  public static FitDocument readFit(Path path) throws InputException {
    Read read = readFits(path);
    if (read instanceof Single s) {
      return s.fit();
    }
    FitsDocument g = ((Grouped) read).fits();
    throw new InputException(
        path.toString(),
        0,
        0,
        "holds "
            + g.groups().size()
            + " grouped fits (lawfit.fits/1); fit one group with --family or write one document per group");
  }

  /**
   * Every field that predict, optimal, check and --fix-from read, checked here once: a damaged or
   * hand-edited document is the user's input to fix (exit 2, the message names the field), never an
   * internal error and never a value that makes a computation or an output non-finite.
   */
  private static FitDocument check(FitDocument doc, String name) throws InputException {
    if (doc.law() == null || doc.parameters() == null || doc.parameters().isEmpty()) {
      throw new InputException(name, 0, 0, "a lawfit.fit/1 document without a law or parameters");
    }
    Law law;
    try {
      law = Law.byName(doc.law());
    } catch (IllegalArgumentException e) {
      throw bad(name, "law", e.getMessage());
    }
    for (String p : law.parameterNames()) {
      FitDocument.Parameter v = doc.parameters().get(p);
      String at = "parameters." + p;
      if (v == null) {
        throw bad(
            name,
            at,
            "missing: a " + law.name() + " fit has " + String.join(", ", law.parameterNames()));
      }
      if (v.value() == null
          || !Double.isFinite(v.value())
          || !law.admissible(law.indexOf(p), v.value())) {
        throw bad(name, at + ".value", "no usable value (" + v.value() + ")");
      }
      finiteOrNull(name, at + ".stderr", v.stderr());
      if (v.ci95() != null) {
        interval(name, at + ".ci95", v.ci95());
      }
    }
    bootstrap(name, law, doc.bootstrap());
    if (doc.settings() != null) {
      settings(name, law, doc.settings());
    }
    if (doc.input() != null) {
      input(name, doc.input());
    }
    if (doc.warnings() != null && doc.warnings().contains(null)) {
      throw bad(name, "warnings", "holds null");
    }
    // What predict, optimal and --fix-from will do with it; the checks above make this succeed.
    try {
      FitReport.result(doc);
    } catch (IllegalArgumentException e) {
      throw new InputException(name, 0, 0, "not a usable fit document: " + e.getMessage());
    }
    return doc;
  }

  private static void bootstrap(String name, Law law, FitDocument.Bootstrap b)
      throws InputException {
    if (b == null || b.samples() == null) {
      return;
    }
    List<String> order = b.parameters() == null ? law.parameterNames() : b.parameters();
    for (String p : law.parameterNames()) {
      if (!order.contains(p)) {
        throw bad(name, "bootstrap.parameters", "lacks " + p);
      }
    }
    range(name, "bootstrap.resamples", b.resamples(), 0, FitOptions.MAX_BOOTSTRAP);
    range(name, "bootstrap.failed", b.failed(), 0, FitOptions.MAX_BOOTSTRAP);
    if (b.samples().size() > FitOptions.MAX_BOOTSTRAP) {
      throw bad(
          name,
          "bootstrap.samples",
          "holds " + b.samples().size() + " rows, above the limit of " + FitOptions.MAX_BOOTSTRAP);
    }
    for (int i = 0; i < b.samples().size(); i++) {
      List<Double> row = b.samples().get(i);
      String at = "bootstrap.samples[" + i + "]";
      if (row == null || row.size() != order.size()) {
        throw bad(
            name, at, "must hold " + order.size() + " numbers (" + String.join(", ", order) + ")");
      }
      for (int j = 0; j < row.size(); j++) {
        if (row.get(j) == null || !Double.isFinite(row.get(j))) {
          throw bad(name, at + "[" + j + "]", "not a finite number (" + row.get(j) + ")");
        }
      }
    }
  }

  private static void settings(String name, Law law, FitDocument.Settings s) throws InputException {
    try {
      Law.byName(s.law() == null ? "" : s.law());
    } catch (IllegalArgumentException e) {
      throw bad(name, "settings.law", e.getMessage());
    }
    if (!law.name().equals(Law.byName(s.law()).name())) {
      throw bad(name, "settings.law", s.law() + " is not the document's law " + law.name());
    }
    if (s.delta() != null && !(s.delta() > 0 && Double.isFinite(s.delta()))) {
      throw bad(name, "settings.delta", "must be a positive number, got " + s.delta());
    }
    try {
      Objective.of(s.loss() == null ? "" : s.loss(), s.delta());
    } catch (IllegalArgumentException e) {
      throw bad(name, "settings.loss", e.getMessage());
    }
    if (s.starts() != null && !List.of("best-of-grid", "full-grid").contains(s.starts())) {
      throw bad(name, "settings.starts", "must be best-of-grid or full-grid, got " + s.starts());
    }
    if (s.startsK() != null) {
      range(name, "settings.starts_k", s.startsK(), 1, Integer.MAX_VALUE);
    }
    range(name, "settings.bootstrap", s.bootstrap(), 0, FitOptions.MAX_BOOTSTRAP);
    if (s.cluster() != null && !List.of("point", "run").contains(s.cluster())) {
      throw bad(name, "settings.cluster", "must be point or run, got " + s.cluster());
    }
    if (s.fixed() != null) {
      for (Map.Entry<String, Double> f : s.fixed().entrySet()) {
        int j = law.indexOf(f.getKey());
        if (j < 0
            || f.getValue() == null
            || !Double.isFinite(f.getValue())
            || !law.admissible(j, f.getValue())) {
          throw bad(
              name,
              "settings.fixed." + f.getKey(),
              j < 0
                  ? "the law " + law.name() + " has no such parameter"
                  : "not a usable value (" + f.getValue() + ")");
        }
      }
    }
  }

  private static void input(String name, FitDocument.InputRecord in) throws InputException {
    FitDocument.Load load = in.load();
    if (load != null) {
      if (load.columns() == null || load.runKey() == null) {
        throw bad(name, "input.load", "lacks columns or run_key");
      }
      for (Map.Entry<String, String> c : load.columns().entrySet()) {
        if (Column.byCanonical(c.getKey()).isEmpty()
            || c.getValue() == null
            || c.getValue().isEmpty()) {
          throw bad(
              name,
              "input.load.columns." + c.getKey(),
              "not a canonical column mapped to a column name");
        }
      }
      if (load.runKey().stream().anyMatch(k -> k == null || k.isEmpty())) {
        throw bad(name, "input.load.run_key", "holds an empty column name");
      }
      if (load.onDuplicate() == null
          || Arrays.stream(OnDuplicate.values())
              .noneMatch(d -> d.name().equalsIgnoreCase(load.onDuplicate()))) {
        throw bad(
            name,
            "input.load.on_duplicate",
            "must be error, first, last or mean, got " + load.onDuplicate());
      }
    }
    Selection s = in.selection();
    if (s != null) {
      if (s.dropEarlyTokens() != null
          && !(s.dropEarlyTokens() >= 0 && Double.isFinite(s.dropEarlyTokens()))) {
        throw bad(
            name,
            "input.selection.drop_early_tokens",
            "must be a token count >= 0, got " + s.dropEarlyTokens());
      }
      if (s.dropEarlyFraction() != null
          && !(s.dropEarlyFraction() >= 0 && s.dropEarlyFraction() < 1)) {
        throw bad(
            name,
            "input.selection.drop_early_fraction",
            "must be in [0, 1), got " + s.dropEarlyFraction());
      }
      finiteOrNull(name, "input.selection.min_params", s.minParams());
      finiteOrNull(name, "input.selection.max_params", s.maxParams());
      if (s.minParams() != null && s.maxParams() != null && s.minParams() > s.maxParams()) {
        throw bad(
            name,
            "input.selection.min_params",
            s.minParams() + " is above max_params " + s.maxParams());
      }
      // Its lists cannot hold null (the record copies them); a where entry can.
      if (s.where().containsValue(null)) {
        throw bad(name, "input.selection.where", "holds a null value");
      }
    }
  }

  private static void range(String name, String field, long value, long min, long max)
      throws InputException {
    if (value < min || value > max) {
      throw bad(name, field, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  private static void finiteOrNull(String name, String field, Double value) throws InputException {
    if (value != null && !Double.isFinite(value)) {
      throw bad(name, field, "not a finite number (" + value + ")");
    }
  }

  private static void interval(String name, String field, List<Double> ci) throws InputException {
    if (ci.size() != 2
        || ci.get(0) == null
        || ci.get(1) == null
        || !Double.isFinite(ci.get(0))
        || !Double.isFinite(ci.get(1))) {
      throw bad(name, field, "must be null or two finite numbers");
    }
  }

  private static InputException bad(String name, String field, String problem) {
    return new InputException(name, 0, 0, field + ": " + problem);
  }

  private static FitsDocument check(FitsDocument doc, String name) throws InputException {
    if (doc.groupBy() == null || doc.groups() == null) {
      throw new InputException(name, 0, 0, "a lawfit.fits/1 document without group_by or groups");
    }
    // One group whose fit ran off (A at 0) must not make the whole batch unreadable: it becomes a
    // group
    // without a fit that says why, as a failed fit does, and the other groups stay usable.
    List<FitsDocument.Group> groups = new java.util.ArrayList<>();
    for (FitsDocument.Group g : doc.groups()) {
      if (g == null
          || g.key() == null
          || g.key().get(doc.groupBy()) == null
          || (g.fit() == null && g.error() == null)) {
        throw new InputException(
            name,
            0,
            0,
            "a group without a " + doc.groupBy() + " key, or with neither a fit nor an error");
      }
      if (g.fit() == null) {
        groups.add(g);
        continue;
      }
      try {
        check(g.fit(), null);
        groups.add(g);
      } catch (InputException e) {
        groups.add(
            new FitsDocument.Group(
                g.key(), null, new FitsDocument.Failure(UNUSABLE, e.getMessage())));
      }
    }
    return new FitsDocument(doc.schema(), doc.lawfitVersion(), doc.groupBy(), List.copyOf(groups));
  }

  /**
   * The failure reason of a group whose recorded fit cannot be used (a parameter at 0, a broken
   * field).
   */
  public static final String UNUSABLE = "unusable";

  private static String schemaProblem(String schema) {
    if (schema.isEmpty()) {
      return "not a lawfit fit document (no \"schema\" field)";
    }
    String understood =
        " (this lawfit reads " + FitDocument.SCHEMA + " and " + FitsDocument.SCHEMA + ")";
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("lawfit\\.fits?/(\\d{1,9})").matcher(schema);
    if (m.matches() && Integer.parseInt(m.group(1)) > 1) {
      return "schema "
          + schema
          + " is newer than this lawfit understands"
          + understood
          + ": upgrade lawfit";
    }
    if (schema.startsWith("lawfit.fit")) {
      return "schema " + schema + " is not a version of the fit document" + understood;
    }
    return "a "
        + schema
        + " document, not a fit ("
        + FitDocument.SCHEMA
        + " or "
        + FitsDocument.SCHEMA
        + ")";
  }

  private static JsonNode tree(Path path) throws InputException {
    String name = path.toString();
    try {
      if (Files.isDirectory(path)) {
        throw new InputException(name, 0, 0, "is a directory, not a fit document");
      }
      JsonNode root = Json.mapper().readTree(Files.newBufferedReader(path));
      if (root == null || !root.isObject()) {
        throw new InputException(name, 0, 0, "not a lawfit document (expected a JSON object)");
      }
      return root;
    } catch (NoSuchFileException e) {
      throw new InputException(name, 0, 0, "no such file");
    } catch (JsonProcessingException e) {
      throw dev.lawfit.data.JsonErrors.describe(name, e, "malformed JSON: ");
    } catch (IOException e) {
      throw new InputException(name, 0, 0, "cannot read: " + e.getMessage());
    }
  }
}
