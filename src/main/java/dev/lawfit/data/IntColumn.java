package dev.lawfit.data;

import java.util.Arrays;

/** A growable column of ints, for rows being loaded. */
final class IntColumn {
  private int[] values = new int[16];
  private int size;

  void add(int value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size + (size >> 1));
    }
    values[size++] = value;
  }

  /** Appends {@code value} until the column holds {@code length} entries. */
  void fill(int length, int value) {
    while (size < length) {
      add(value);
    }
  }

  void set(int row, int value) {
    values[row] = value;
  }

  int get(int row) {
    return values[row];
  }

  int size() {
    return size;
  }
}
