package dev.lawfit.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectiveTest {
  @Test
  void nameAndParameterGiveTheSameObjectiveBack() {
    for (Objective o :
        List.of(
            new Objective.Huber(3e-3),
            new Objective.SquaredLog(),
            new Objective.SquaredLinear(),
            new Objective.Asymmetric(5))) {
      assertEquals(o, Objective.of(o.name(), o.parameter()), o.toString());
    }
  }

  @Test
  void withoutAParameterTheDefaultsApply() {
    assertEquals(new Objective.Huber(1e-3), Objective.of("huber", null));
    assertEquals(new Objective.Asymmetric(2), Objective.of("asymmetric", null));
    assertNull(new Objective.SquaredLog().parameter());
    assertThrows(IllegalArgumentException.class, () -> Objective.of("cubic", null));
  }
}
