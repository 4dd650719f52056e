package dev.lawfit.law;

/** Numerically stable log-sum-exp with softmax weights; no allocation. */
final class LogSumExp {
  private LogSumExp() {}

  /** log(exp(x) + exp(y)); writes the softmax weights into {@code w[0..1]} when w != null. */
  static double of2(double x, double y, double[] w) {
    double m = Math.max(x, y);
    double ex = Math.exp(x - m);
    double ey = Math.exp(y - m);
    double s = ex + ey;
    if (w != null) {
      w[0] = ex / s;
      w[1] = ey / s;
    }
    return m + Math.log(s);
  }

  /** log(exp(x) + exp(y) + exp(z)); softmax weights into {@code w[0..2]} when w != null. */
  static double of3(double x, double y, double z, double[] w) {
    double m = Math.max(x, Math.max(y, z));
    double ex = Math.exp(x - m);
    double ey = Math.exp(y - m);
    double ez = Math.exp(z - m);
    double s = ex + ey + ez;
    if (w != null) {
      w[0] = ex / s;
      w[1] = ey / s;
      w[2] = ez / s;
    }
    return m + Math.log(s);
  }
}
