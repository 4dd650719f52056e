package dev.lawfit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 1: which of several loss-like columns becomes the loss, by a written rule, and
 * said.
 */
class LossColumnChoiceTest {
  @TempDir Path dir;

  private Path log(String name, String header, String... rows) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, header + "\n" + String.join("\n", rows) + "\n");
    return file;
  }

  private static double[] losses(Dataset d) {
    return d.runs().get(0).checkpoints().loss();
  }

  @Test
  void evaluationLossIsReadBeforeTrainingLossInEitherOrderAndTheChoiceIsSaid() throws Exception {
    for (String header :
        List.of(
            "run,params,tokens,train_loss,eval_loss", "run,params,tokens,eval_loss,train_loss")) {
      boolean trainFirst = header.indexOf("train_loss") < header.indexOf("eval_loss");
      String r1 = trainFirst ? "r,1e8,1e9,3.0,3.2" : "r,1e8,1e9,3.2,3.0";
      String r2 = trainFirst ? "r,1e8,2e9,2.9,3.1" : "r,1e8,2e9,3.1,2.9";
      Path file = log("both.csv", header, r1, r2);
      Dataset d = new LogLoader(LoadOptions.defaults()).load(List.of(file));
      assertArrayEquals(new double[] {3.2, 3.1}, losses(d), 0, header);
      assertEquals(1, d.warnings().size(), d.warnings().toString());
      assertTrue(
          d.warnings().get(0).contains("loss read from 'eval_loss', not 'train_loss'"),
          d.warnings().get(0));
    }
  }

  @Test
  void validationBeforeTestBeforeTraining() throws Exception {
    Path file =
        log(
            "three.csv",
            "run,params,tokens,train/loss,test_loss,val/loss",
            "r,1e8,1e9,1.0,2.0,3.0");
    assertArrayEquals(
        new double[] {3.0}, losses(new LogLoader(LoadOptions.defaults()).load(List.of(file))), 0);
    Path noEval = log("two.csv", "run,params,tokens,train_loss,test_loss", "r,1e8,1e9,1.0,2.0");
    assertArrayEquals(
        new double[] {2.0}, losses(new LogLoader(LoadOptions.defaults()).load(List.of(noEval))), 0);
  }

  @Test
  void twoOfTheSameKindAreAnErrorNamingBothAndTheFix() throws Exception {
    Path file = log("tie.csv", "run,params,tokens,eval_loss,val/loss", "r,1e8,1e9,3.2,3.0");
    InputException e =
        assertThrows(
            InputException.class, () -> new LogLoader(LoadOptions.defaults()).load(List.of(file)));
    assertEquals(
        file
            + ":1:5: two loss columns of the same kind, 'eval_loss' and 'val/loss': choose one with --column loss=NAME",
        e.getMessage());
  }

  @Test
  void anExplicitMappingWinsWithoutAWarning() throws Exception {
    Path file = log("both.csv", "run,params,tokens,train_loss,eval_loss", "r,1e8,1e9,3.0,3.2");
    Dataset d =
        new LogLoader(LoadOptions.defaults().withColumns(Map.of(Column.LOSS, "train_loss")))
            .load(List.of(file));
    assertArrayEquals(new double[] {3.0}, losses(d), 0);
    assertTrue(d.warnings().isEmpty(), d.warnings().toString());
  }
}
