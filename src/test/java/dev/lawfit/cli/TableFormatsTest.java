package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.report.TextTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every table-printing command gives the same tables as CSV and markdown: the CSV's cells, laid out
 * with the markdown's column alignment, are exactly the table the terminal form printed.
 */
class TableFormatsTest {
  @TempDir Path dir;

  static Stream<List<String>> commands() {
    String runs = FitFixtures.runs().toString();
    String fit = FitFixtures.bootstrapFit().toString();
    return Stream.of(
        List.of("inspect", runs),
        List.of("fit", runs, "--law", "chinchilla", "--family", "a"),
        List.of("fit", runs, "--law", "chinchilla", "--group-by", "family"),
        List.of("predict", fit, "-N", "1e9,7e10", "-D", "2e10,1.4e12"),
        List.of("optimal", fit, "-C", "1e21,5.88e23"),
        List.of("check", FitFixtures.plainFit().toString(), fit));
  }

  @ParameterizedTest
  @MethodSource("commands")
  void csvAndMarkdownHoldTheTerminalTables(List<String> command) throws IOException {
    String table = run(command, "table").out();
    String csv = run(command, "csv").out();
    List<String> markdown = run(command, "markdown").out().lines().toList();
    String[] sections = csv.split("\n\n", -1);
    List<String> separators = markdown.stream().filter(l -> l.matches("\\|( ---:? \\|)+")).toList();
    assertEquals(separators.size(), sections.length, csv);
    for (int i = 0; i < sections.length; i++) {
      List<List<String>> cells = dev.lawfit.report.PageTest.parse(sections[i]);
      String[] align = separators.get(i).substring(1).split("\\|");
      String[] headers = new String[cells.get(0).size()];
      assertEquals(headers.length, align.length, separators.get(i));
      for (int c = 0; c < headers.length; c++) {
        headers[c] = (align[c].contains(":") ? ">" : "") + cells.get(0).get(c);
      }
      TextTable again = new TextTable(headers);
      cells.subList(1, cells.size()).forEach(row -> again.row(row.toArray()));
      assertTrue(
          table.contains(again.render()),
          "CSV table " + i + " laid out:\n" + again.render() + "not in:\n" + table);
      // The markdown has the header row above its separator and one row per CSV row below it.
      int at = markdown.indexOf(separators.get(i));
      assertEquals(
          headers.length + 1, markdown.get(at - 1).chars().filter(ch -> ch == '|').count());
      assertEquals(
          cells.size() - 1,
          markdown.subList(at + 1, markdown.size()).stream()
              .takeWhile(l -> l.startsWith("|"))
              .count());
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void anOutFileEndingInCsvGetsCsv(List<String> command) throws IOException {
    Path out = dir.resolve("result.csv");
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("--out", out.toString()));
    CliRunner r = CliRunner.run(args.toArray(String[]::new));
    assertTrue(r.exitCode() == 0 || r.exitCode() == 1, r.toString());
    assertEquals(run(command, "csv").out(), Files.readString(out));
  }

  private static CliRunner run(List<String> command, String format) {
    List<String> args = new ArrayList<>(command);
    args.addAll(List.of("--format", format, "-q"));
    CliRunner r = CliRunner.run(args.toArray(String[]::new));
    // check exits 1 when a drift fails: the page is printed all the same.
    assertTrue(r.exitCode() == 0 || r.exitCode() == 1, r.toString());
    return r;
  }
}
