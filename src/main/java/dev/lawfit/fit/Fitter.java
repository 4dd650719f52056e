package dev.lawfit.fit;

import dev.lawfit.fit.FitException.Reason;
import dev.lawfit.fit.FitResult.ParameterEstimate;
import dev.lawfit.law.Law;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits a {@link Law} to {@link Observations}: multi-start Levenberg–Marquardt (Commons Math) on the
 * exact objective, covariance or bootstrap uncertainty, identifiability warnings, fit quality.
 * Stateless and thread-safe; threads are created per call and released before it returns.
 *
 * <p>The steps live in their own classes: {@link Starts} (which grid points to refine), {@link
 * MultiStart} (the local optimisations), {@link Uncertainty} with {@link Covariance} and {@link
 * Resampling} (standard errors), {@link Identifiability} (warnings), {@link FitQuality}.
 */
public final class Fitter {

  /** Relative tolerance within which a start counts as reaching the best objective. */
  public static final double BEST_TOLERANCE = 1e-6;

  private Fitter() {}

  /**
   * Fits {@code law} to {@code obs}.
   *
   * @throws FitException BAD_OPTION for an unknown or out-of-domain fixed parameter or a cluster
   *     bootstrap without clusters; INVALID_DATA for missing, non-finite or non-positive inputs or
   *     inputs that cannot identify the law (one model size for a law in N); TOO_FEW_POINTS for
   *     fewer points than free parameters; NO_CONVERGENCE when no start reached a finite objective
   */
  public static FitResult fit(Law law, Observations obs, FitOptions options) throws FitException {
    var params = FreeParameters.of(law, options.fixed());
    int[] free = params.free();
    Validation.check(law, obs, free.length);
    if (options.clusterBootstrap() && options.bootstrap() > 0 && obs.clusterView() == null) {
      throw new FitException(Reason.BAD_OPTION, "cluster bootstrap needs cluster (run) ids");
    }
    var bounded = Bounded.of(law, options.bounds(), free);
    var pb = new Problem(law, options.objective(), obs, free, params.template());
    var search = MultiStart.run(pb, bounded, Starts.choose(pb, obs, options.starts()), options);
    var best = search.best();
    double[] thetaHat = pb.full(best.x());
    double[] natural = law.toNatural(thetaHat);

    var warnings = new ArrayList<String>();
    if (!best.converged()) {
      warnings.add(
          "the best start did not converge within " + options.maxIterations() + " iterations");
    }
    for (String name : atBounds(law, natural, options.bounds(), params.fixed())) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "%s = %.4g ended at its bound %s (--bounds): the fit ran off; the data"
                  + " would take it further, so it is a limit, not an estimate",
              name,
              natural[law.indexOf(name)],
              options.bounds().get(name)));
    }
    var uncertainty =
        options.bootstrap() > 0
            ? Uncertainty.ofBootstrap(
                BootstrapFits.run(pb, obs, options, best.x(), bounded), law, free, warnings)
            : Uncertainty.ofCovariance(pb, best.x(), warnings);
    var estimates = estimates(law, natural, params.fixed(), uncertainty);
    Identifiability.warn(
        law,
        obs,
        free,
        thetaHat,
        natural,
        uncertainty.stderr(),
        uncertainty.correlation(),
        warnings);

    var objective = options.objective();
    var summary =
        new FitResult.ObjectiveSummary(
            objective.name(),
            objective.parameter(),
            objective.space(),
            objective.reduction(),
            best.value(),
            search.starts(),
            search.atBest(),
            best.converged());
    return new FitResult(
        law,
        estimates,
        summary,
        FitQuality.of(pb, thetaHat),
        warnings,
        uncertainty.covariance(),
        uncertainty.bootstrap());
  }

  private static List<ParameterEstimate> estimates(
      Law law, double[] natural, boolean[] fixed, Uncertainty u) {
    var out = new ArrayList<ParameterEstimate>();
    for (int j = 0; j < natural.length; j++) {
      double se = u.stderr()[j];
      out.add(
          new ParameterEstimate(
              law.parameterNames().get(j),
              natural[j],
              fixed[j] || !Double.isFinite(se) ? null : se,
              fixed[j] ? null : u.ci()[j],
              fixed[j]));
    }
    return out;
  }

  /**
   * The free parameters that sit on one of {@code bounds} (within 1e-6 in internal units: log units
   * for positive parameters), in the law's order: a fit that ends there ran off.
   *
   * @param fixed which parameters were held (never reported), or null when none were
   */
  public static List<String> atBounds(
      Law law, double[] natural, Map<String, Bound> bounds, boolean[] fixed) {
    return Identifiability.atBounds(law, natural, bounds, fixed);
  }

  /**
   * The parameters that ran off to a bound at these natural values, by the rules of the fit's
   * warnings (an exponent below its floor or above its ceiling, a positive parameter whose log
   * exceeds the limit): quantities derived from them are not identified either.
   */
  public static List<String> ranOff(Law law, double[] natural) {
    return Identifiability.ranOff(law, natural);
  }
}
