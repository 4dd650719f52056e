package dev.lawfit.data;

import java.util.Locale;
import java.util.Optional;

/** File formats of run logs; any of them may be gzip-compressed ({@code .gz}). */
public enum Format {
  CSV,
  TSV,
  JSONL,
  JSON;

  /** The format a file name's extension says, ignoring a trailing {@code .gz}. */
  public static Optional<Format> fromFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".gz")) {
      lower = lower.substring(0, lower.length() - 3);
    }
    if (lower.endsWith(".csv")) {
      return Optional.of(CSV);
    }
    if (lower.endsWith(".tsv") || lower.endsWith(".tab")) {
      return Optional.of(TSV);
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
      return Optional.of(JSONL);
    }
    if (lower.endsWith(".json")) {
      return Optional.of(JSON);
    }
    return Optional.empty();
  }

  public static boolean isGzip(String name) {
    return name.toLowerCase(Locale.ROOT).endsWith(".gz");
  }
}
