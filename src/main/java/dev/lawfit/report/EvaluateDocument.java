package dev.lawfit.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lawfit.data.Selection;
import java.util.List;
import java.util.Map;

/**
 * The holdout evaluation, {@code lawfit.evaluate/2}: per group, the ARE of predicting the largest
 * model size from smaller ones, for each (m, p) of the grid and, when asked, each rollout step. A
 * cell without a score has {@code are = null} and says why in {@code error}. Never holds NaN.
 *
 * @param protocol what was fitted and scored, in words and numbers
 * @param groupBy the column that splits the input into groups (default family)
 * @param summary the grid cells of every group together
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluateDocument(
    String schema,
    String lawfitVersion,
    String law,
    String formula,
    Protocol protocol,
    Input input,
    String groupBy,
    List<Group> groups,
    Summary summary) {

  public static final String SCHEMA = "lawfit.evaluate/2";

  /**
   * The version before: a cell's {@code parameters} were bare values ({@code {"E": 1.69}}), not
   * parameters {@code {value, stderr, ci95, fixed}} as in every document. {@link
   * Documents#readEvaluation} still reads it.
   */
  public static final String SCHEMA_1 = "lawfit.evaluate/1";

  /**
   * The protocol.
   *
   * @param trainModels the m of the grid
   * @param trainFractions the p of the grid
   * @param window fraction of the target's training scored
   * @param trainModelsFrom which m sizes a cell fits: smallest (the guide's code) or largest (below
   *     the target)
   * @param fractionOf what p is a fraction of: family (the longest training run, the guide's code)
   *     or run (its own)
   * @param target how the target is chosen
   * @param models which m sizes a grid cell fits
   * @param fraction which checkpoints a fraction p keeps
   * @param score what the ARE averages over
   * @param rollout the rollout, in words; null when none was asked for
   * @param fit how every cell is fitted
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Protocol(
      List<Integer> trainModels,
      List<Double> trainFractions,
      double window,
      String trainModelsFrom,
      String fractionOf,
      String target,
      String models,
      String fraction,
      String score,
      String rollout,
      Fit fit) {}

  /**
   * How every cell is fitted: the objective, the starts and the bounds (as in a fit document's
   * settings).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Fit(
      String loss,
      Double delta,
      String starts,
      Integer startsK,
      Map<String, Double> fixed,
      Map<String, String> bounds) {}

  /** What was read and selected before the protocol. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Input(
      List<InputFile> files,
      FitDocument.Load load,
      Selection selection,
      String compute,
      List<String> notes) {}

  /**
   * One group.
   *
   * @param sizes its model sizes N, ascending
   * @param targetParams the largest size, null when the group has no sizes
   * @param targetRuns runs of the target size
   * @param evalPoints target checkpoints in the scored window
   * @param rollout absent unless asked for
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Group(
      Map<String, String> key,
      List<Double> sizes,
      Double targetParams,
      int targetRuns,
      int evalPoints,
      List<Cell> grid,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<Cell> rollout,
      Summary summary) {}

  /**
   * Grid cells summarised: the mean and median ARE over the reliable scored cells only (one fit
   * that ran off can have an ARE of 1e18% and would decide any mean).
   *
   * @param cells grid cells
   * @param scored cells with an ARE
   * @param unreliable scored cells marked unreliable, left out of the mean and median
   * @param meanAre mean ARE of the reliable cells, null when there are none
   * @param medianAre their median, null when there are none
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Summary(int cells, int scored, int unreliable, Double meanAre, Double medianAre) {}

  /**
   * One fit and its score.
   *
   * @param trainModels m (grid) or k (rollout): the number of sizes fitted
   * @param trainFraction p
   * @param trainParams the sizes fitted, ascending; empty when there were not enough
   * @param targetParams the size predicted
   * @param trainRuns runs fitted, null without a fit
   * @param trainPoints checkpoints fitted, null without a fit
   * @param evalPoints target checkpoints scored, null without a fit
   * @param are mean |L - L_hat| / L over them, null without a fit
   * @param maxAre the largest, null without a fit
   * @param parameters the fitted parameters by the formula's symbols, {@code {value, stderr, ci95,
   *     fixed}} as in a fit document, null without a fit
   * @param warnings the fit's warnings, null without a fit
   * @param unreliable why the ARE is not to be trusted (the fit ran off, or the ARE is above 100%),
   *     null when nothing says so or there is no score; such cells stay out of the summaries
   * @param error why there is no score, null with one
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Cell(
      int trainModels,
      double trainFraction,
      List<Double> trainParams,
      Double targetParams,
      Integer trainRuns,
      Integer trainPoints,
      Integer evalPoints,
      Double are,
      Double maxAre,
      Map<String, FitDocument.Parameter> parameters,
      List<String> warnings,
      String unreliable,
      FitsDocument.Failure error) {}
}
