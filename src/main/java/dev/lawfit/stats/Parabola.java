package dev.lawfit.stats;

/**
 * A parabola {@code y = y* + a (x - x*)^2} fitted by least squares, with its vertex and curvature
 * and their 95% intervals (delta method, Student t with n - 3 degrees of freedom: {@link
 * Intervals}). The fit is a {@link LinearFit} in x - mean(x), centred for conditioning.
 *
 * @param vertex x*, where the fitted y is smallest (when a > 0)
 * @param vertexLow lower end of x*'s 95% interval, NaN when there is none
 * @param vertexHigh upper end of x*'s 95% interval
 * @param minimum y at the vertex
 * @param curvature a, half the second derivative
 * @param curvatureLow lower end of a's 95% interval, NaN when there is none
 * @param curvatureHigh upper end of a's 95% interval
 * @param points points fitted
 * @param vertexVariance var(x*) per unit noise variance of y (delta method): what weighs the vertex
 *     in a law
 * @param curvatureVariance var(a) per unit noise variance of y
 * @param centreValue the fitted y at the mean of x (b0)
 * @param vertexStderr the standard error of x* (delta method) its interval is made from, NaN when
 *     there is none
 * @param curvatureStderr the standard error of a its interval is made from, NaN when there is none
 */
public record Parabola(
    double vertex,
    double vertexLow,
    double vertexHigh,
    double minimum,
    double curvature,
    double curvatureLow,
    double curvatureHigh,
    int points,
    double vertexVariance,
    double curvatureVariance,
    double centreValue,
    double vertexStderr,
    double curvatureStderr) {

  /** Whether the fit opens upwards, so that its vertex is a minimum. */
  public boolean convex() {
    return curvature > 0;
  }

  public boolean hasIntervals() {
    return !Double.isNaN(vertexLow);
  }

  /**
   * Fits {@code y ~ b0 + b1 (x - m) + b2 (x - m)^2} with m the mean of x; {@code null} when
   * singular.
   */
  public static Parabola fit(double[] x, double[] y) {
    int n = x.length;
    double m = 0;
    for (double v : x) {
      m += v;
    }
    m /= n;
    double[][] design = new double[n][2];
    for (int i = 0; i < n; i++) {
      double d = x[i] - m;
      design[i][0] = d;
      design[i][1] = d * d;
    }
    LinearFit f = LinearFit.of(design, y, null);
    if (f == null) {
      return null;
    }
    double b0 = f.beta()[0];
    double b1 = f.beta()[1];
    double b2 = f.beta()[2];
    double vertex = m - b1 / (2 * b2);
    double minimum = b0 - b1 * b1 / (4 * b2);
    double vLow = Double.NaN;
    double vHigh = Double.NaN;
    double aLow = Double.NaN;
    double aHigh = Double.NaN;
    double se = Double.NaN;
    double seA = Double.NaN;
    // Delta method for x* = m - b1 / (2 b2): gradient (0, -1/(2 b2), b1/(2 b2^2)).
    double g1 = -1 / (2 * b2);
    double g2 = b1 / (2 * b2 * b2);
    double[][] u = f.unscaled();
    double vertexVariance = g1 * g1 * u[1][1] + 2 * g1 * g2 * u[1][2] + g2 * g2 * u[2][2];
    if (f.covariance() != null && f.df() > 0) {
      double t = Intervals.t975(f.df());
      double[][] c = f.covariance();
      double var = g1 * g1 * c[1][1] + 2 * g1 * g2 * c[1][2] + g2 * g2 * c[2][2];
      se = Math.sqrt(Math.max(var, 0));
      vLow = vertex - t * se;
      vHigh = vertex + t * se;
      seA = Math.sqrt(c[2][2]);
      aLow = b2 - t * seA;
      aHigh = b2 + t * seA;
    }
    return new Parabola(
        vertex,
        vLow,
        vHigh,
        minimum,
        b2,
        aLow,
        aHigh,
        n,
        Math.max(vertexVariance, 0),
        u[2][2],
        b0,
        se,
        seA);
  }
}
