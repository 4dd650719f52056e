package dev.lawfit.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of one log file into the {@link LogTable}: maps its header ({@link HeaderMapping}),
 * decides how its tokens are had, parses and converts each value (loss units, K/M/B/T counts,
 * run-table facts, batch sizes in sequences) and notes the first unusable value of each row.
 */
final class FileRows implements RowSink {
  private final LogTable table;
  private final int index;
  private final String name;
  private Column[] canonical;
  private int[] extra;
  private String[] lastText;
  private double[] lastValue;
  private HeaderMapping mapping;
  private Map<String, String> origins = Map.of();
  private LogTable.TokenRule tokenRule;

  /** Run-level columns this file lacks and the run table supplies. */
  private final List<Column> fromRunTable = new ArrayList<>();

  private int lastRunCode = -1;
  private Map<Column, String> lastFacts;

  FileRows(LogTable table, int index, String name) {
    this.table = table;
    this.index = index;
    this.name = name;
  }

  @Override
  public void origins(Map<String, String> byHeader) {
    origins = Map.copyOf(byHeader);
  }

  @Override
  public void header(List<String> names) throws InputException {
    canonical = new Column[names.size()];
    extra = new int[names.size()];
    lastText = new String[names.size()];
    lastValue = new double[names.size()];
    mapping = HeaderMapping.of(name, names, table.options.columns());
    mapping.mappedByOption().forEach(c -> table.mappedHeadersSeen.add(c.canonical()));
    if (mapping.lossChoice() != null) {
      table.lossChoices.add(mapping.lossChoice());
    }
    for (int i = 0; i < names.size(); i++) {
      canonical[i] = mapping.canonical(i);
      if (canonical[i] == null) {
        Integer id = table.extras.get(names.get(i));
        if (id == null) {
          id = table.extras.size();
          table.extras.put(names.get(i), id);
          table.extraValues.add(new Dictionary());
          table.extraNumbers.add(
              table.options.runKey().contains(names.get(i)) ? null : new DoubleColumn());
        }
        extra[i] = id;
      }
    }
    if (!mapping.has(Column.LOSS)) {
      throw new InputException(name, 1, 0, missingColumn(table.options, Column.LOSS, names));
    }
    if (table.runTable != null) {
      if (!mapping.has(Column.RUN)) {
        throw new InputException(
            name,
            1,
            0,
            "--runs joins runs by name, and this file has no 'run' column: name it with "
                + "--column run=YOURS");
      }
      table.runTable.columns().stream().filter(c -> !mapping.has(c)).forEach(fromRunTable::add);
    }
    tokenRule = tokenRule(names);
    table.fileHasRun.set(index, mapping.has(Column.RUN));
    for (Column c : mapping.columns()) {
      table.columnsFound.add(c.canonical());
      String header = mapping.source(c);
      table.source(c, origins.getOrDefault(header, header));
    }
    for (Column c : fromRunTable) {
      table.columnsFound.add(c.canonical());
      table.source(c, table.runTable.name() + ": " + table.runTable.header(c));
    }
    if (tokenRule != LogTable.TokenRule.COLUMN) {
      table.columnsFound.add(Column.TOKENS.canonical());
      table.source(Column.TOKENS, tokenRule.describe(table.options));
    }
    if (table.options.lossUnit() == LossUnit.NATS) {
      String loss = mapping.source(Column.LOSS).toLowerCase(Locale.ROOT);
      if (loss.contains("bits") || loss.contains("bpb") || loss.contains("bpc")) {
        table.unitHints.add(
            name
                + ": the loss column '"
                + mapping.source(Column.LOSS)
                + "' looks like bits: pass --loss-unit bits "
                + "to convert it to nats (x ln 2)");
      } else if (loss.contains("ppl") || loss.contains("perplexity")) {
        table.unitHints.add(
            name
                + ": the loss column '"
                + mapping.source(Column.LOSS)
                + "' looks like perplexity: pass "
                + "--loss-unit ppl to convert it to nats (ln)");
      }
    }
  }

