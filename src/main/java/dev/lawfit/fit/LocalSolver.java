package dev.lawfit.fit;

import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem.Evaluation;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.optim.AbstractOptimizationProblem;

/**
 * One local optimisation: Commons Math Levenberg–Marquardt on the problem's least-squares form
 * (exact for the squared objectives; the square-root form for Huber, whose stationary points are
 * exactly the Huber objective's), and for Huber a Newton polish on the objective itself ({@link
 * HuberNewton}). Tolerances are near machine precision because the Huber objective with a small
 * delta is nearly piecewise linear and LM would otherwise stop early.
 */
final class LocalSolver {

  private LocalSolver() {}

  /** Result of one local optimisation; {@code value} is the exact objective at {@code x}. */
  record Outcome(double[] x, double value, boolean converged, int evaluations) {}

  private static final class NonFinite extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NonFinite() {
      super(null, null, false, false);
    }
  }

  /** Tracks the best point the optimizer evaluated, so an early exception loses nothing. */
  private static final class Tracker {
    double bestCost = Double.POSITIVE_INFINITY;
    double[] bestX;
    int evaluations;
  }

  /**
   * What Levenberg–Marquardt needs: residuals s_i whose squares sum to a multiple of the exact
   * objective, their Jacobian, and the exact objective. {@link Problem} is the one implementation
   * in the engine; tests plug in certified reference problems (NIST StRD).
   */
  interface Form {
    int points();

    int dim();

    void leastSquares(double[] x, double[] s, double[][] jac);

    double value(double[] x);
  }

  /**
   * The Jacobian as Levenberg–Marquardt reads it, in buffers one solve reuses. Each outer iteration
   * the optimizer takes {@code scalarMultiply(-1).getData()} of the latest evaluation and factors
   * that copy in place; it never reads an older evaluation's Jacobian (a rejected step restores the
   * point and keeps the factors it has). So the rows and the negated copy can be overwritten by the
   * next evaluation: without this, Commons Math's generic scalarMultiply (index-checked accessors)
   * and the copy in getData cost some 15% of a fit (JFR, issue 15), and every evaluation allocated
   * 2 n small rows. The numbers are the same.
   */
  private static final class Jacobian extends Array2DRowRealMatrix {
    private static final long serialVersionUID = 1L;
    private final transient double[][] negated;

    Jacobian(double[][] rows, double[][] negated) {
      super(rows, false);
      this.negated = negated;
    }

    @Override
    public RealMatrix scalarMultiply(double d) {
      double[][] in = getDataRef();
      for (int i = 0; i < in.length; i++) {
        double[] row = in[i];
        double[] o = negated[i];
        for (int j = 0; j < row.length; j++) {
          o[j] = row[j] * d;
        }
      }
      return new Array2DRowRealMatrix(negated, false) {
        private static final long serialVersionUID = 1L;

        /** The rows without a copy: the optimizer factors them in place. */
        @Override
        public double[][] getData() {
          return getDataRef();
        }
      };
    }
  }

  /**
   * The problem as Levenberg–Marquardt reads it, in place of {@code LeastSquaresBuilder}'s: each
   * evaluation's residuals are {@code 0 - s_i} (the zero target less the model, as the builder's
   * evaluation computes them) and its cost is the square root of the sum of s_i^2 that the
   * evaluation already adds up, in the same order as the builder's evaluation's dot product, so the
   * numbers are the same to the bit. The builder's evaluation instead subtracted through a clone of
   * the target and computed the cost from a second copy made element by element through {@code
   * getEntry}, which async-profiler put at 12% of the samples of {@code evaluate} on the Hitchhiker
   * table. Measured: 1.2% fewer instructions for a default fit of the 240 Chinchilla points
   * (callgrind with -Xbatch, 2.353e9 -> 2.325e9) and 16% less allocation (JMH {@code defaultFit}
   * 9.25 -> 7.7 MB per fit); issue 15.
   */
  private static final class LeastSquares extends AbstractOptimizationProblem<Evaluation>
      implements LeastSquaresProblem {
    private final Form pb;
    private final double[] x0;
    private final Tracker tracker;
    private final double[] s;
    private final double[][] jac;
    private final double[][] negated;

    LeastSquares(Form pb, double[] x0, int maxIterations, Tracker tracker) {
      // Commons Math defaults both limits to 0, which fails on the first evaluation (STACK.md).
      super(4 * maxIterations, maxIterations, null);
      this.pb = pb;
      this.x0 = x0.clone();
      this.tracker = tracker;
      this.s = new double[pb.points()];
      this.jac = new double[pb.points()][pb.dim()];
      this.negated = new double[pb.points()][pb.dim()];
    }

    @Override
    public RealVector getStart() {
      return new ArrayRealVector(x0);
    }

    @Override
    public int getObservationSize() {
      return s.length;
    }

    @Override
    public int getParameterSize() {
      return x0.length;
    }

    @Override
    public Evaluation evaluate(RealVector point) {
      double[] x = point.toArray();
      pb.leastSquares(x, s, jac);
      double cost = 0;
      for (double v : s) {
        cost += v * v;
      }
      tracker.evaluations++;
      if (!Double.isFinite(cost)) {
        throw new NonFinite();
      }
      if (cost < tracker.bestCost) {
        tracker.bestCost = cost;
        tracker.bestX = x;
      }
      double[] residuals = new double[s.length];
      for (int i = 0; i < s.length; i++) {
        residuals[i] = 0.0 - s[i];
      }
      return new Result(
          new ArrayRealVector(x, false),
          new ArrayRealVector(residuals, false),
          new Jacobian(jac, negated),
          Math.sqrt(cost));
    }
  }

  /** One evaluation: the point, residuals, Jacobian and cost, as computed. */
  private record Result(
      RealVector getPoint, RealVector getResiduals, RealMatrix getJacobian, double getCost)
      implements Evaluation {
    /** sqrt(cost^2 / n), as Commons Math defines it. */
    @Override
    public double getRMS() {
      return Math.sqrt(getCost * getCost / getResiduals.getDimension());
    }

    /** Not used by the optimizer; the fit's covariance is {@link Covariance}'s. */
    @Override
    public RealMatrix getCovariances(double threshold) {
      throw new UnsupportedOperationException("covariances come from Covariance");
    }

    /** Not used by the optimizer. */
    @Override
    public RealVector getSigma(double threshold) {
      throw new UnsupportedOperationException("standard errors come from Covariance");
    }
  }

  static Outcome solve(Form pb, double[] x0, int maxIterations) {
    return solve(pb, x0, maxIterations, false);
  }

  /**
   * Levenberg–Marquardt from {@code x0}; on the Huber objective it stops at a relative cost change
   * of {@link #HANDOVER} ({@link #RESAMPLE_HANDOVER} for a resample) and {@link HuberNewton} takes
   * the last digits. On the 240 Chinchilla points of issue 15 that is 66 evaluations per start
   * instead of 86 (every fifth start of Hoffmann's grid), 813 instead of 1,169 for the default 12
   * starts, and 14.5 instead of 27.4 per warm-started bootstrap resample, each resample now at its
   * optimum to the last digits (before, up to 5e-10 relative above it). When the polish cannot
   * start (fewer residuals within delta than parameters) or finds no decrease, Levenberg–Marquardt
   * goes on from there with the full tolerances, as before.
   *
   * @param resample looser tolerances for the objectives without the polish and for the
   *     continuation (relative 1e-10 in cost, 1e-8 in parameters): a bootstrap resample's optimum
   *     only needs to be far more precise than the spread across resamples
   */
  static Outcome solve(Form pb, double[] x0, int maxIterations, boolean resample) {
    double costTolerance = resample ? 1e-10 : 1e-14;
    double parameterTolerance = resample ? 1e-8 : 1e-12;
    if (!(pb instanceof HuberNewton.Form h) || !Double.isFinite(h.delta()) || pb.dim() == 0) {
      return lm(pb, x0, maxIterations, costTolerance, parameterTolerance);
    }
    var first =
        lm(pb, x0, maxIterations, resample ? RESAMPLE_HANDOVER : HANDOVER, parameterTolerance);
    if (!Double.isFinite(first.value())) {
      return first;
    }
    var end = HuberNewton.polish(h, first.x(), first.value());
    int evaluations = first.evaluations() + end.evaluations();
    if (end.rested()) {
      return new Outcome(end.x(), pb.value(end.x()), first.converged(), evaluations);
    }
    var rest = lm(pb, end.x(), maxIterations, costTolerance, parameterTolerance);
    evaluations += rest.evaluations();
    return rest.value() <= end.value()
        ? new Outcome(rest.x(), rest.value(), rest.converged(), evaluations)
        : new Outcome(end.x(), pb.value(end.x()), rest.converged(), evaluations);
  }

  /**
   * Relative cost change at which Levenberg–Marquardt hands a Huber fit to the polish. From the
   * grid's starts an earlier handover (1e-4) lets LM stop on plateaus far from an optimum more
   * often, so more starts need the full LM afterwards (882 evaluations for the default fit of the
   * 240 Chinchilla points, 813 at 1e-6).
   */
  static final double HANDOVER = 1e-6;

  /**
   * The handover for a bootstrap resample, warm-started near its optimum: no plateaus on the way,
   * so the polish can start earlier (14.5 evaluations per resample instead of 19.3 at 1e-6 on the
   * 240 Chinchilla points, each within 1.2e-13 relative of a full-tolerance LM run).
   */
  static final double RESAMPLE_HANDOVER = 1e-4;

  private static Outcome lm(
      Form pb, double[] x0, int maxIterations, double costTolerance, double parameterTolerance) {
    int p = pb.dim();
    var tracker = new Tracker();
    if (p == 0) {
      return new Outcome(new double[0], pb.value(new double[0]), true, 1);
    }
    var problem = new LeastSquares(pb, x0, maxIterations, tracker);
    var optimizer =
        new LevenbergMarquardtOptimizer()
            .withCostRelativeTolerance(costTolerance)
            .withParameterRelativeTolerance(parameterTolerance)
            .withOrthoTolerance(parameterTolerance);
    boolean converged;
    try {
      optimizer.optimize(problem);
      converged = true;
    } catch (ConvergenceException e) {
      // Thrown when no further reduction is possible at machine precision: we are at the optimum.
      converged = true;
    } catch (TooManyEvaluationsException | TooManyIterationsException e) {
      converged = false;
    } catch (NonFinite e) {
      converged = false;
    }
    if (tracker.bestX == null) {
      return new Outcome(x0.clone(), Double.POSITIVE_INFINITY, false, tracker.evaluations);
    }
    return new Outcome(tracker.bestX, pb.value(tracker.bestX), converged, tracker.evaluations);
  }
}
