package dev.lawfit.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The names a mistyped command or option most likely meant. picocli ranks names by the bigrams they
 * share, which misses the commonest slips: two swapped letters share no bigram with the word they
 * spoil, so {@code lawfit fti} was offered optimal, critical-batch and generate-completion. Names
 * within a small edit distance of what was typed come first (the optimal string alignment distance:
 * insertions, deletions, substitutions and swaps of neighbouring letters, each 1; Damerau 1964, "A
 * technique for computer detection and correction of spelling errors"), and picocli's own ranking
 * only when none is that near. Written here rather than taken from a library: Commons Text, the
 * nearest, has no distance that counts a swap as one edit, and the stack has no other.
 */
final class Suggestions {
  private Suggestions() {}

  /** At most this many names are offered. */
  private static final int SHOWN = 3;

  /** The names to offer for the arguments {@code e} could not match, nearest first. */
  static List<String> of(UnmatchedArgumentException e) {
    CommandLine cmd = e.getCommandLine();
    List<String> unmatched = e.getUnmatched();
    if (!unmatched.isEmpty()) {
      String typed = unmatched.get(0);
      var names = new ArrayList<String>();
      if (typed.startsWith("-")) {
        int value = typed.indexOf('=');
        typed = value < 0 ? typed : typed.substring(0, value);
        for (OptionSpec option : cmd.getCommandSpec().options()) {
          names.addAll(List.of(option.names()));
        }
      } else {
        names.addAll(cmd.getSubcommands().keySet());
      }
      List<String> near = nearest(typed, names);
      if (!near.isEmpty()) {
        return near;
      }
    }
    List<String> own = e.getSuggestions();
    return own.subList(0, Math.min(SHOWN, own.size()));
  }

  /** {@code "; did you mean a or b?"} for the names {@link #nearest}, or "" when none is near. */
  static String didYouMean(List<String> close) {
    return close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?";
  }

  /**
   * The names within an edit distance of a third of the typed word's letters (at least 1; leading
   * dashes not counted) of {@code typed}, nearest first, ties in the given order.
   */
  static List<String> nearest(String typed, List<String> names) {
    String word = typed.replaceFirst("^-+", "");
    int most = Math.max(1, word.length() / 3);
    record Near(String name, int distance) {}
    var near = new ArrayList<Near>();
    for (String name : names) {
      int d = distance(word, name.replaceFirst("^-+", ""));
      if (d <= most && !name.equals(typed)) {
        near.add(new Near(name, d));
      }
    }
    near.sort(Comparator.comparingInt(Near::distance));
    return near.stream().limit(SHOWN).map(Near::name).toList();
  }

  /**
   * The optimal string alignment distance between {@code a} and {@code b}: the fewest insertions,
   * deletions, substitutions and swaps of two neighbouring characters that turn one into the other,
   * no substring edited twice (Damerau 1964; the restricted form of the Damerau-Levenshtein
   * distance).
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
