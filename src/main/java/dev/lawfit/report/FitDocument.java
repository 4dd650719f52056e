package dev.lawfit.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lawfit.data.Selection;
import java.util.List;
import java.util.Map;

/**
 * The fit document, {@code lawfit.fit/1} (DESIGN.md, "Output: the fit document"): what CI diffs and
 * what {@code predict}, {@code optimal}, {@code check} and {@code --fix-from} read back.
 *
 * <p>Never holds NaN: what cannot be computed is {@code null}, with a warning. Maps keep the law's
 * parameter order. Unknown fields are ignored on reading, so later versions may add fields.
 *
 * @param schema {@value #SCHEMA}
 * @param parameters by the formula's symbols, in the law's order
 * @param derived quantities computed from the fit, e.g. the compute-optimal allocation; may be null
 * @param settings how the fit was made, enough to make it again
 * @param bootstrap the bootstrap resamples, or null without a bootstrap
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FitDocument(
    String schema,
    String lawfitVersion,
    String law,
    String formula,
    Map<String, Parameter> parameters,
    Objective objective,
    Quality quality,
    Derived derived,
    InputRecord input,
    Settings settings,
    Bootstrap bootstrap,
    List<String> warnings) {

  public static final String SCHEMA = "lawfit.fit/1";

  /**
   * One parameter: estimate, standard error and 95% interval (null when not computable). The value
   * is boxed so that a document without one is recognised as damaged, not read as 0.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Parameter(Double value, Double stderr, List<Double> ci95, boolean fixed) {}

  /** What was minimised and what was reached. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Objective(
      String loss,
      Double delta,
      String space,
      String reduction,
      double value,
      int starts,
      int startsAtBest,
      boolean converged) {}

  /**
   * Fit quality: r2 is of log L; ARE is |L_hat - L| / L; each null when not a finite number (with a
   * warning).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Quality(int points, Double rmseLog, Double r2, Double meanAre, Double maxAre) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Derived(ComputeOptimal computeOptimal) {}

  /**
   * Hoffmann's closed form N*(C) = G (C/k)^a, D*(C) = G^-1 (C/k)^b with C = k N D.
   *
   * @param flopsPerToken how C is counted, e.g. {@code "6N"}
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ComputeOptimal(
      double a,
      double b,
      @JsonProperty("G") double G,
      String flopsPerToken,
      Map<String, List<Double>> ci95) {}

  /** Where the points came from: files, how they were read, which checkpoints were kept. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record InputRecord(
      List<InputFile> files,
      Load load,
      Selection selection,
      long runs,
      long points,
      String compute,
      List<String> notes) {}

  /**
   * How the logs were read.
   *
   * @param columns which header of the logs feeds each canonical column (defaults included), or how
   *     it was derived ({@code "step x batch_size"}); older documents hold only the {@code
   *     --column} mappings
   * @param lossUnit the unit the loss was logged in (converted to nats), null in older documents
   * @param tokensPerStep {@code --tokens-per-step}, null when not given
   * @param seqLen {@code --seq-len}, null when not given
   * @param runs the run table joined by run name ({@code --runs}), null when none
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Load(
      Map<String, String> columns,
      List<String> runKey,
      String onDuplicate,
      boolean dropInvalid,
      String lossUnit,
      Double tokensPerStep,
      Double seqLen,
      String runs) {}

  /**
   * How the fit was made.
   *
   * @param x the variable of a one-variable law (params, tokens or compute), else null
   * @param delta Huber's delta or the asymmetric cost ratio k; null for the squared objectives
   * @param starts {@code best-of-grid} or {@code full-grid}
   * @param startsK local optimisations of best-of-grid, else null
   * @param cluster {@code point} or {@code run}: what a bootstrap resamples
   * @param bounds the intervals free parameters were kept in, {@code LO:HI} by name ({@code inf}
   *     for an open end), the law's defaults included; absent in documents written before bounds
   *     existed (fitted without)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Settings(
      String law,
      String x,
      String loss,
      Double delta,
      String starts,
      Integer startsK,
      Map<String, Double> fixed,
      int bootstrap,
      long seed,
      String cluster,
      Map<String, String> bounds) {}

  /**
   * Bootstrap resamples: natural parameters, one row per successful resample, in the law's order.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Bootstrap(
      int resamples,
      int failed,
      long seed,
      String cluster,
      List<String> parameters,
      List<List<Double>> samples) {}
}