  private boolean has(Column c) {
    return mapping.has(c) || fromRunTable.contains(c);
  }

  /** How this file's tokens are had: read, or derived (README, "Input: run logs", the order). */
  private LogTable.TokenRule tokenRule(List<String> names) throws InputException {
    if (mapping.has(Column.TOKENS)) {
      return LogTable.TokenRule.COLUMN;
    }
    if (table.options.tokensPerStep() != null && mapping.has(Column.STEP)) {
      return LogTable.TokenRule.PER_STEP;
    }
    if (mapping.has(Column.FLOPS) && has(Column.PARAMS)) {
      return LogTable.TokenRule.FLOPS;
    }
    if (mapping.has(Column.STEP) && has(Column.BATCH_SIZE)) {
      return LogTable.TokenRule.STEP_BATCH;
    }
    throw new InputException(
        name,
        1,
        0,
        missingColumn(table.options, Column.TOKENS, names)
            + "; tokens can also be derived from 'flops' and 'params', from 'step' and 'batch_size', "
            + "or from 'step' with --tokens-per-step N");
  }

  /** The run table's facts for the run of this row, {@code null} for a row without a run. */
  private Map<Column, String> facts(int runCode, long lineNumber, int position)
      throws InputException {
    if (runCode != lastRunCode) {
      String id = table.runIds.value(runCode);
      Map<Column, String> found = table.runTable.facts(id);
      if (found == null) {
        throw new InputException(
            name,
            lineNumber,
            position,
            "run '"
                + id
                + "' has no row in the run table "
                + table.runTable.name()
                + ": add one (run,"
                + String.join(
                    ",", table.runTable.columns().stream().map(Column::canonical).toList())
                + ")");
      }
      lastRunCode = runCode;
      lastFacts = found;
    }
    return lastFacts;
  }

