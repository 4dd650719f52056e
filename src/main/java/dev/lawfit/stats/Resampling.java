package dev.lawfit.stats;

import java.util.SplittableRandom;

/**
 * The one seeding scheme of every bootstrap: resample {@code k} of a run seeded {@code seed} draws
 * from its own generator, seeded by a function of (seed, k) alone, so that results do not depend on
 * which thread ran which resample, nor on how many threads there were.
 */
public final class Resampling {
  private Resampling() {}

  /**
   * A well-mixed seed for resample {@code index} of a run seeded {@code seed}: SplitMix64's
   * finaliser (Steele, Lea and Flood 2014) of {@code seed + golden gamma * (index + 1)}.
   */
  public static long seed(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The generator of resample {@code index}. */
  public static SplittableRandom generator(long seed, long index) {
    return new SplittableRandom(seed(seed, index));
  }
}
