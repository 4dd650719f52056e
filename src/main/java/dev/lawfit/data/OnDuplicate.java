package dev.lawfit.data;

/** What to do when a run has two rows at the same token count. */
public enum OnDuplicate {
  /** Stop with an error naming both lines (the default). */
  ERROR,
  /** Keep the row that comes first in the input. */
  FIRST,
  /** Keep the row that comes last in the input. */
  LAST,
  /** Keep one row with the mean of the duplicates' values. */
  MEAN,
  /**
   * Keep every row as its own checkpoint at the same tokens (as the Hitchhiker guide's code does
   * with points digitised off a figure, where one token count has several losses).
   */
  KEEP
}
