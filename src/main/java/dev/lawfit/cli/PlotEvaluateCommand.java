package dev.lawfit.cli;

import dev.lawfit.plot.EvaluateFigure;
import dev.lawfit.report.Documents;
import dev.lawfit.report.EvaluateDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lawfit plot evaluate}: figure (e), the holdout ARE grid as a heat map. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "The ARE grid of 'lawfit evaluate' (m models fitted by fraction p of their tokens) as a heat map with "
            + "each cell's ARE in per cent, one panel per group.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  lawfit evaluate runs.csv --law chinchilla --out evaluate.json",
      "  lawfit plot evaluate evaluate.json --group baseline --out are.png"
    })
public final class PlotEvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "EVALUATION",
      description =
          "A document written by 'lawfit evaluate --out' (lawfit.evaluate/2, or /1 of earlier lawfit).")
  Path file;

  @Option(
      names = "--group",
      paramLabel = "KEY",
      description = "Only this group (default: every group, one panel each).")
  String group;

  @Mixin PlotOutput output;

  @Override
  public Integer call() throws Exception {
    output.check();
    EvaluateDocument doc = Documents.readEvaluation(file);
    UserException.require(
        doc.groups() != null && !doc.groups().isEmpty() && doc.protocol() != null,
        file + ": an evaluation without groups or protocol");
    List<EvaluateDocument.Group> groups = doc.groups();
    if (group != null) {
      groups = groups.stream().filter(g -> g.key().containsValue(group)).toList();
      UserException.require(
          !groups.isEmpty(),
          "--group "
              + group
              + ": no such group in "
              + file
              + " ("
              + String.join(
                  ", ", doc.groups().stream().map(g -> String.join(",", g.key().values())).toList())
              + ")");
    }
    output.write(EvaluateFigure.of(doc, groups, file.getFileName().toString()), spec);
    return ExitCodes.OK;
  }
}
