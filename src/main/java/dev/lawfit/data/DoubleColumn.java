package dev.lawfit.data;

import java.util.Arrays;

/** A growable column of doubles, for rows being loaded. */
final class DoubleColumn {
  private double[] values = new double[16];
  private int size;

  void add(double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size + (size >> 1));
    }
    values[size++] = value;
  }

  double get(int row) {
    return values[row];
  }

  int size() {
    return size;
  }
}
