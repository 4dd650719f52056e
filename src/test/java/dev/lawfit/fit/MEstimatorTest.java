package dev.lawfit.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.law.Law;
import dev.lawfit.law.PowerLaw;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Standard errors of the robust objectives on a straight line: L = A N^-alpha with E fixed at
 * 1e-300, so log L_hat = log A - alpha ln N is linear in the internal parameters (log A, alpha) and
 * the Jacobian is the design X_i = (1, -ln N_i). The expected covariances are written out here for
 * that design, apart from the fitter's code.
 */
class MEstimatorTest {

  private static final Law LAW = new PowerLaw(Law.Input.PARAMS);
  private static final double LOG_A = Math.log(400);
  private static final double ALPHA = 0.3;
  private static final int N = 50;

  /** 50 points, N log-spaced over 1e7..1e10, log noise sigma from seed; weights may be null. */
  private static Observations line(double sigma, long seed, double[] weights) {
    var rng = new Random(seed);
    double[] params = new double[N];
    double[] loss = new double[N];
    for (int i = 0; i < N; i++) {
      params[i] = 1e7 * Math.pow(1000, i / (N - 1.0));
      loss[i] = Math.exp(LOG_A - ALPHA * Math.log(params[i]) + sigma * rng.nextGaussian());
    }
    return new Observations(params, null, null, loss, weights, null, 6);
  }

  private static FitResult fitLine(Observations obs, Objective objective) throws FitException {
    return Fitter.fit(
        LAW, obs, FitOptions.defaults().withObjective(objective).withFixed("E", 1e-300));
  }

  @Test
  void withEveryResidualInsideDeltaHuberGivesTheOrdinaryLeastSquaresErrors() throws FitException {
    // delta = 1 against 1% noise: Huber is r^2 / 2 at every point, the fit is ordinary least
    // squares,
    // and Var(slope) = sigma^2 / Sxx, Var(intercept) = sigma^2 (1/n + xbar^2 / Sxx) in closed form.
    var obs = line(0.01, 7, null);
    var fit = fitLine(obs, new Objective.Huber(1.0));
    double[] x = Arrays.stream(obs.params()).map(Math::log).toArray();
    double[] y = Arrays.stream(obs.loss()).map(Math::log).toArray();
    double sumX = 0;
    double sumY = 0;
    double sumXX = 0;
    double sumXY = 0;
    for (int i = 0; i < N; i++) {
      sumX += x[i];
      sumY += y[i];
      sumXX += x[i] * x[i];
      sumXY += x[i] * y[i];
    }
    double xbar = sumX / N;
    double sxx = sumXX - sumX * sumX / N;
    double slope = (sumXY - sumX * sumY / N) / sxx;
    double intercept = (sumY - slope * sumX) / N;
    double rss = 0;
    for (int i = 0; i < N; i++) {
      double e = y[i] - intercept - slope * x[i];
      rss += e * e;
    }
    double sigma2 = rss / (N - 2);
    assertEquals(-slope, fit.value("alpha"), 1e-8);
    assertEquals(intercept, Math.log(fit.value("A")), 1e-7);
    assertEquals(
        Math.sqrt(sigma2 / sxx), fit.parameters().get(2).stderr(), 1e-6 * Math.sqrt(sigma2 / sxx));
    double seLogA = Math.sqrt(sigma2 * (1.0 / N + xbar * xbar / sxx));
    assertEquals(
        fit.value("A") * seLogA, fit.parameters().get(1).stderr(), 1e-6 * fit.value("A") * seLogA);
  }

