package dev.lawfit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a command prints for a reader: lines of text and tables, in order, built once and written in
 * the form asked for. {@link #text()} is the terminal's form; {@link #markdown()} is GitHub
 * markdown (text as lines, tables as pipe tables) that fits a CI job summary; {@link #csv()} holds
 * the tables only, with the same rows and cells.
 *
 * <p>It appends like a {@link StringBuilder}, so a report writes its prose as it always did and
 * hands its tables to {@link #append(TextTable)}.
 */
public final class Page {
  /**
   * Built on first use (a holder class): a table for the terminal needs no Jackson data binding.
   */
  private static final class Csv {
    static final CsvMapper MAPPER =
        CsvMapper.builder()
            // Quote only what needs quoting (a separator, a quote, a line break), as spreadsheets
            // write.
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
  }

  /** Compiled on first use, like {@link Csv}. */
  private static final class Markdown {
    /** Characters that mean something inline in GitHub markdown; a backslash makes each literal. */
    static final Pattern INLINE = Pattern.compile("([\\\\`*_\\[\\]<>|~])");

    /** What would make a line a heading, list item, quote or rule at its start. */
    static final Pattern LINE_START = Pattern.compile("^([#+=-]|\\d+[.)])");
  }

  private sealed interface Block permits Text, Table {}

  private record Text(StringBuilder text) implements Block {}

  private record Table(TextTable table) implements Block {}

  private final List<Block> blocks = new ArrayList<>();

  /** Appends text (its {@code toString()}), as {@link StringBuilder#append(Object)} does. */
  public Page append(Object text) {
    if (!blocks.isEmpty() && blocks.get(blocks.size() - 1) instanceof Text t) {
      t.text().append(text);
    } else {
      blocks.add(new Text(new StringBuilder(String.valueOf(text))));
    }
    return this;
  }

  /** Appends a table; on a terminal it ends with its last row's newline. */
  public Page append(TextTable table) {
    blocks.add(new Table(table));
    return this;
  }

  /** The tables, in order. */
  public List<TextTable> tables() {
    return blocks.stream().filter(b -> b instanceof Table).map(b -> ((Table) b).table()).toList();
  }

  /** The page for a terminal. */
  public String text() {
    StringBuilder out = new StringBuilder();
    for (Block b : blocks) {
      out.append(b instanceof Text t ? t.text() : ((Table) b).table().render());
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return text();
  }

  /**
   * The tables as CSV, each with its header row; several tables are separated by an empty line
   * (split on it to read them one by one). Every byte is written by Jackson's CSV generator.
   */
  public String csv() {
    StringBuilder out = new StringBuilder();
    List<TextTable> tables = tables();
    for (int i = 0; i < tables.size(); i++) {
      TextTable t = tables.get(i);
      CsvSchema.Builder schema = CsvSchema.builder();
      t.headers().forEach(h -> schema.addColumn(h, CsvSchema.ColumnType.STRING));
      try {
        if (i > 0) {
          // The empty line between tables: one empty cell and a line end, as Jackson writes it.
          out.append(
              Csv.MAPPER
                  .writer(CsvSchema.builder().addColumn("").build())
                  .writeValueAsString(List.of(List.of(""))));
        }
        out.append(Csv.MAPPER.writer(schema.build().withHeader()).writeValueAsString(t.rows()));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toString();
  }

  /**
   * The page as GitHub markdown: each text line a line of its own (a backslash breaks it), blank
   * lines between paragraphs, each table a pipe table with numbers right-aligned. Markdown's inline
   * characters, {@code |} among them, are escaped, so any cell or name shows as written.
   */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    for (Block b : blocks) {
      if (b instanceof Text t) {
        paragraphs(out, t.text().toString());
      } else {
        table(out, ((Table) b).table());
      }
    }
    return out.toString().strip() + "\n";
  }

  private static void paragraphs(StringBuilder out, String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      lines.add(line.strip());
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty()) {
        separate(out);
        continue;
      }
      // Runs of spaces align columns on a terminal; markdown would fold them anyway.
      String escaped =
          Markdown.LINE_START.matcher(escape(line).replaceAll(" {2,}", " ")).replaceFirst("\\\\$1");
      boolean more = i + 1 < lines.size() && !lines.get(i + 1).isEmpty();
      out.append(escaped).append(more ? "\\\n" : "\n");
    }
  }

  private static void table(StringBuilder out, TextTable t) {
    separate(out);
    List<String> headers = t.headers();
    row(out, headers);
    out.append('|');
    for (int i = 0; i < headers.size(); i++) {
      out.append(t.rightAligned(i) ? " ---: |" : " --- |");
    }
    out.append('\n');
    for (List<String> r : t.rows()) {
      row(out, r);
    }
    out.append('\n');
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append('|');
    for (String cell : cells) {
      out.append(' ')
          .append(escape(cell.replace('\n', ' ').replace('\r', ' ')).strip())
          .append(" |");
    }
    out.append('\n');
  }

  /** Ends the markdown so far with an empty line (a paragraph break), unless it is empty. */
  private static void separate(StringBuilder out) {
    while (out.length() > 0
        && !(out.length() >= 2
            && out.charAt(out.length() - 1) == '\n'
            && out.charAt(out.length() - 2) == '\n')) {
      out.append('\n');
    }
  }

  static String escape(String s) {
    return Markdown.INLINE.matcher(s).replaceAll("\\\\$1");
  }
}
