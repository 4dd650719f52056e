package dev.lawfit.analysis.sgd;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.lawfit.data.Numbers;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes {@link SgdLab} runs as a lawfit run log (CSV, one row per evaluation) that {@code
 * hparams}, {@code critical-batch --from sweep} and, for one run, {@code critical-batch --from
 * gradient-noise} read.
 *
 * <p>Columns: {@code run, family, params} (p d trained weights), {@code tokens} (samples seen),
 * {@code loss} (population risk), {@code step, lr} (the base lr, constant in a run), {@code
 * batch_size} (the run's first batch size, constant in a run), {@code seed}, then {@code step_size}
 * (the step's eta), {@code batch_now} (the step's batch, which the norm test may grow), and the
 * gradient-noise columns {@code grad_sq_small, grad_sq_big, batch_small, batch_big} (empty when the
 * batch is 1).
 */
public final class SgdLogWriter {
  static final List<String> COLUMNS =
      List.of(
          "run",
          "family",
          "params",
          "tokens",
          "loss",
          "step",
          "lr",
          "batch_size",
          "seed",
          "step_size",
          "batch_now",
          "grad_sq_small",
          "grad_sq_big",
          "batch_small",
          "batch_big");

  private SgdLogWriter() {}

  /**
   * The run's id: dimension, information exponent, loss, batch size and lr, e.g. {@code
   * d64-l2-square-b16-lr0.17}.
   */
  public static String id(SgdLab.Spec spec, SgdLab.RunLog run) {
    return "d"
        + spec.dim()
        + "-l"
        + spec.infoExponent()
        + "-"
        + spec.loss().name().toLowerCase(java.util.Locale.ROOT)
        + (spec.normTest() == null ? "-b" : "-from-b")
        + run.batchSize()
        + "-lr"
        + Numbers.format(run.lr());
  }

  public static void writeCsv(SgdLab.Spec spec, List<SgdLab.RunLog> runs, Writer out)
      throws IOException {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
    COLUMNS.forEach(schema::addColumn);
    String params = Numbers.format((double) spec.hidden() * spec.dim());
    try (SequenceWriter rows =
        new CsvMapper().writerFor(Object[].class).with(schema.build()).writeValues(out)) {
      for (SgdLab.RunLog run : runs) {
        String id = id(spec, run);
        for (SgdLab.Row r : run.rows()) {
          boolean noise = !Double.isNaN(r.gradSqSmall());
          rows.write(
              new Object[] {
                id,
                "sgd",
                params,
                Long.toString(r.samples()),
                Numbers.format(r.risk()),
                Long.toString(r.step()),
                Numbers.format(run.lr()),
                Integer.toString(run.batchSize()),
                Long.toString(spec.seed()),
                Numbers.format(r.stepSize()),
                Integer.toString(r.batch()),
                noise ? Numbers.format(r.gradSqSmall()) : "",
                noise ? Numbers.format(r.gradSqBig()) : "",
                noise ? "1" : "",
                noise ? Integer.toString(r.batch()) : ""
              });
        }
      }
    }
  }
}
