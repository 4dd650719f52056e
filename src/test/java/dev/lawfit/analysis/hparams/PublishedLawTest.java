package dev.lawfit.analysis.hparams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The published laws at points where their formulas reduce to powers of ten or to their own
 * constants.
 */
class PublishedLawTest {
  @Test
  void porianIsItsConstantsAtItsReferenceSize() {
    // Porian et al. 2024: eta* = 0.0047 and B* = 160 sequences of 2,048 tokens at N = 1.08e8.
    assertEquals(0.0047, PublishedLaw.PORIAN.etaStar(1.08e8, 1e9), 1e-15);
    assertEquals(160 * 2048, PublishedLaw.PORIAN.batchStar(1.08e8, 1e9), 1e-9);
    assertEquals(0.0047 / 2, PublishedLaw.PORIAN.etaStar(8 * 1.08e8, 1e9), 1e-15); // N^(-1/3)
  }

  @Test
  void deepSeekIsALawInCompute() {
    // C = 6 N T = 1e20: eta* = 0.3118 * 10^-2.5, B* = 0.2920 * 10^(20 * 0.3271).
    double n = 1e20 / 6 / 1e10;
    assertEquals(0.3118 * Math.pow(10, -2.5), PublishedLaw.DEEPSEEK.etaStar(n, 1e10), 1e-12);
    assertEquals(0.2920 * Math.pow(10, 6.542), PublishedLaw.DEEPSEEK.batchStar(n, 1e10), 1e-3);
  }

  @Test
  void stepLawIsALawInSizeAndTokens() {
    // N = 1e9, T = 1e11: eta* = 1.79 * 10^(-9 * 0.713 + 11 * 0.307) = 1.79 * 10^-3.04; B* = 0.58 *
    // 10^(11 * 0.571).
    assertEquals(1.79 * Math.pow(10, -3.04), PublishedLaw.STEPLAW.etaStar(1e9, 1e11), 1e-12);
    assertEquals(0.58 * Math.pow(10, 6.281), PublishedLaw.STEPLAW.batchStar(1e9, 1e11), 1e-3);
    assertEquals("steplaw", PublishedLaw.STEPLAW.label());
  }
}
