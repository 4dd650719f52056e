package dev.lawfit.cli;

import dev.lawfit.report.Json;
import dev.lawfit.report.Page;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Where a command writes its result, and in which form. */
public final class OutputOptions {
  /**
   * Result forms: the terminal's table, the JSON document, the tables as CSV, or GitHub markdown.
   */
  public enum OutputFormat {
    table,
    json,
    csv,
    markdown
  }

  @Option(
      names = {"-o", "--out"},
      paramLabel = "FILE",
      converter = OutFile.class,
      description = "Write the result to FILE (whole or not at all) instead of stdout (-).")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Result as ${COMPLETION-CANDIDATES}: csv holds the tables only, markdown fits a CI job summary "
              + "(default: table on stdout; with --out, csv or markdown for a .csv or .md file, else json).")
  OutputFormat format;

  /** The format asked for, or the default for where the result goes. */
  public OutputFormat effectiveFormat() {
    if (format != null) {
      return format;
    }
    if (out == null) {
      return OutputFormat.table;
    }
    String name =
        out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv")
        ? OutputFormat.csv
        : name.endsWith(".md") ? OutputFormat.markdown : OutputFormat.json;
  }

  /** Whether the result is read by a person (the page's text holds the warnings itself). */
  boolean readsWarnings() {
    OutputFormat f = effectiveFormat();
    return out == null && (f == OutputFormat.table || f == OutputFormat.markdown);
  }

  /** The result in the format asked for: the document as JSON, or its page (built only then). */
  String render(Object document, Supplier<Page> page) {
    return switch (effectiveFormat()) {
      case json -> Json.write(document);
      case table -> page.get().text();
      case csv -> page.get().csv();
      case markdown -> page.get().markdown();
    };
  }

  public Path out() {
    return out;
  }
}
