package dev.lawfit.report;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON Schemas lawfit ships (src/main/resources/schemas), read from the class path as a user of
 * the jar would find them: {@code lawfit.KIND/V} is {@code schemas/lawfit.KIND-V.schema.json}.
 */
public final class DocumentSchemas {
  private DocumentSchemas() {}

  /**
   * The prefix of every schema's {@code $id}; relative {@code $ref}s between the files resolve
   * against it.
   */
  public static final String BASE = "https://lawfit.dev/schemas/";

  /** A document kind as its {@code schema} field names it. */
  public static final Pattern KIND = Pattern.compile("lawfit\\.([a-z][a-z-]*)/([0-9]+)");

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b -> b.schemaIdResolvers(r -> r.mapPrefix(BASE, "classpath:schemas/")));
  private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

  /**
   * The schema file's name of a kind, e.g. {@code lawfit.fit-1.schema.json} for {@code
   * lawfit.fit/1}.
   */
  public static String fileName(String kind) {
    Matcher m = KIND.matcher(kind);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a lawfit document kind: " + kind);
    }
    return "lawfit." + m.group(1) + "-" + m.group(2) + ".schema.json";
  }

  /**
   * Whether a text {@link Json#write} made is one of lawfit's documents: a JSON object with a
   * {@code schema} field.
   */
  public static boolean isDocument(String text) {
    try {
      return Json.mapper().readTree(text).has("schema");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return true; // then problems() says it is not JSON
    }
  }

  public static Schema schema(String kind) {
    return LOADED.computeIfAbsent(
        kind, k -> REGISTRY.getSchema(SchemaLocation.of(BASE + fileName(k))));
  }

  /**
   * What is wrong with a document's text: that it names no lawfit kind, that its kind has no
   * schema, or where it breaks its schema; empty when it is valid.
   */
  public static List<String> problems(String text) {
    String kind;
    try {
      kind = Json.mapper().readTree(text).path("schema").asText("");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return List.of("not JSON: " + e.getOriginalMessage());
    }
    if (!KIND.matcher(kind).matches()) {
      return List.of("no lawfit kind in its \"schema\" field (found \"" + kind + "\")");
    }
    if (DocumentSchemas.class.getResource("/schemas/" + fileName(kind)) == null) {
      return List.of(kind + " has no schema file schemas/" + fileName(kind));
    }
    List<Error> errors = schema(kind).validate(text, InputFormat.JSON);
    return errors.stream()
        .map(e -> kind + " " + e.getInstanceLocation() + ": " + e.getMessage())
        .toList();
  }
}
