package dev.lawfit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FormatsTest {

  @Test
  void countGroupsThousandsAsTheFormatterDoes() {
    long[] edges = {
      0,
      7,
      -7,
      999,
      -999,
      1000,
      -1000,
      77_747,
      999_999,
      1_000_000,
      -1_234_567,
      Long.MAX_VALUE,
      Long.MIN_VALUE
    };
    for (long n : edges) {
      assertEquals(String.format(Locale.ROOT, "%,d", n), Formats.count(n), Long.toString(n));
    }
    var random = new SplittableRandom(15);
    for (int i = 0; i < 10_000; i++) {
      // Every length of number, both signs.
      long n = random.nextLong() >> random.nextInt(64);
      assertEquals(String.format(Locale.ROOT, "%,d", n), Formats.count(n), Long.toString(n));
    }
  }
}
