package dev.lawfit.report;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A document's status enum: written (and read) as its constant's name in lower case, e.g. {@code
 * edge_low}.
 */
public interface StatusLabel {
  String name();

  /** The name documents and tables use. */
  @JsonValue
  default String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
