package dev.lawfit.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lawfit.TestData;
import dev.lawfit.data.Checkpoints;
import dev.lawfit.data.Dataset;
import dev.lawfit.data.Run;
import dev.lawfit.data.Selection;
import dev.lawfit.fit.FitOptions;
import dev.lawfit.law.Chinchilla;
import dev.lawfit.law.Law;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HoldoutTest {
  /** Chinchilla's published law (Hoffmann et al. 2022, full precision, REFERENCES.md). */
  private static final double[] TRUTH = TestData.HOFFMANN;

  private static final Law LAW = new Chinchilla();

  private static Checkpoints checkpoints(double[] tokens, double[] loss) {
    double[] nan = new double[tokens.length];
    Arrays.fill(nan, Double.NaN);
    return Checkpoints.of(tokens, loss, nan, nan);
  }

  /** Checkpoints at 10, 20, ..., 100 tokens. */
  private static Checkpoints tenToHundred() {
    double[] tokens = new double[10];
    double[] loss = new double[10];
    for (int i = 0; i < 10; i++) {
      tokens[i] = 10 * (i + 1);
      loss[i] = 3 - 0.1 * i;
    }
    return checkpoints(tokens, loss);
  }

  @Test
  void firstFractionKeepsCheckpointsAtOrBelowPTimesTheFinalTokens() {
    Checkpoints c = tenToHundred();
    assertArrayEquals(new double[] {10, 20, 30, 40, 50}, Holdout.firstFraction(c, 0.5).tokens());
    // 0.3 x 100 is 30.000000000000004 in doubles: the checkpoint at 30 still belongs to the first
    // 30%.
    assertArrayEquals(new double[] {10, 20, 30}, Holdout.firstFraction(c, 0.3).tokens());
    assertArrayEquals(c.tokens(), Holdout.firstFraction(c, 1).tokens());
    assertEquals(0, Holdout.firstFraction(c, 0.05).size());
  }

  @Test
  void lastWindowKeepsCheckpointsAtOrAboveSeventyPercentOfTheFinalTokens() {
    Checkpoints c = tenToHundred();
    // 0.7 x 100 is 70.00000000000001 in doubles: the checkpoint at 70 is still in the last 30%.
    assertArrayEquals(
        new double[] {70, 80, 90, 100}, Holdout.lastWindow(c, Holdout.DEFAULT_WINDOW).tokens());
    assertArrayEquals(
        new double[] {3 - 0.6, 3 - 0.7, 3 - 0.8, 3 - 0.9},
        Holdout.lastWindow(c, 0.3).loss(),
        1e-15);
    assertArrayEquals(new double[] {100}, Holdout.lastWindow(c, 0.05).tokens());
    assertArrayEquals(c.tokens(), Holdout.lastWindow(c, 1).tokens());
  }

  /**
   * One family following the law exactly: {@code sizes} sizes 1e7, 3e7, 9e7, ..., {@code seeds}
   * runs of each, 20 checkpoints each at N, 2 N, ..., 20 N tokens.
   */
  private static Dataset family(int sizes, int seeds) {
    List<Run> runs = new ArrayList<>();
    for (int s = 0; s < sizes; s++) {
      double N = 1e7 * Math.pow(3, s);
      for (int seed = 0; seed < seeds; seed++) {
        double[] tokens = new double[20];
        double[] loss = new double[20];
        for (int k = 0; k < 20; k++) {
          tokens[k] = 20 * N * (k + 1) / 20.0;
          loss[k] = LAW.predict(TRUTH, N, tokens[k], Double.NaN);
        }
        runs.add(
            new Run(
                "n" + s + "-s" + seed,
                "f",
                N,
                Double.NaN,
                Double.NaN,
                (long) seed,
                Map.of(),
                checkpoints(tokens, loss)));
      }
    }
    return new Dataset(
        runs,
        List.of(),
        List.of("run", "family", "params", "tokens", "loss"),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Selection.none());
  }

  private static Holdout.Settings settings(List<Integer> m, List<Double> p, boolean rollout) {
    return new Holdout.Settings(
        LAW,
        FitOptions.defaults(),
        m,
        p,
        Holdout.DEFAULT_WINDOW,
        rollout,
        Holdout.ModelsFrom.LARGEST,
        Holdout.FractionOf.RUN);
  }

  @Test
  void gridCellsFitTheLargestSmallerSizesOnTheFirstFractionAndScoreTheTargetWindow() {
    Dataset d = family(5, 2);
    List<Holdout.Group> groups =
        Holdout.evaluate(Map.of("f", d), settings(List.of(3, 4), List.of(0.5, 1.0), false), 2);
    assertEquals(1, groups.size());
    Holdout.Group g = groups.get(0);
    double target = 1e7 * 81;
    assertEquals(target, g.targetParams());
    assertEquals(2, g.targetRuns());
    assertEquals(
        2 * 7,
        g.evalPoints(),
        "checkpoints 14..20 of 20 (tokens >= 70% of final) in each of 2 seeds");
    assertEquals(4, g.grid().size());
    assertTrue(g.rollout().isEmpty());
    int i = 0;
    for (int m : List.of(3, 4)) {
      for (double p : List.of(0.5, 1.0)) {
        Holdout.Cell c = g.grid().get(i++);
        assertEquals(m, c.models());
        assertEquals(p, c.fraction());
        List<Double> expected =
            m == 3 ? List.of(1e7 * 3, 1e7 * 9, 1e7 * 27) : List.of(1e7, 1e7 * 3, 1e7 * 9, 1e7 * 27);
        assertEquals(expected, c.trainParams());
        assertEquals(target, c.targetParams());
        assertNull(c.failure());
        Holdout.Score s = c.score();
        assertNotNull(s);
        assertEquals(2 * m, s.trainRuns());
        assertEquals(2 * m * (p == 0.5 ? 10 : 20), s.trainPoints());
        assertEquals(14, s.evalPoints());
        // Exact data and three or more sizes: the fit recovers the law and predicts the target to
        // rounding.
        assertTrue(s.are() < 1e-6, "ARE " + s.are());
        assertTrue(s.maxAre() >= s.are());
      }
    }
  }

  private static Holdout.Cell onlyCell(
      Dataset d, int m, double p, Holdout.ModelsFrom from, Holdout.FractionOf of) {
    var settings =
        new Holdout.Settings(
            LAW,
            FitOptions.defaults(),
            List.of(m),
            List.of(p),
            Holdout.DEFAULT_WINDOW,
            false,
            from,
            of);
    return Holdout.evaluate(Map.of("f", d), settings, 1).get(0).grid().get(0);
  }

  @Test
  void theGuidesReadingFitsTheSmallestSizesCutAtPTimesTheLongestTrainingRun() {
    // Sizes 1e7, 3e7, 9e7, 2.7e8 (target); a run of size N has checkpoints at N, 2N, ..., 20N
    // tokens.
    Dataset d = family(4, 1);
    // Smallest two, p = 0.5 of the longest training run (20 x 3e7 = 6e8): tokens < 3e8 keeps all 20
    // checkpoints of 1e7 (up to 2e8) and 9 of 3e7 (3e7 ... 2.7e8; 3e8 itself is not below the cut).
    Holdout.Cell guide =
        onlyCell(d, 2, 0.5, Holdout.ModelsFrom.SMALLEST, Holdout.FractionOf.FAMILY);
    assertEquals(List.of(1e7, 3e7), guide.trainParams());
    assertEquals(20 + 9, guide.score().trainPoints());
    // Each run's own half: 10 + 10.
    Holdout.Cell own = onlyCell(d, 2, 0.5, Holdout.ModelsFrom.SMALLEST, Holdout.FractionOf.RUN);
    assertEquals(20, own.score().trainPoints());
    // Largest two below the target, family cut at 0.5 x 20 x 9e7 = 9e8: 20 of 3e7, 9 of 9e7.
    Holdout.Cell largest =
        onlyCell(d, 2, 0.5, Holdout.ModelsFrom.LARGEST, Holdout.FractionOf.FAMILY);
    assertEquals(List.of(3e7, 9e7), largest.trainParams());
    assertEquals(20 + 9, largest.score().trainPoints());
    // p = 1 keeps every checkpoint.
    assertEquals(
        40,
        onlyCell(d, 2, 1.0, Holdout.ModelsFrom.SMALLEST, Holdout.FractionOf.FAMILY)
            .score()
            .trainPoints());
  }

  @Test
  void belowFractionOfIsStrictAndKeepsEverythingAtOne() {
    Checkpoints c = tenToHundred();
    assertArrayEquals(
        new double[] {10, 20, 30, 40}, Holdout.belowFractionOf(c, 0.25, 200).tokens());
    assertArrayEquals(new double[] {10, 20, 30, 40}, Holdout.belowFractionOf(c, 0.5, 100).tokens());
    assertArrayEquals(c.tokens(), Holdout.belowFractionOf(c, 1, 100).tokens());
  }

  @Test
  void twoSizesAreFittedAndScoredThoughTheyCannotIdentifyTheSizeTerm() {
    // E + A / N^alpha at two sizes is two numbers for three unknowns: any of a family of fits
    // matches the data exactly, and each extrapolates differently. The cell is scored all the same.
    Holdout.Cell c =
        Holdout.evaluate(Map.of("f", family(3, 1)), settings(List.of(2), List.of(1.0), false), 1)
            .get(0)
            .grid()
            .get(0);
    assertEquals(List.of(1e7, 1e7 * 3), c.trainParams());
    assertNotNull(c.score(), String.valueOf(c.failure()));
    assertTrue(Double.isFinite(c.score().are()));
  }

  @Test
  void cellsAskingForMoreModelsThanThereAreSayNotEnoughModels() {
    Dataset d = family(3, 1);
    Holdout.Group g =
        Holdout.evaluate(Map.of("f", d), settings(List.of(2, 3, 5), List.of(1.0), false), 1).get(0);
    assertNotNull(g.grid().get(0).score());
    for (Holdout.Cell c : g.grid().subList(1, 3)) {
      assertNull(c.score());
      assertEquals(Holdout.NOT_ENOUGH_MODELS, c.failure().reason());
      assertTrue(
          c.failure().message().contains("the group has 2 below the target"),
          c.failure().message());
      assertTrue(c.trainParams().isEmpty());
    }
  }

  @Test
  void aFamilyOfOneSizeGivesReasonsNotAnException() {
    Dataset d = family(1, 3);
    Holdout.Group g =
        Holdout.evaluate(Map.of("f", d), settings(List.of(1, 2), List.of(0.5), true), 2).get(0);
    assertEquals(2, g.grid().size());
    g.grid().forEach(c -> assertEquals(Holdout.NOT_ENOUGH_MODELS, c.failure().reason()));
    assertTrue(g.rollout().isEmpty());
  }

  @Test
  void aFitThatCannotBeMadeIsACellWithTheFitsReason() {
    // m = 1: one model size cannot identify a law in N.
    Dataset d = family(3, 1);
    Holdout.Cell c =
        Holdout.evaluate(Map.of("f", d), settings(List.of(1), List.of(1.0), false), 1)
            .get(0)
            .grid()
            .get(0);
    assertNull(c.score());
    assertEquals("invalid_data", c.failure().reason());
  }

  @Test
  void rolloutFitsTheKSmallestSizesAndPredictsTheNextOneUp() {
    Dataset d = family(6, 1);
    Holdout.Group g =
        Holdout.evaluate(Map.of("f", d), settings(List.of(2), List.of(1.0), true), 2).get(0);
    assertEquals(4, g.rollout().size(), "k = 2, 3, 4, 5 of 6 sizes");
    for (int k = 2; k <= 5; k++) {
      Holdout.Cell c = g.rollout().get(k - 2);
      assertEquals(k, c.models());
      List<Double> expected = new ArrayList<>();
      for (int s = 0; s < k; s++) {
        expected.add(1e7 * Math.pow(3, s));
      }
      assertEquals(expected, c.trainParams());
      assertEquals(1e7 * Math.pow(3, k), c.targetParams());
      assertEquals(7, c.score().evalPoints());
      if (k >= 3) {
        assertTrue(c.score().are() < 1e-6, "k = " + k + ": ARE " + c.score().are());
      }
    }
  }
}
