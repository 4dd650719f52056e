package dev.lawfit.cli;

import dev.lawfit.data.Column;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.InputException;
import dev.lawfit.data.Run;
import dev.lawfit.data.SourceFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Loading sweep logs for {@code hparams} and {@code critical-batch}: diverged losses kept, lr and
 * batch_size required.
 */
final class Sweeps {
  private Sweeps() {}

  /** The user's request, reading NaN and infinite losses as divergence rather than bad input. */
  static LogInput.Request request(LogInput input) {
    LogInput.Request r = input.request();
    if (r.groupBy() != null) {
      throw UserException.badInput(
          "--group-by is not used here: groups are (params, batch_size, tokens); "
              + "choose a family with --family");
    }
    return new LogInput.Request(
        r.files(), r.load().withDivergedLoss(true), r.filters(), r.groupBy());
  }

  /** Loads and checks that every run has what a sweep needs. */
  static Dataset load(LogInput.Request request, picocli.CommandLine.Model.CommandSpec spec)
      throws InputException {
    Dataset d = LogInput.load(request, spec);
    String files = String.join(", ", d.files().stream().map(SourceFile::path).toList());
    for (Column c : List.of(Column.LR, Column.BATCH_SIZE)) {
      if (!d.has(c)) {
        List<String> all = new ArrayList<>(d.columns());
        all.addAll(d.tagColumns());
        all.addAll(d.ignoredColumns());
        throw UserException.badInput(
            files
                + ": no '"
                + c.canonical()
                + "' column (columns are "
                + String.join(", ", all)
                + "); a sweep needs each run's "
                + (c == Column.LR ? "peak learning rate" : "batch size in tokens per step")
                + ": name it with --column "
                + c.canonical()
                + "=YOURS");
      }
    }
    for (Run run : d.runs()) {
      if (Double.isNaN(run.lr()) || Double.isNaN(run.batchSize())) {
        throw UserException.badInput(
            files
                + ": run '"
                + run.id()
                + "' has no "
                + (Double.isNaN(run.lr()) ? "lr" : "batch_size")
                + " value; every run of a sweep needs one");
      }
    }
    if (d.families().size() > 1) {
      throw UserException.badInput(
          files
              + ": "
              + d.families().size()
              + " families ("
              + String.join(", ", d.families())
              + "): analyse one sweep at a time with --family NAME");
    }
    return d;
  }
}
