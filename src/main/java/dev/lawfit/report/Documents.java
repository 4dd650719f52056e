package dev.lawfit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lawfit.data.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

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
    JsonNode root = tree(path);
    String schema = root.path("schema").asText("");
    try {
      return switch (schema) {
        case FitDocument.SCHEMA -> new Single(check(Json.mapper().treeToValue(root, FitDocument.class), name));
        case FitsDocument.SCHEMA -> new Grouped(check(Json.mapper().treeToValue(root, FitsDocument.class), name));
        default -> throw new InputException(name, 0, 0, schemaProblem(schema));
      };
    } catch (JsonProcessingException e) {
      throw dev.lawfit.data.JsonErrors.describe(name, e, "not a valid lawfit fit document: ");
    }
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
      throw new InputException(name, 0, 0, found.isEmpty() ? "not a lawfit document (no \"schema\" field); expected "
          + schema : "a " + found + " document, not " + schema);
    }
    try {
      return Json.mapper().treeToValue(root, type);
    } catch (JsonProcessingException e) {
      throw dev.lawfit.data.JsonErrors.describe(name, e, "not a valid " + schema + " document: ");
    }
  }

  /** Reads a single fit; a grouped document is an error naming its groups. */
  public static FitDocument readFit(Path path) throws InputException {
    Read read = readFits(path);
    if (read instanceof Single s) {
      return s.fit();
    }
    FitsDocument g = ((Grouped) read).fits();
    throw new InputException(path.toString(), 0, 0, "holds " + g.groups().size()
        + " grouped fits (lawfit.fits/1); fit one group with --family or write one document per group");
  }

  private static FitDocument check(FitDocument doc, String name) throws InputException {
    if (doc.law() == null || doc.parameters() == null || doc.parameters().isEmpty()) {
      throw new InputException(name, 0, 0, "a lawfit.fit/1 document without a law or parameters");
    }
    // What predict, optimal and --fix-from will do with it: a damaged document is the user's input
    // to fix (exit 2), not an internal error.
    try {
      FitReport.result(doc);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InputException(name, 0, 0, "not a usable fit document: " + e.getMessage());
    }
    return doc;
  }

  private static FitsDocument check(FitsDocument doc, String name) throws InputException {
    if (doc.groupBy() == null || doc.groups() == null) {
      throw new InputException(name, 0, 0, "a lawfit.fits/1 document without group_by or groups");
    }
    for (FitsDocument.Group g : doc.groups()) {
      if (g == null || g.key() == null || g.key().get(doc.groupBy()) == null || (g.fit() == null && g.error() == null)) {
        throw new InputException(name, 0, 0, "a group without a " + doc.groupBy() + " key, or with neither a fit nor an error");
      }
      if (g.fit() != null) {
        check(g.fit(), name + " (group " + g.key().get(doc.groupBy()) + ")");
      }
    }
    return doc;
  }

  private static String schemaProblem(String schema) {
    if (schema.isEmpty()) {
      return "not a lawfit fit document (no \"schema\" field)";
    }
    if (schema.startsWith("lawfit.fit/") || schema.startsWith("lawfit.fits/")) {
      return "schema " + schema + " is newer than this lawfit understands (" + FitDocument.SCHEMA + ", "
          + FitsDocument.SCHEMA + "): upgrade lawfit";
    }
    return "a " + schema + " document, not a fit (" + FitDocument.SCHEMA + " or " + FitsDocument.SCHEMA + ")";
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
