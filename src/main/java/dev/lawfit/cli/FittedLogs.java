package dev.lawfit.cli;

import dev.lawfit.analysis.Points;
import dev.lawfit.data.Dataset;
import dev.lawfit.fit.FitException;
import dev.lawfit.fit.FitResult;
import dev.lawfit.fit.Observations;
import dev.lawfit.report.FitDocument;
import dev.lawfit.report.FitReport;
import dev.lawfit.report.InputFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * A fit document with the checkpoints it was fitted to: the logs it records under input.files (or
 * --logs), read and selected as the fit read them.
 */
final class FittedLogs {
  @Mixin FitInput fitInput;

  @Option(
      names = "--logs",
      paramLabel = "LOG",
      arity = "1..*",
      description =
          "The run logs the fit was made from, when they are not where the document records them.")
  List<Path> logs = new ArrayList<>();

  /** The fit, rebuilt as predict rebuilds it, and its points. */
  record Loaded(
      FitDocument doc, FitResult fit, Dataset dataset, Observations points, String name) {}

  Loaded load(CommandSpec spec) throws Exception {
    FitInput.Chosen chosen = fitInput.choose();
    FitDocument doc = chosen.fit();
    FitResult fit = FitReport.result(doc);
    List<Path> files = logs.isEmpty() ? recorded(doc) : logs;
    String groupBy = chosen.groupBy();
    Dataset dataset = LogInput.load(FitRecipe.logs(doc, files, null, java.util.Map.of()), spec);
    if (groupBy != null) {
      dataset = dataset.groupBy(groupBy).get(fitInput.group);
      if (dataset == null) {
        throw UserException.badInput(
            "--group "
                + fitInput.group
                + ": the logs have no runs with "
                + groupBy
                + " = "
                + fitInput.group);
      }
    }
    Observations points;
    try {
      points = Points.of(dataset, fit.law());
    } catch (FitException e) {
      throw UserException.badInput(
          String.join(", ", files.stream().map(Path::toString).toList()) + ": " + e.getMessage());
    }
    if (doc.input() != null && doc.input().points() != points.size()) {
      Commands.warn(
          spec,
          List.of(
              "the logs give "
                  + points.size()
                  + " checkpoints, the fit used "
                  + doc.input().points()
                  + ": are these the logs it was fitted to?"),
          "");
    }
    String name =
        fitInput.file().getFileName() + (fitInput.group == null ? "" : " (" + fitInput.group + ")");
    return new Loaded(doc, fit, dataset, points, name);
  }

  private List<Path> recorded(FitDocument doc) {
    if (doc.input() == null || doc.input().files() == null || doc.input().files().isEmpty()) {
      throw UserException.badInput(
          fitInput.file() + " records no input files: give the logs with --logs");
    }
    List<Path> files = new ArrayList<>();
    for (InputFile f : doc.input().files()) {
      Path p = Path.of(f.path());
      if (!Files.exists(p)) {
        throw UserException.badInput(
            f.path()
                + ": the log "
                + fitInput.file()
                + " was fitted to is not there; "
                + "give the logs with --logs");
      }
      files.add(p);
    }
    return files;
  }
}
