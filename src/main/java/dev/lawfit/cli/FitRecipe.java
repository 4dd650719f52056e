package dev.lawfit.cli;

import dev.lawfit.data.Column;
import dev.lawfit.data.LoadOptions;
import dev.lawfit.data.LossUnit;
import dev.lawfit.data.OnDuplicate;
import dev.lawfit.data.Selection;
import dev.lawfit.fit.Bound;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.fit.Objective;
import dev.lawfit.fit.StartStrategy;
import dev.lawfit.law.Law;
import dev.lawfit.report.FitDocument;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what a fit document records back into the settings that made it, to fit again the same way.
 */
final class FitRecipe {
  private FitRecipe() {}

  /** The law a document's settings name. */
  static Law law(FitDocument.Settings s) {
    try {
      return Law.byName(s.law());
    } catch (IllegalArgumentException e) {
      throw UserException.badInput("the baseline's law: " + e.getMessage());
    }
  }

  /** The objective a document's settings name, with its delta or asymmetry. */
  static Objective objective(FitDocument.Settings s) {
    try {
      return Objective.of(s.loss(), s.delta());
    } catch (IllegalArgumentException e) {
      throw UserException.badInput("the baseline's objective: " + e.getMessage());
    }
  }

  /** The fit options a document's settings record. */
  static FitOptions options(FitDocument.Settings s, int threads) {
    StartStrategy starts =
        "full-grid".equals(s.starts())
            ? new StartStrategy.FullGrid()
            : new StartStrategy.BestOfGrid(s.startsK() == null ? 12 : s.startsK());
    return FitOptions.defaults()
        .withObjective(objective(s))
        .withStarts(starts)
        .withFixed(s.fixed() == null ? Map.of() : s.fixed())
        .withBootstrap(s.bootstrap(), s.seed())
        .withClusterBootstrap("run".equals(s.cluster()))
        .withThreads(threads)
        .withBounds(bounds(s));
  }

  /**
   * The bounds a document records; none for a document from before bounds existed, which was fitted
   * without.
   */
  static Map<String, Bound> bounds(FitDocument.Settings s) {
    Map<String, Bound> out = new LinkedHashMap<>();
    if (s.bounds() != null) {
      s.bounds()
          .forEach(
              (name, text) -> {
                try {
                  out.put(name, Bound.parse(text));
                } catch (IllegalArgumentException e) {
                  throw UserException.badInput(
                      "the baseline's bound on " + name + ": " + e.getMessage());
                }
              });
    }
    return out;
  }

  /**
   * Reading {@code files} as the baseline read its logs: same columns, run keys, duplicates policy
   * and selection; {@code overrides} (check's {@code --column}) replace the baseline's header for
   * their columns.
   */
  static LogInput.Request logs(
      FitDocument baseline, List<Path> files, String groupBy, Map<Column, String> overrides) {
    FitDocument.InputRecord in = baseline.input();
    if (in == null || in.load() == null || in.selection() == null) {
      throw UserException.badInput(
          "the baseline does not record how its logs were read; compare two fit documents instead");
    }
    FitDocument.Load load = in.load();
    Map<Column, String> columns = new LinkedHashMap<>();
    load.columns()
        .forEach(
            (canonical, theirs) -> {
              Column c =
                  Column.byCanonical(canonical)
                      .orElseThrow(
                          () ->
                              UserException.badInput(
                                  "the baseline maps an unknown column '" + canonical + "'"));
              if (readFromHeader(c, theirs, load.runs())) {
                columns.put(c, theirs);
              }
            });
    columns.putAll(overrides);
    LoadOptions options =
        new LoadOptions(
                columns,
                load.runKey(),
                OnDuplicate.valueOf(load.onDuplicate().toUpperCase(Locale.ROOT)),
                load.dropInvalid(),
                null)
            .withLossUnit(
                load.lossUnit() == null
                    ? LossUnit.NATS
                    : EnumValues.parse(LossUnit.class, load.lossUnit()))
            .withSteps(load.tokensPerStep(), load.seqLen())
            .withRuns(load.runs() == null ? null : Path.of(load.runs()));
    Selection s = in.selection();
    var filters =
        new dev.lawfit.data.Filters(
            s.families(),
            s.where(),
            s.finalOnly(),
            s.dropEarlyTokens(),
            s.dropEarlyFraction(),
            s.minParams(),
            s.maxParams(),
            s.excludedRuns());
    return new LogInput.Request(files, options, filters, groupBy);
  }

  /**
   * Whether a recorded source is a header to map again, not a derivation ({@code step x
   * batch_size}), a reader's own column ({@code (file name)}), a run table's column or several
   * files' headers.
   */
  private static boolean readFromHeader(Column column, String source, String runs) {
    boolean derived =
        column == Column.TOKENS && (source.startsWith("step x ") || source.startsWith("flops / "));
    return !derived
        && !source.startsWith("(")
        && !source.contains(" | ")
        && (runs == null || !source.startsWith(runs + ": "));
  }
}
