package dev.lawfit.report;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Numbers;
import dev.lawfit.data.Run;
import dev.lawfit.fit.FitResult;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fit --points FILE.csv}: every checkpoint a fit used, with the loss the fit predicts there
 * and the residual, for the user's own plots. Predictions are made as {@code lawfit predict} makes
 * them (compute 6 N D unless logged).
 */
public final class FitPoints {
  private FitPoints() {}

  /**
   * The columns, in order; {@code group} (the value of the --group-by column) only for grouped
   * fits.
   */
  static List<String> columns(String groupBy) {
    List<String> c = new ArrayList<>();
    if (groupBy != null) {
      c.add("group");
    }
    c.addAll(
        List.of(
            "run",
            "family",
            "params",
            "tokens",
            "compute",
            "loss",
            "predicted",
            "residual_log",
            "residual_rel"));
    return c;
  }

  /** One group's fit and the checkpoints it was fitted to. */
  public record Part(String group, FitResult fit, Dataset dataset) {}

  /**
   * Writes a header and one row per checkpoint: residual_log = ln L − ln L̂, residual_rel = (L −
   * L̂) / L (so |residual_rel| is the ARE of fit quality).
   */
  public static void writeCsv(List<Part> parts, String groupBy, Writer out) throws IOException {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
    columns(groupBy).forEach(schema::addColumn);
    try (SequenceWriter rows =
        new CsvMapper().writerFor(Object[].class).with(schema.build()).writeValues(out)) {
      List<Object> row = new ArrayList<>();
      for (Part part : parts) {
        for (Run run : part.dataset().runs()) {
          Checkpoints c = run.checkpoints();
          for (int i = 0; i < c.size(); i++) {
            double loss = c.loss(i);
            // As Prediction.at computes it, without the bootstrap interval predict adds: C logged,
            // else 6 N T.
            double compute = run.computeFlops(i);
            double predicted =
                part.fit().law().predict(part.fit().values(), run.params(), c.tokens(i), compute);
            row.clear();
            if (groupBy != null) {
              row.add(part.group());
            }
            row.add(run.id());
            row.add(run.family());
            row.add(text(run.params()));
            row.add(text(c.tokens(i)));
            row.add(text(compute));
            row.add(text(loss));
            row.add(text(predicted));
            row.add(text(Math.log(loss) - Math.log(predicted)));
            row.add(text((loss - predicted) / loss));
            rows.write(row.toArray());
          }
        }
      }
    }
  }

  private static String text(double v) {
    return Double.isNaN(v) ? "" : Numbers.format(v);
  }
}
