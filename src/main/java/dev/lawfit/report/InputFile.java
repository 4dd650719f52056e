package dev.lawfit.report;

import dev.lawfit.data.SourceFile;
import java.util.List;
import java.util.Locale;

/** A file an output was computed from, as written in every lawfit document. */
public record InputFile(String path, String format, boolean gzip, long rows, String sha256) {

  public static InputFile of(SourceFile file) {
    return new InputFile(
        file.path(),
        file.format().name().toLowerCase(Locale.ROOT),
        file.gzip(),
        file.rows(),
        file.sha256());
  }

  public static List<InputFile> of(List<SourceFile> files) {
    return files.stream().map(InputFile::of).toList();
  }
}