  @Override
  public void row(long lineNumber, int[] columns, String[] values, int[] positions, int count)
      throws InputException {
    int row = table.rows;
    table.file.add(index);
    table.line.add((int) Math.min(lineNumber, Integer.MAX_VALUE));
    double[] parsed = new double[Column.values().length];
    java.util.Arrays.fill(parsed, Double.NaN);
    boolean[] present = new boolean[parsed.length];
    int[] at =
        new int
            [parsed.length]; // 1-based position of each canonical value in this row, 0 when absent
    int runCode = -1;
    int familyCode = -1;
    int entries = 0;
    for (int k = 0; k < count; k++) {
      int i = columns[k];
      String text = values[k];
      boolean empty = text == null || text.isEmpty();
      int position = positions[k] > 0 ? positions[k] : i + 1;
      if (canonical[i] == null) {
        if (!empty) {
          if (entries == table.entryBuffer.length) {
            table.entryBuffer = java.util.Arrays.copyOf(table.entryBuffer, entries * 2);
          }
          table.entryBuffer[entries++] = (long) extra[i] << 32 | extraCode(i, text);
        }
        continue;
      }
      Column c = canonical[i];
      at[c.ordinal()] = position;
      if (empty) {
        continue;
      }
      switch (c) {
        case RUN -> runCode = code(i, text, table.runIds);
        case FAMILY -> familyCode = code(i, text, table.families);
        default -> {
          double v;
          try {
            // Run-level columns repeat row after row: parse a value once while it repeats.
            v =
                text.equals(lastText[i])
                    ? lastValue[i]
                    : c == Column.PARAMS || c == Column.TOKENS
                        ? Numbers.parseCount(text)
                        : Numbers.parse(text);
            lastText[i] = text;
            lastValue[i] = v;
          } catch (NumberFormatException e) {
            throw new InputException(
                name,
                lineNumber,
                position,
                c.canonical() + " is not a number: '" + abbreviate(text) + "'");
          }
          if (c == Column.SEED && !(Double.isFinite(v) && v == Math.rint(v))) {
            throw new InputException(
                name, lineNumber, position, "seed is not an integer: '" + abbreviate(text) + "'");
          }
          if (c == Column.LOSS && table.options.lossUnit() != LossUnit.NATS) {
            if (table.options.lossUnit() == LossUnit.PPL && v > 0 && v < 1) {
              problem(row, position, "loss is a perplexity below 1 (" + Numbers.format(v) + ")");
            }
            v = table.options.lossUnit().toNats(v);
          } else if (c == Column.LOSS && v < table.lowestLoss) {
            table.lowestLoss = v;
          }
          parsed[c.ordinal()] = v;
          present[c.ordinal()] = true;
        }
      }
    }
    table.addEntries(entries);
    if (mapping.has(Column.RUN) && runCode < 0) {
      problem(row, at[Column.RUN.ordinal()], "run is missing");
    }
    if (!fromRunTable.isEmpty() && runCode >= 0) {
      Map<Column, String> facts = facts(runCode, lineNumber, at[Column.RUN.ordinal()]);
      for (Column c : fromRunTable) {
        String text = facts.get(c);
        if (text == null) {
          continue;
        }
        if (c == Column.FAMILY) {
          familyCode = table.families.code(text);
        } else {
          parsed[c.ordinal()] = Numbers.parseCount(text);
          present[c.ordinal()] = true;
        }
      }
    }
    if (table.options.seqLen() != null && present[Column.BATCH_SIZE.ordinal()]) {
      parsed[Column.BATCH_SIZE.ordinal()] *=
          table.options.seqLen(); // sequences x tokens per sequence
    }
    // Unusable values, in the order of the checks below; the first one names the row's problem.
    double tokens = parsed[Column.TOKENS.ordinal()];
    if (!present[Column.TOKENS.ordinal()]) {
      double step = parsed[Column.STEP.ordinal()];
      boolean hasStep = present[Column.STEP.ordinal()];
      double flops = parsed[Column.FLOPS.ordinal()];
      double params = parsed[Column.PARAMS.ordinal()];
      double batch = parsed[Column.BATCH_SIZE.ordinal()];
      if (tokenRule == LogTable.TokenRule.PER_STEP && hasStep) {
        tokens = step * table.options.tokensPerStep();
        table.derivedTokens.merge(tokenRule.describe(table.options), 1L, Long::sum);
      } else if (tokenRule != LogTable.TokenRule.PER_STEP
          && present[Column.FLOPS.ordinal()]
          && present[Column.PARAMS.ordinal()]
          && flops > 0
          && params > 0) {
        tokens = flops / (6.0 * params); // C = 6 N T (Kaplan et al. 2020, arXiv 2001.08361)
        table.derivedTokens.merge(LogTable.TokenRule.FLOPS.describe(table.options), 1L, Long::sum);
      } else if (tokenRule == LogTable.TokenRule.STEP_BATCH
          && hasStep
          && present[Column.BATCH_SIZE.ordinal()]) {
        tokens = step * batch;
        table.derivedTokens.merge(tokenRule.describe(table.options), 1L, Long::sum);
      } else {
        problem(row, at[Column.TOKENS.ordinal()], "tokens is missing");
      }
    }
    parsed[Column.TOKENS.ordinal()] = tokens;
    if (!present[Column.LOSS.ordinal()]) {
      problem(row, at[Column.LOSS.ordinal()], "loss is missing");
    }
    for (Column c :
        new Column[] {
          Column.LOSS, Column.TOKENS, Column.PARAMS, Column.LR, Column.BATCH_SIZE, Column.FLOPS
        }) {
      double v = parsed[c.ordinal()];
      if (c == Column.LOSS
          && table.options.divergedLoss()
          && (Double.isNaN(v) || v == Double.POSITIVE_INFINITY)) {
        continue; // a diverged run's loss: evidence that eta was too high, kept for the sweep
        // analyses
      }
      if (present[c.ordinal()] && !(v > 0 && v < Double.POSITIVE_INFINITY)) {
        problem(row, at[c.ordinal()], c.canonical() + " is " + describe(v));
      }
    }
    double params = parsed[Column.PARAMS.ordinal()];
    if (present[Column.PARAMS.ordinal()]
        && params > 0
        && tokens > 0
        && Double.isFinite(params)
        && Double.isFinite(tokens)
        && Double.isInfinite(6.0 * params * tokens)) {
      // C = 6 N T (Kaplan et al. 2020) is used by every compute-based analysis: unusable like an
      // infinite value.
      Column larger =
          params >= tokens || !present[Column.TOKENS.ordinal()] ? Column.PARAMS : Column.TOKENS;
      problem(
          row,
          at[larger.ordinal()],
          larger.canonical()
              + " is too large: compute C = 6 N T overflows ("
              + Numbers.format(params)
              + " params x "
              + Numbers.format(tokens)
              + " tokens)");
    }
    double step = parsed[Column.STEP.ordinal()];
    if (present[Column.STEP.ordinal()] && !(step >= 0 && step < Double.POSITIVE_INFINITY)) {
      problem(row, at[Column.STEP.ordinal()], "step is " + describe(step));
    }
    table.run.add(runCode);
    table.family.add(familyCode);
    for (Map.Entry<Column, DoubleColumn> e : table.numbers.entrySet()) {
      e.getValue().add(parsed[e.getKey().ordinal()]);
    }
    table.rows++;
  }