  static Stream<Arguments> robustLines() {
    double[] weights = new double[N];
    for (int i = 0; i < N; i++) {
      weights[i] = 0.5 + 1.5 * (i % 3) / 2.0;
    }
    return Stream.of(
        Arguments.of(
            "huber, delta 0.02: most residuals inside", new Objective.Huber(0.02), 0.01, null),
        Arguments.of("huber, delta 1e-3: window around 0", new Objective.Huber(1e-3), 0.01, null),
        Arguments.of("huber, delta 1e-3, 5% noise", new Objective.Huber(1e-3), 0.05, null),
        Arguments.of("huber, weighted", new Objective.Huber(0.02), 0.01, weights),
        Arguments.of("asymmetric, k 2", new Objective.Asymmetric(2), 0.01, null),
        Arguments.of("asymmetric, k 5, weighted", new Objective.Asymmetric(5), 0.01, weights));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("robustLines")
  void robustCovarianceOfALineMatchesHubersFormulaWrittenOut(
      String name, Objective objective, double sigma, double[] weights) throws FitException {
    var obs = line(sigma, 11, weights);
    var fit = fitLine(obs, objective);
    double a = Math.log(fit.value("A"));
    double alpha = fit.value("alpha");
    double[] x = Arrays.stream(obs.params()).map(Math::log).toArray();
    double[] r = new double[N];
    for (int i = 0; i < N; i++) {
      r[i] = a - alpha * x[i] - Math.log(obs.loss()[i]);
    }
    double[][] expected = expectedCovariance(objective, r, x, weights);
    double[][] cov = fit.covariance();
    double bigA = fit.value("A");
    // Natural units by the delta method: A = e^a, so Var(A) = A^2 Var(a), Cov(A, alpha) = A Cov(a,
    // alpha).
    assertEquals(
        bigA * bigA * expected[0][0], cov[1][1], 1e-6 * bigA * bigA * expected[0][0], name);
    assertEquals(bigA * expected[0][1], cov[1][2], 1e-6 * Math.abs(bigA * expected[0][1]), name);
    assertEquals(expected[1][1], cov[2][2], 1e-6 * expected[1][1], name);
    assertEquals(
        Math.sqrt(expected[1][1]),
        fit.parameters().get(2).stderr(),
        1e-6 * Math.sqrt(expected[1][1]),
        name);
  }

  /**
   * Covariance of (log A, alpha) for the design X_i = (1, -x_i): c (X'WX)^-1 (X'W^2X) (X'WX)^-1
   * with c = K^2 [sum psi^2 / (n - p)] / m^2 (Huber 1981, eq. 7.6.4; W = I without weights). For
   * Huber m = (delta / h) s, s the share of |r| &lt;= h, h = max(delta, the 2q quantile of |r|), q
   * the Hall-Sheather bandwidth n^-1/3 z^2/3 (1.5 phi(0)^2)^1/3, and K = 1 + (p/n)(1 - s)/s; for
   * the asymmetric objective psi = 2 k r or 2 r and m, K from psi' in {2k, 2}.
   */
  private static double[][] expectedCovariance(
      Objective objective, double[] r, double[] x, double[] w) {
    int n = r.length;
    int p = 2;
    double sumPsi2 = 0;
    double m;
    double k;
    if (objective instanceof Objective.Huber huber) {
      double delta = huber.delta();
      double[] abs = Arrays.stream(r).map(Math::abs).sorted().toArray();
      double q =
          Math.pow(n, -1.0 / 3)
              * Math.pow(1.959963984540054, 2.0 / 3)
              * Math.pow(1.5 * Math.pow(1 / Math.sqrt(2 * Math.PI), 2), 1.0 / 3);
      double pos = (n - 1) * 2 * q; // type 7 quantile
      int lo = (int) Math.floor(pos);
      double h = Math.max(delta, abs[lo] + (pos - lo) * (abs[lo + 1] - abs[lo]));
      int window = 0;
      for (int i = 0; i < n; i++) {
        double psi = Math.abs(r[i]) <= delta ? r[i] : Math.signum(r[i]) * delta;
        sumPsi2 += psi * psi;
        window += Math.abs(r[i]) <= h ? 1 : 0;
      }
      double share = (double) window / n;
      m = delta / h * share;
      k = 1 + (double) p / n * (1 - share) / share;
    } else {
      double kk = ((Objective.Asymmetric) objective).k();
      double sumD = 0;
      double sumD2 = 0;
      for (double ri : r) {
        double d = ri > 0 ? 2 * kk : 2;
        sumPsi2 += d * ri * d * ri;
        sumD += d;
        sumD2 += d * d;
      }
      m = sumD / n;
      double var = sumD2 / n - m * m;
      k = 1 + (double) p / n * var / (m * m);
    }
    double c = k * k * sumPsi2 / (n - p) / (m * m);
    double[][] bread = new double[2][2];
    double[][] meat = new double[2][2];
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      double[] xi = {1, -x[i]};
      for (int u = 0; u < 2; u++) {
        for (int v = 0; v < 2; v++) {
          bread[u][v] += wi * xi[u] * xi[v];
          meat[u][v] += wi * wi * xi[u] * xi[v];
        }
      }
    }
    double det = bread[0][0] * bread[1][1] - bread[0][1] * bread[1][0];
    double[][] inv = {
      {bread[1][1] / det, -bread[0][1] / det}, {-bread[1][0] / det, bread[0][0] / det}
    };
    double[][] out = new double[2][2];
    for (int u = 0; u < 2; u++) {
      for (int v = 0; v < 2; v++) {
        for (int s = 0; s < 2; s++) {
          for (int t = 0; t < 2; t++) {
            out[u][v] += c * inv[u][s] * meat[s][t] * inv[t][v];
          }
        }
      }
    }
    return out;
  }

  @Test
  void fewerResidualsInsideDeltaThanParametersStillGiveErrorsWithAWarning() {
    // 3 of 40 residuals inside delta = 1e-3, 3 free parameters: Huber's count says nothing, the
    // window does.
    double[] r = new double[40];
    for (int i = 0; i < r.length; i++) {
      r[i] = (i < 3 ? 5e-4 : 0.002 + 0.001 * i) * (i % 2 == 0 ? 1 : -1);
    }
    var scale = MEstimator.scale(new Objective.Huber(1e-3), r, 3);
    assertTrue(Double.isFinite(scale.factor()) && scale.factor() > 0, scale.toString());
    assertNotNull(scale.warning());
    assertTrue(
        scale.warning().contains("only 3 of 40 log residuals lie within the Huber delta"),
        scale.warning());
    assertNull(
        MEstimator.scale(new Objective.Huber(1e-3), r, 2).warning(),
        "3 inside, 2 parameters: no warning");
  }

  @Test
  void tooFewResidualsNearZeroLeaveNoStandardErrors() {
    // 8 points for 7 parameters: the window holds at most 7 residuals, no more than the parameters.
    double[] r = {0.01, -0.02, 0.03, -0.04, 0.05, -0.06, 0.07, -0.08};
    var scale = MEstimator.scale(new Objective.Huber(1e-3), r, 7);
    assertTrue(Double.isNaN(scale.factor()));
    assertTrue(scale.warning().contains("use the bootstrap"), scale.warning());
  }
}
