package dev.lawfit.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.function.Consumer;

/**
 * The one JSON configuration of lawfit's documents: indented objects, arrays on one line, fields in
 * declaration order and maps in insertion order (callers build them deterministically), "\n" line
 * ends.
 *
 * <p>No document holds a non-finite number: Jackson would write NaN as the string "NaN", which the
 * contract forbids (what cannot be computed is null, with a warning). Every number goes through one
 * generator that refuses NaN and infinities, so a command that forgot to check fails loudly (an
 * internal error naming the field) instead of writing such a document.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .propertyNamingStrategy(
              com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
          .build();

  /** Sees every document {@link #write} makes; a no-op but in tests (see {@link #witness}). */
  private static volatile Consumer<String> witness = text -> {};

  private Json() {}

  /**
   * Installs {@code w} to see the text of every document written from now on ({@code null}: none).
   * The test suite installs one that validates each document against its JSON Schema
   * (src/main/resources/schemas).
   */
  public static void witness(Consumer<String> w) {
    witness = w == null ? text -> {} : w;
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * The document as text, ending with a newline; identical values give identical bytes.
   *
   * @throws NonFiniteNumberException when a field holds NaN or an infinity (a bug of the caller)
   */
  public static String write(Object document) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    StringWriter text = new StringWriter();
    try (JsonGenerator g = new FiniteOnly(MAPPER.getFactory().createGenerator(text))) {
      MAPPER.writer(printer).writeValue(g, document);
    } catch (IOException e) {
      // Jackson wraps what a generator throws while it serialises a value: the refusal is the news.
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof NonFiniteNumberException n) {
          throw n;
        }
      }
      throw new IllegalStateException("cannot write a lawfit document as JSON", e);
    }
    String written = text + "\n";
    witness.accept(written);
    return written;
  }

  /**
   * A non-finite number reached a document: the command should have rejected its input or written
   * null.
   */
  public static final class NonFiniteNumberException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    NonFiniteNumberException(String message) {
      super(message);
    }
  }

  /**
   * Passes everything through but NaN and infinities, which it refuses with the field's JSON path.
   */
  private static final class FiniteOnly extends JsonGeneratorDelegate {
    FiniteOnly(JsonGenerator d) {
      super(d, false);
    }

    @Override
    public void writeNumber(double v) throws IOException {
      check(v);
      super.writeNumber(v);
    }

    @Override
    public void writeNumber(float v) throws IOException {
      check(v);
      super.writeNumber(v);
    }

    private void check(double v) {
      if (!Double.isFinite(v)) {
        throw new NonFiniteNumberException(
            "a document would hold " + v + " at " + path() + " (JSON has no such number)");
      }
    }

    private String path() {
      StringBuilder out = new StringBuilder();
      for (var c = getOutputContext(); c != null && !c.inRoot(); c = c.getParent()) {
        // The array the number goes into has not counted it yet; enclosing arrays have counted
        // their element.
        int index = c.getCurrentIndex() + (c == getOutputContext() ? 1 : 0);
        out.insert(0, c.inArray() ? "[" + index + "]" : "." + c.getCurrentName());
      }
      return out.length() == 0 ? "the top level" : out.substring(out.charAt(0) == '.' ? 1 : 0);
    }
  }
}
