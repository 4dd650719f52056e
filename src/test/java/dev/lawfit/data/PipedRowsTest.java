package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipedRowsTest {

  /** Records each row as "line:value,value"; fails at {@code failAt} when it is positive. */
  private static final class Recorder implements RowSink {
    final List<String> seen = new ArrayList<>();
    final long failAt;
    final InputException error;

    Recorder(long failAt) {
      this.failAt = failAt;
      this.error = new InputException("f.csv", failAt, 2, "bad value");
    }

    @Override
    public void header(List<String> names) {
      seen.add("header " + names);
    }

    @Override
    public void row(long line, int[] columns, String[] values, int[] positions, int count)
        throws InputException {
      if (line == failAt) {
        throw error;
      }
      StringBuilder b = new StringBuilder().append(line).append(':');
      for (int k = 0; k < count; k++) {
        b.append(columns[k]).append('=').append(values[k]).append('@').append(positions[k]);
        b.append(' ');
      }
      seen.add(b.toString());
    }
  }

  /** Feeds rows 2..rows+1 the way a reader does, reusing its arrays. */
  private static void feed(RowSink sink, int rows) throws InputException {
    sink.header(List.of("a", "b", "c"));
    int[] columns = new int[3];
    String[] values = new String[3];
    int[] positions = new int[3];
    for (int line = 2; line < rows + 2; line++) {
      int count = 1 + line % 3;
      for (int k = 0; k < count; k++) {
        columns[k] = k;
        values[k] = "v" + line + "_" + k;
        positions[k] = 1 + 5 * k;
      }
      sink.row(line, columns, values, positions, count);
    }
  }

  @Test
  void theSinkSeesEveryRowInOrderAsTheReaderGaveIt() throws Exception {
    var direct = new Recorder(-1);
    feed(direct, 5_000);
    var piped = new Recorder(-1);
    var pipe = new PipedRows(piped);
    feed(pipe, 5_000);
    pipe.drain();
    assertEquals(direct.seen, piped.seen);
  }

  @Test
  void theSinksErrorStopsTheReaderAndWinsOverALaterReaderError() throws Exception {
    var sink = new Recorder(1_000);
    var pipe = new PipedRows(sink);
    // The reader goes on until a hand-over finds the sink's error, or fails itself later on.
    InputException thrown =
        assertThrows(
            InputException.class,
            () -> {
              try {
                feed(pipe, 100_000);
                throw new InputException("f.csv", 100_002, 1, "a later parse error");
              } finally {
                pipe.drain();
              }
            });
    assertSame(sink.error, thrown);
    assertEquals(1_000 - 2 + 1, sink.seen.size()); // the header and lines 2..999
  }

  @Test
  void aReaderErrorWithAHealthySinkIsTheReadersAndTheRowsBeforeItAreFiled() throws Exception {
    var sink = new Recorder(-1);
    var pipe = new PipedRows(sink);
    InputException reader = new InputException("f.csv", 3_002, 1, "a parse error");
    InputException thrown =
        assertThrows(
            InputException.class,
            () -> {
              try {
                feed(pipe, 3_000);
                throw reader;
              } finally {
                pipe.drain();
              }
            });
    assertSame(reader, thrown);
    assertEquals(3_001, sink.seen.size());
  }
}
