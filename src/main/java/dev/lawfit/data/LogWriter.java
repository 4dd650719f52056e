package dev.lawfit.data;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes runs as a canonical CSV log, one row per checkpoint, that {@link LogLoader} reads back.
 */
public final class LogWriter {
  private static final List<String> COLUMNS =
      List.of("run", "family", "params", "tokens", "loss", "step", "lr", "batch_size", "seed");

  private LogWriter() {}

  /** Writes the header and every checkpoint of every run; absent values are empty cells. */
  public static void writeCsv(List<Run> runs, Writer out) throws IOException {
    CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true).setLineSeparator("\n");
    for (String c : COLUMNS) {
      schema.addColumn(c);
    }
    CsvMapper mapper = new CsvMapper();
    try (SequenceWriter rows =
        mapper.writerFor(Object[].class).with(schema.build()).writeValues(out)) {
      List<Object> row = new ArrayList<>(COLUMNS.size());
      for (Run run : runs) {
        Checkpoints c = run.checkpoints();
        for (int i = 0; i < c.size(); i++) {
          row.clear();
          row.add(run.id());
          row.add(run.family());
          row.add(text(run.params()));
          row.add(text(c.tokens(i)));
          row.add(lossText(c.loss(i)));
          row.add(text(c.step(i)));
          row.add(text(run.lr()));
          row.add(text(run.batchSize()));
          row.add(run.seed() == null ? "" : run.seed().toString());
          rows.write(row.toArray());
        }
      }
    }
  }

  /**
   * A diverged checkpoint's loss is written as {@code nan} or {@code inf}, as training scripts log
   * it.
   */
  private static String lossText(double v) {
    return Double.isNaN(v) ? "nan" : v == Double.POSITIVE_INFINITY ? "inf" : Numbers.format(v);
  }

  private static String text(double v) {
    return Double.isNaN(v) ? "" : Numbers.format(v);
  }
}
