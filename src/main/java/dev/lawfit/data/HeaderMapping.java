package dev.lawfit.data;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which header of one file feeds each canonical column, by a written order (README, "Input: run
 * logs"): an explicit {@code --column} mapping, then the canonical name, then (for the loss) the
 * preference among loss-like columns, then the aliases, then the last part of a dotted name (a
 * field of a nested JSON object, {@code config.n_params}). A header feeds at most one column.
 */
final class HeaderMapping {
  private final String file;
  private final List<String> names;
  private final Column[] canonical;
  private final EnumMap<Column, Integer> where = new EnumMap<>(Column.class);
  private final List<Column> mappedByOption = new ArrayList<>();
  private String lossChoice;

  private HeaderMapping(String file, List<String> names) {
    this.file = file;
    this.names = names;
    this.canonical = new Column[names.size()];
  }

  /** Maps {@code names}, the header of {@code file}, with the user's {@code --column} mappings. */
  static HeaderMapping of(String file, List<String> names, Map<Column, String> explicit)
      throws InputException {
    HeaderMapping m = new HeaderMapping(file, names);
    Map<String, Integer> byLower = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      byLower.putIfAbsent(names.get(i).toLowerCase(Locale.ROOT), i);
    }
    for (Map.Entry<Column, String> mapping : explicit.entrySet()) {
      Integer i = byLower.get(mapping.getValue().toLowerCase(Locale.ROOT));
      if (i != null) {
        m.claim(mapping.getKey(), i);
        m.mappedByOption.add(mapping.getKey());
      }
    }
    m.pass(Column::byCanonical);
    if (!m.where.containsKey(Column.LOSS)) {
      m.chooseLoss();
    }
    m.pass(Column::byHeader);
    m.pass(HeaderMapping::byLeaf);
    return m;
  }

  private interface Matcher {
    Optional<Column> match(String header);
  }

  private void pass(Matcher matcher) {
    for (int i = 0; i < names.size(); i++) {
      var c = matcher.match(names.get(i));
      if (c.isPresent()) {
        claim(c.get(), i);
      }
    }
  }

  /**
   * The column the last part of a dotted name names ({@code config.model.n_params} names params).
   */
  private static Optional<Column> byLeaf(String header) {
    int dot = header.lastIndexOf('.');
    // One-letter leaves (n, d, t, c) are too often something else inside a nested object.
    return dot < 0 || dot >= header.length() - 2
        ? Optional.empty()
        : Column.byHeader(header.substring(dot + 1));
  }

  private static Optional<Column> lossLike(String header) {
    Optional<Column> c = Column.byHeader(header).or(() -> byLeaf(header));
    return c.filter(x -> x == Column.LOSS);
  }

  private static String leaf(String header) {
    return header.substring(header.lastIndexOf('.') + 1);
  }

  /**
   * Of several loss-like columns, evaluation or validation loss before test loss before training
   * loss (README, "Input: run logs"); two of the best kind are a question only the user can answer.
   */
  private void chooseLoss() throws InputException {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      if (canonical[i] == null && lossLike(names.get(i)).isPresent()) {
        found.add(i);
      }
    }
    if (found.size() < 2) {
      return;
    }
    int best =
        found.stream().mapToInt(i -> Column.lossRank(leaf(names.get(i)))).min().orElseThrow();
    List<Integer> top =
        found.stream().filter(i -> Column.lossRank(leaf(names.get(i))) == best).toList();
    if (top.size() > 1) {
      throw new InputException(
          file,
          1,
          top.get(1) + 1,
          "two loss columns of the same kind, '"
              + names.get(top.get(0))
              + "' and '"
              + names.get(top.get(1))
              + "': choose one with --column loss=NAME");
    }
    claim(Column.LOSS, top.get(0));
    List<String> others =
        found.stream()
            .filter(i -> i.intValue() != top.get(0))
            .map(i -> "'" + names.get(i) + "'")
            .toList();
    lossChoice =
        file
            + ": loss read from '"
            + names.get(top.get(0))
            + "', not "
            + String.join(", ", others)
            + " (evaluation loss before training loss; --column loss=NAME chooses another)";
  }

  private void claim(Column column, int i) {
    if (!where.containsKey(column) && canonical[i] == null) {
      canonical[i] = column;
      where.put(column, i);
    }
  }

  /** The canonical column header {@code i} feeds, or {@code null} for a column kept as an extra. */
  Column canonical(int i) {
    return canonical[i];
  }

  boolean has(Column column) {
    return where.containsKey(column);
  }

  /** The header that feeds {@code column}, or {@code null}. */
  String source(Column column) {
    Integer i = where.get(column);
    return i == null ? null : names.get(i);
  }

  /** The canonical columns found, in column order. */
  java.util.Set<Column> columns() {
    return where.keySet();
  }

  /** The columns an explicit {@code --column} mapping found here. */
  List<Column> mappedByOption() {
    return mappedByOption;
  }

  /**
   * Which of several loss-like columns became the loss, as a warning; {@code null} when there was
   * no choice.
   */
  String lossChoice() {
    return lossChoice;
  }
}
