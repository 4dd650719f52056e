package dev.lawfit.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;

/** Jackson's parse errors as one-line user messages, without the library's location notes. */
public final class JsonErrors {
  private JsonErrors() {}

  /**
   * The error at its line and column, e.g. {@code fit.json:115:19: the file ends inside a JSON
   * object ...}.
   */
  public static InputException describe(String file, JsonProcessingException e, String prefix) {
    JsonLocation at = e.getLocation();
    long line = at == null ? 0 : at.getLineNr();
    int column = at == null ? 0 : Math.max(0, at.getColumnNr());
    String original =
        e.getOriginalMessage() == null ? "" : e.getOriginalMessage().lines().findFirst().orElse("");
    if (e instanceof JsonEOFException) {
      String what =
          original.contains("Array")
              ? "a JSON array"
              : original.contains("Object") ? "a JSON object" : "a JSON value";
      return new InputException(
          file,
          line,
          column,
          "the file ends inside " + what + " that is not closed: is it truncated?");
    }
    // Jackson appends where a structure started and its source, "(start marker at [Source: ...])",
    // "[Source: ...]".
    String plain =
        original
            .replaceFirst("\\s*\\(start marker at .*$", "")
            .replaceAll("\\s*\\[Source: [^]]*]", "");
    return new InputException(file, line, column, prefix + withoutInternals(plain));
  }

  /**
   * Jackson suggests switching on its own parser features ("enable `JsonReadFeature.X` to allow"),
   * which a user of lawfit cannot do: say what the text has instead.
   */
  static String withoutInternals(String message) {
    return message
        .replaceAll(
            "\\s*\\(not recognized as one since Feature '[A-Z_]+' not enabled for parser\\)",
            " (JSON has no comments)")
        .replaceAll("\\s*\\(consider (?:enabling|disabling) `?[A-Za-z]+\\.[A-Z_]+.*$", "")
        .replaceAll("[:;,]?\\s*(?:enable|set) `?[A-Za-z]+(?:\\.[A-Za-z]+)*\\.[A-Z_]+`?[^:;]*$", "")
        .replaceAll("\\s*\\(through reference chain: [^)]*\\)", "")
        .strip();
  }
}
