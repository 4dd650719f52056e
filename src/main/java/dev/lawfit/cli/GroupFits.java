package dev.lawfit.cli;

import dev.lawfit.analysis.BatchFit;
import dev.lawfit.data.Dataset;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.law.Law;
import dev.lawfit.report.FitDocument;
import dev.lawfit.report.FitReport;
import dev.lawfit.report.FitsDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** Fits every group of a dataset in parallel into one {@code lawfit.fits/1} document. */
final class GroupFits {
  private GroupFits() {}

  /** The document, and whether any group failed. */
  record Result(FitsDocument document, boolean failed) {}

  /**
   * Fits each group on the options' thread count, with a progress bar on an interactive terminal
   * (not under -q, not when CI is set). Warnings and failures go to stderr afterwards, in group
   * order, so the output does not depend on which group finished first.
   */
  static Result fit(
      Dataset dataset,
      String groupBy,
      Law law,
      FitOptions options,
      FitDocument.Settings settings,
      FitDocument.Load load,
      CommandSpec spec)
      throws InterruptedException {
    Map<String, Dataset> groups = dataset.groupBy(groupBy);
    List<BatchFit.Outcome> outcomes;
    try (TerminalProgress progress = TerminalProgress.of(spec, "fitting", "groups")) {
      progress.add(groups.size());
      outcomes = BatchFit.fit(groups, law, options, options.threads(), key -> progress.step());
    }
    List<FitsDocument.Group> entries = new ArrayList<>();
    boolean failed = false;
    for (BatchFit.Outcome o : outcomes) {
      Map<String, String> key = Map.of(groupBy, o.key());
      if (o.failure() != null) {
        failed = true;
        entries.add(
            new FitsDocument.Group(
                key,
                null,
                new FitsDocument.Failure(
                    o.failure().reason().name().toLowerCase(Locale.ROOT),
                    o.failure().getMessage())));
        spec.commandLine()
            .getErr()
            .println(
                "lawfit: " + groupBy + "=" + o.key() + ": fit failed: " + o.failure().getMessage());
        continue;
      }
      FitDocument doc =
          FitReport.document(o.result(), o.dataset(), load, settings, VersionProvider.version());
      Commands.warn(spec, doc.warnings(), groupBy + "=" + o.key() + ": ");
      entries.add(new FitsDocument.Group(key, doc, null));
    }
    return new Result(
        new FitsDocument(FitsDocument.SCHEMA, VersionProvider.version(), groupBy, entries), failed);
  }
}
