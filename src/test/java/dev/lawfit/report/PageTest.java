package dev.lawfit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

public class PageTest {
  /** Cells that CSV must quote and markdown must escape, beside plain ones. */
  private static Page page() {
    TextTable first =
        new TextTable("group", ">N*", "note")
            .row("a,b", 1.5e9, "said \"hi\"")
            .row("x|y", null, "line\nbreak")
            .row("*bold* <b>", 2, "");
    TextTable second = new TextTable("law", ">value").row("N* = k C^a", "0.5");
    return new Page()
        .append("law        chinchilla\n# not a heading\n\n")
        .append(first)
        .append("\nlaws\n")
        .append(second)
        .append("warning    a | b\n");
  }

  /** The rows of a CSV text as Jackson reads them back. */
  public static List<List<String>> parse(String csv) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (MappingIterator<List<String>> it =
        new CsvMapper()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .readerForListOf(String.class)
            .readValues(csv)) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  private static List<List<String>> cells(TextTable t) {
    List<List<String>> all = new ArrayList<>();
    all.add(t.headers());
    all.addAll(t.rows());
    return all;
  }

  @Test
  void csvParsesBackToTheTablesCellsTableByTable() throws IOException {
    Page page = page();
    String[] sections = page.csv().split("\n\n", -1);
    assertEquals(2, sections.length, page.csv());
    for (int i = 0; i < sections.length; i++) {
      assertEquals(cells(page.tables().get(i)), parse(sections[i]), sections[i]);
    }
    // Written cells are the rendered ones: a missing value is "-", a line break stays inside its
    // quoted cell.
    assertEquals(List.of("x|y", "-", "line\nbreak"), parse(sections[0]).get(2));
  }

  @Test
  void textIsTheTerminalLayoutOfTheSameTables() {
    Page page = page();
    String text = page.text();
    assertTrue(text.startsWith("law        chinchilla\n# not a heading\n\ngroup"), text);
    assertTrue(text.contains(page.tables().get(1).render()), text);
    assertTrue(text.endsWith("warning    a | b\n"), text);
  }

  @Test
  void markdownHasAHeaderASeparatorAndOneEscapedRowPerRow() {
    Page page = page();
    List<String> lines = page.markdown().lines().toList();
    int header = lines.indexOf("| group | N\\* | note |");
    assertTrue(header > 0, page.markdown());
    assertEquals("", lines.get(header - 1), "a blank line before the table");
    assertEquals("| --- | ---: | --- |", lines.get(header + 1));
    assertEquals("| a,b | 1.5E9 | said \"hi\" |", lines.get(header + 2));
    assertEquals("| x\\|y | - | line break |", lines.get(header + 3));
    assertEquals("| \\*bold\\* \\<b\\> | 2 |  |", lines.get(header + 4));
    assertEquals("", lines.get(header + 5), "a blank line after the table");
    for (String line : lines.subList(header, header + 5)) {
      // Every row has as many cells as the header: unescaped pipes only as separators.
      assertEquals(4, line.replace("\\|", "").chars().filter(c -> c == '|').count(), line);
    }
    // Text keeps its lines (a backslash breaks them), never turns into a heading, escapes its
    // pipes.
    assertEquals("law chinchilla\\", lines.get(0));
    assertEquals("\\# not a heading", lines.get(1));
    assertTrue(lines.contains("warning a \\| b"), page.markdown());
    assertTrue(
        lines.contains("| law | value |") && lines.contains("| N\\* = k C^a | 0.5 |"),
        page.markdown());
  }
}
