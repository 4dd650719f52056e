package dev.lawfit.data;

/**
 * A file a dataset was read from.
 *
 * @param path the path as the user gave it
 * @param format the format it was read as
 * @param gzip whether it was gzip-compressed
 * @param rows data rows read from it (before any row was dropped or merged)
 * @param sha256 hex SHA-256 of the file's bytes as stored
 */
public record SourceFile(String path, Format format, boolean gzip, long rows, String sha256) {}
