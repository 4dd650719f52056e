package dev.lawfit.fit;

import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.law.Law;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which internal parameters a fit optimises and the values of the ones the user held.
 *
 * @param template full internal vector with the fixed coordinates filled in (others 0)
 * @param fixed per parameter, whether it is held
 * @param free indices of the free parameters, increasing
 */
record FreeParameters(double[] template, boolean[] fixed, int[] free) {

  /**
   * @throws FitException BAD_OPTION for an unknown or out-of-domain fixed parameter
   */
  static FreeParameters of(Law law, Map<String, Double> held) throws FitException {
    int p = law.parameterCount();
    var template = new double[p];
    var isFixed = new boolean[p];
    for (var e : held.entrySet()) {
      int j = law.indexOf(e.getKey());
      if (j < 0) {
        throw new FitException(
            Reason.BAD_OPTION,
            "unknown parameter '"
                + e.getKey()
                + "' for law "
                + law.name()
                + "; valid: "
                + String.join(", ", law.parameterNames()));
      }
      if (!law.admissible(j, e.getValue())) {
        throw new FitException(
            Reason.BAD_OPTION,
            "fixed " + e.getKey() + " = " + e.getValue() + " is outside its domain");
      }
      template[j] = law.toInternal(j, e.getValue());
      isFixed[j] = true;
    }
    int[] free = IntStream.range(0, p).filter(j -> !isFixed[j]).toArray();
    return new FreeParameters(template, isFixed, free);
  }
}
