package dev.lawfit.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.TestData;
import dev.lawfit.law.Chinchilla;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's optimum agrees with an independent implementation: the objective written again from
 * the paper's formula in natural units (no law code, no least-squares form), minimised by Commons
 * Math BOBYQA (derivative-free) from the engine's optimum and from a point away from it.
 */
class IndependentOptimumTest {

  static Stream<Objective> objectives() {
    return Stream.of(
        Objective.huber(),
        new Objective.SquaredLog(),
        new Objective.SquaredLinear(),
        new Objective.Asymmetric(3.0));
  }

  /** sum_i rho(r_i) for natural Chinchilla parameters, written independently of the engine. */
  static double independentObjective(
      Objective o, double[] N, double[] D, double[] L, double[] nat) {
    double sum = 0;
    for (int i = 0; i < L.length; i++) {
      // L = E + A/N^alpha + B/D^beta (Hoffmann et al. 2022)
      double pred = nat[0] + nat[1] / Math.pow(N[i], nat[3]) + nat[2] / Math.pow(D[i], nat[4]);
      double r = o.space().equals("log") ? Math.log(pred) - Math.log(L[i]) : pred - L[i];
      sum +=
          switch (o.name()) {
            case "huber" -> Math.abs(r) <= 1e-3 ? 0.5 * r * r : 1e-3 * (Math.abs(r) - 0.5e-3);
            case "asymmetric" -> (r > 0 ? 3.0 : 1.0) * r * r;
            default -> r * r;
          };
    }
    return sum;
  }

  @ParameterizedTest
  @MethodSource("objectives")
  void bobyqaOnTheExactObjectiveAgrees(Objective objective) throws FitException {
    var obs = TestData.syntheticChinchilla(TestData.HOFFMANN, 7, 8, 0.01, 31);
    double[] N = obs.params();
    double[] D = obs.tokens();
    double[] L = obs.loss();
    var fit = Fitter.fit(new Chinchilla(), obs, FitOptions.defaults().withObjective(objective));
    double[] nat = fit.values();
    double engine = fit.objective().value();
    assertEquals(
        independentObjective(objective, N, D, L, nat),
        engine,
        1e-12 * engine,
        "same objective value at the engine's optimum");

    // Coordinates of the test's own choosing: log E, log of A/N^alpha and B/D^beta at the
    // geometric-mean N and D, alpha, beta. Centring removes the near-collinearity of log A and
    // alpha (log N is ~20), without which a derivative-free method stalls in the valley.
    double mN = Arrays.stream(N).map(Math::log).average().orElseThrow();
    double mD = Arrays.stream(D).map(Math::log).average().orElseThrow();
    double[] opt = {
      Math.log(nat[0]),
      Math.log(nat[1]) - nat[3] * mN,
      Math.log(nat[2]) - nat[4] * mD,
      nat[3],
      nat[4]
    };
    java.util.function.Function<double[], double[]> natural =
        x ->
            new double[] {
              Math.exp(x[0]), Math.exp(x[1] + x[3] * mN), Math.exp(x[2] + x[4] * mD), x[3], x[4]
            };
    ObjectiveFunction f =
        new ObjectiveFunction(x -> independentObjective(objective, N, D, L, natural.apply(x)));
    double[] away = opt.clone();
    for (int j = 0; j < 5; j++) {
      away[j] += (j % 2 == 0 ? 0.05 : -0.05) * Math.max(1, Math.abs(opt[j]));
    }
    for (double[] start : new double[][] {opt, away}) {
      double[] x = start;
      double v = Double.POSITIVE_INFINITY;
      // BOBYQA restarts from its own result until it stops improving (it shrinks its trust
      // region for good once it has converged).
      for (int round = 0; round < 6; round++) {
        var bobyqa = new BOBYQAOptimizer(11, 0.01, 1e-12);
        var lower = new double[5];
        var upper = new double[5];
        Arrays.fill(lower, -60);
        Arrays.fill(upper, 60);
        var pv =
            bobyqa.optimize(
                new MaxEval(50_000),
                f,
                GoalType.MINIMIZE,
                new InitialGuess(x),
                new SimpleBounds(lower, upper));
        if (pv.getValue() >= v * (1 - 1e-15)) {
          break;
        }
        x = pv.getPoint();
        v = pv.getValue();
      }
      // Never better than the engine beyond 1e-6 relative: the engine's point is the minimum.
      assertTrue(
          v >= engine * (1 - 1e-6),
          objective.name() + ": independent " + v + " < engine " + engine);
      assertEquals(engine, v, 1e-6 * engine, objective.name());
      double[] found = natural.apply(x);
      for (int j = 0; j < 5; j++) {
        assertEquals(
            nat[j],
            found[j],
            1e-6 * Math.abs(nat[j]),
            objective.name()
                + " parameter "
                + j
                + (start == opt ? " from the optimum" : " from away")
                + ", value "
                + v);
      }
    }
  }
}
