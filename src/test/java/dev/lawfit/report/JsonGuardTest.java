package dev.lawfit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The guard of {@link Json#write}: no document is ever written with NaN or an infinity, wherever it
 * hides.
 */
class JsonGuardTest {
  record Point(
      String name, double value, Double boxed, List<Double> list, Map<String, Double> map) {}

  record Wrapper(List<Point> points) {}

  @Test
  void aFiniteDocumentIsWrittenAsBefore() {
    String text =
        Json.write(new Wrapper(List.of(new Point("a", 1.5, null, List.of(2.0), Map.of("k", 3.0)))));
    assertEquals(
        """
        {
          "points" : [ {
            "name" : "a",
            "value" : 1.5,
            "boxed" : null,
            "list" : [ 2.0 ],
            "map" : {
              "k" : 3.0
            }
          } ]
        }
        """,
        text);
  }

  @Test
  void nanInAPrimitiveFieldIsRefusedWithItsPath() {
    var e =
        assertThrows(
            Json.NonFiniteNumberException.class,
            () ->
                Json.write(
                    new Wrapper(
                        List.of(
                            new Point("a", 1, 1.0, List.of(), Map.of()),
                            new Point("b", Double.NaN, 1.0, List.of(), Map.of())))));
    assertTrue(e.getMessage().contains("NaN at points[1].value"), e.getMessage());
  }

  @Test
  void infinitiesInBoxedValuesListsMapsAndTreesAreRefused() {
    assertThrows(
        Json.NonFiniteNumberException.class,
        () -> Json.write(new Point("a", 1, Double.POSITIVE_INFINITY, List.of(), Map.of())));
    var inList =
        assertThrows(
            Json.NonFiniteNumberException.class,
            () ->
                Json.write(
                    new Point("a", 1, 1.0, List.of(1.0, Double.NEGATIVE_INFINITY), Map.of())));
    assertTrue(inList.getMessage().contains("-Infinity at list[1]"), inList.getMessage());
    var inMap =
        assertThrows(
            Json.NonFiniteNumberException.class,
            () -> Json.write(new Point("a", 1, 1.0, List.of(), Map.of("k", Double.NaN))));
    assertTrue(inMap.getMessage().contains("at map.k"), inMap.getMessage());
    ObjectNode tree = Json.mapper().createObjectNode();
    tree.putObject("quality").put("mean_are", Double.POSITIVE_INFINITY);
    var inTree = assertThrows(Json.NonFiniteNumberException.class, () -> Json.write(tree));
    assertTrue(inTree.getMessage().contains("at quality.mean_are"), inTree.getMessage());
    assertThrows(Json.NonFiniteNumberException.class, () -> Json.write(new float[] {Float.NaN}));
  }
}
