package dev.lawfit.plot;

import dev.lawfit.fit.FitResult;
import dev.lawfit.report.Formats;
import java.util.ArrayList;
import java.util.List;

/** The words under a figure: the formula with its fitted values, and how good the fit is. */
final class Captions {
  private Captions() {}

  /** {@code L = E + A/N^alpha + B/D^beta with E = 1.69, A = 406, ...}. */
  static String formula(FitResult fit) {
    List<String> parts = new ArrayList<>();
    List<String> names = fit.law().parameterNames();
    double[] v = fit.values();
    for (int j = 0; j < names.size(); j++) {
      parts.add(names.get(j) + " = " + Formats.sig(v[j], 4));
    }
    return fit.law().formula() + "  with  " + String.join(", ", parts);
  }

  static String quality(FitResult fit, int points) {
    var q = fit.quality();
    return Formats.count(points)
        + " checkpoints; rmse of ln L "
        + Formats.sig(q.rmseLog(), 3)
        + (q.r2Log() == null ? "" : ", R² of ln L " + Formats.sig(q.r2Log(), 4))
        + ", mean ARE "
        + Formats.sig(q.meanAre(), 3);
  }
}
