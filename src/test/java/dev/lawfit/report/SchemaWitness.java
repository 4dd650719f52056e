package dev.lawfit.report;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Validates every document lawfit writes during the test suite against its JSON Schema: registered
 * for every test class (META-INF/services, autodetection on in junit-platform.properties), it sees
 * each document through {@link Json#witness} and fails the test (or, for documents written in
 * {@code @BeforeAll}, the class) that made a document its schema rejects, or one whose kind has no
 * schema. What is not a document (JSON without a {@code schema} field: {@code JsonGuardTest}'s
 * values, analysis results a test prints) is left alone; that every command's output names its kind
 * is {@code DocumentSchemasTest}'s to check. Documents written by a child JVM are not seen; {@code
 * DocumentSchemasTest} writes every kind in process.
 */
public final class SchemaWitness implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private static final List<String> WRITTEN = new ArrayList<>();
  private static int validated;

  static {
    Json.witness(
        text -> {
          synchronized (WRITTEN) {
            WRITTEN.add(text);
          }
        });
  }

  /** How many documents the suite has validated so far (a check that the witness is installed). */
  public static synchronized int validated() {
    return validated;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    drain(); // the class initialiser above has run: documents from here on are seen
  }

  @Override
  public void afterEach(ExtensionContext context) {
    check();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    check();
  }

  private static void check() {
    List<String> problems = new ArrayList<>();
    List<String> written = drain();
    synchronized (SchemaWitness.class) {
      validated += written.size();
    }
    for (String text : written) {
      if (!DocumentSchemas.isDocument(text)) {
        continue;
      }
      List<String> p = DocumentSchemas.problems(text);
      if (!p.isEmpty()) {
        problems.add(
            String.join("\n  ", p)
                + "\n  in: "
                + (text.length() > 2000 ? text.substring(0, 2000) + "..." : text));
      }
    }
    if (!problems.isEmpty()) {
      throw new AssertionError(
          "documents that break their JSON Schema:\n" + String.join("\n", problems));
    }
  }

  private static List<String> drain() {
    List<String> out;
    synchronized (WRITTEN) {
      out = new ArrayList<>(WRITTEN);
      WRITTEN.clear();
    }
    return out;
  }
}
