package dev.lawfit.cli;

import dev.lawfit.data.InputException;
import dev.lawfit.report.Documents;
import dev.lawfit.report.FitDocument;
import dev.lawfit.report.FitsDocument;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A fit document to read: a single fit, or one group of a grouped document. */
public final class FitInput {
  @Parameters(
      index = "0",
      paramLabel = "FIT",
      description = "A fit document written by 'lawfit fit --out' (lawfit.fit/1 or lawfit.fits/1).")
  Path file;

  @Option(
      names = "--group",
      paramLabel = "KEY",
      description = "The group to use from a grouped document (lawfit.fits/1).")
  String group;

  /** The fit, checked to be usable. */
  public FitDocument read() throws InputException {
    return choose().fit();
  }

  /** The fit chosen, and the column its document grouped by (null for a single fit). */
  public record Chosen(FitDocument fit, String groupBy) {}

  /**
   * The fit, checked to be usable, with the grouping it was chosen from; the document is read once.
   */
  public Chosen choose() throws InputException {
    Documents.Read read = Documents.readFits(file);
    if (read instanceof Documents.Single single) {
      if (group != null) {
        throw UserException.badInput(
            "--group " + group + ": " + file + " holds a single fit, not groups");
      }
      return new Chosen(single.fit(), null);
    }
    FitsDocument fits = ((Documents.Grouped) read).fits();
    java.util.List<String> keys =
        fits.groups().stream().map(g -> g.key().get(fits.groupBy())).toList();
    if (group == null) {
      throw UserException.badInput(
          file
              + " holds fits of "
              + keys.size()
              + " groups by "
              + fits.groupBy()
              + ": choose one with --group ("
              + String.join(", ", keys)
              + ")");
    }
    for (FitsDocument.Group g : fits.groups()) {
      if (group.equals(g.key().get(fits.groupBy()))) {
        if (g.fit() == null) {
          throw UserException.badInput(
              "--group "
                  + group
                  + ": "
                  + file
                  + " has no usable fit for that group ("
                  + (Documents.UNUSABLE.equals(g.error().reason()) ? "" : "it failed: ")
                  + g.error().message()
                  + ")");
        }
        return new Chosen(g.fit(), fits.groupBy());
      }
    }
    throw UserException.badInput(
        "--group " + group + ": no such group in " + file + " (" + String.join(", ", keys) + ")");
  }

  public Path file() {
    return file;
  }
}