  /**
   * The dictionary code of a text value; runs' rows are contiguous, so the last code usually
   * serves.
   */
  private int code(int i, String text, Dictionary dictionary) {
    if (!text.equals(lastText[i])) {
      lastText[i] = text;
      lastValue[i] = dictionary.code(text);
    }
    return (int) lastValue[i];
  }

  /**
   * The code of an extra column's value; notes the column as text when a new value is not a number.
   */
  private int extraCode(int i, String text) {
    DoubleColumn numbers = table.extraNumbers.get(extra[i]);
    if (numbers != null) {
      // A column of numbers lawfit does not use: kept as doubles (8 bytes a value), not interned
      // text,
      // until a value that is not a number makes it a text column (LogTable.promote).
      if (text.equals(lastText[i])) {
        return (int) lastValue[i];
      }
      try {
        double v = Numbers.parse(text);
        numbers.add(v);
        lastText[i] = text;
        lastValue[i] = numbers.size() - 1;
        return numbers.size() - 1;
      } catch (NumberFormatException e) {
        table.promote(extra[i]);
        lastText[i] = null;
      }
    }
    Dictionary dictionary = table.extraValues.get(extra[i]);
    int before = dictionary.size();
    int code = code(i, text, dictionary);
    if (dictionary.size() > before && !table.extraIsText.get(extra[i])) {
      try {
        Numbers.parse(text);
      } catch (NumberFormatException e) {
        table.extraIsText.set(extra[i]);
      }
    }
    return code;
  }

  private void problem(int row, int position, String reason) {
    if (!table.problemRows.get(row)) {
      table.problemRows.set(row);
      table.problems.add(new LogTable.Problem(row, position, reason));
    }
  }

  private static String describe(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "infinite" : "negative infinite";
    }
    return v == 0 ? "zero" : "negative (" + Numbers.format(v) + ")";
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }

  private static String missingColumn(LoadOptions options, Column column, List<String> names) {
    String mapped = options.columns().get(column);
    StringBuilder m = new StringBuilder("no '").append(column.canonical()).append("' column");
    if (mapped != null) {
      m.append(" (--column ")
          .append(column.canonical())
          .append('=')
          .append(mapped)
          .append(" names no column here)");
    }
    m.append("; columns are ")
        .append(String.join(", ", names))
        .append("; name it with --column ")
        .append(column.canonical())
        .append("=YOURS");
    return m.toString();
  }
}
