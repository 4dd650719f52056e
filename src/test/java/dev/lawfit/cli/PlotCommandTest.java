package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lawfit.report.Formats;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Every figure kind rendered from simulated data: the SVG parses as XML and holds the series, axis
 * labels and caption expected from the documents it was drawn from; the PNG decodes at its size;
 * the same input gives the same bytes.
 */
class PlotCommandTest {
  @TempDir Path dir;

  /** The text of every {@code <text>} element, in document order. */
  private static List<String> texts(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        "svg",
        doc.getDocumentElement().getLocalName() == null
            ? doc.getDocumentElement().getTagName()
            : doc.getDocumentElement().getLocalName());
    NodeList nodes = doc.getElementsByTagName("text");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent());
    }
    return out;
  }

  private static void assertHas(List<String> texts, String expected) {
    assertTrue(
        texts.stream().anyMatch(t -> t.contains(expected)),
        "no text containing '" + expected + "' in " + texts);
  }

  /**
   * Runs a plot command to SVG on stdout and to PNG in a file; checks the PNG's size and that both
   * are deterministic.
   */
  private List<String> render(int width, int height, String... args) throws Exception {
    CliRunner svg = CliRunner.run(args);
    assertEquals(ExitCodes.OK, svg.exitCode(), svg.toString());
    assertEquals(svg.out(), CliRunner.run(args).out(), "the same input gives the same SVG");
    Path png = dir.resolve("figure.png");
    List<String> withPng = new ArrayList<>(List.of(args));
    withPng.addAll(List.of("--out", png.toString()));
    CliRunner r = CliRunner.run(withPng.toArray(String[]::new));
    assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
    byte[] bytes = Files.readAllBytes(png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
    assertEquals(ExitCodes.OK, CliRunner.run(withPng.toArray(String[]::new)).exitCode());
    assertArrayEquals(bytes, Files.readAllBytes(png), "the same input gives the same PNG");
    return texts(svg.out());
  }

  @Test
  void lossFigureShowsEverySizeTheAxesAndTheFittedFormula() throws Exception {
    Path fit = FitFixtures.plainFit();
    List<String> t =
        render(1000, 720, "plot", "loss", fit.toString(), "--logs", FitFixtures.runs().toString());
    for (String size : List.of("2e7", "5e7", "1e8", "2e8", "5e8", "1e9")) {
      assertHas(t, "N = " + size);
    }
    assertHas(t, "training tokens D");
    assertHas(t, "loss L (nats/token)");
    assertHas(t, "residual ln L");
    JsonNode doc = FitFixtures.json(fit);
    assertHas(t, "L = E + A/N^alpha + B/D^beta");
    for (String p : List.of("E", "A", "B", "alpha", "beta")) {
      assertHas(t, p + " = " + Formats.sig(FitFixtures.value(doc, p), 4));
    }
    assertHas(t, Formats.count(doc.path("input").path("points").asLong()) + " checkpoints");
  }

  @Test
  void lossFigureOfOneGroupOfAGroupedFit() throws Exception {
    List<String> t =
        render(
            1000,
            720,
            "plot",
            "loss",
            FitFixtures.groupedFit().toString(),
            "--group",
            "b",
            "--logs",
            FitFixtures.runs().toString());
    JsonNode b = FitFixtures.json(FitFixtures.groupedFit()).path("groups").get(1).path("fit");
    assertHas(t, "alpha = " + Formats.sig(FitFixtures.value(b, "alpha"), 4));
    assertHas(t, "(b)");
  }

  @Test
  void bootstrapFigureShowsEachExponentWithItsInterval() throws Exception {
    Path fit = FitFixtures.bootstrapFit();
    List<String> t = render(1000, 860, "plot", "bootstrap", fit.toString());
    JsonNode doc = FitFixtures.json(fit);
    for (String p : List.of("alpha", "beta")) {
      assertHas(t, "exponent " + p + " (dimensionless)");
      List<Double> ci =
          List.of(
              doc.path("parameters").path(p).path("ci95").get(0).asDouble(),
              doc.path("parameters").path(p).path("ci95").get(1).asDouble());
      assertHas(
          t,
          p
              + " = "
              + Formats.sig(FitFixtures.value(doc, p), 4)
              + " ["
              + Formats.sig(ci.get(0), 4)
              + ", "
              + Formats.sig(ci.get(1), 4)
              + "]");
    }
    assertHas(t, "a (N* ~ C^a)");
    assertHas(t, "95% interval");
    assertHas(t, doc.path("bootstrap").path("samples").size() + " resamples");
  }

  @Test
  void bootstrapFigureOfAFitWithoutResamplesIsAUserError() {
    CliRunner r = CliRunner.run("plot", "bootstrap", FitFixtures.plainFit().toString());
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
    assertTrue(r.err().contains("--bootstrap N"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void pngNeedsAFile() {
    CliRunner r = CliRunner.run("plot", "loss", FitFixtures.plainFit().toString(), "--png");
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
    assertEquals("", r.out());
  }

  @Test
  void evaluateHeatMapShowsEveryGroupAndItsScores() throws Exception {
    Path evaluation = dir.resolve("evaluate.json");
    CliRunner e =
        CliRunner.run(
            "evaluate",
            FitFixtures.runs().toString(),
            "--law",
            "chinchilla",
            "--drop-early-tokens",
            "0",
            "--out",
            evaluation.toString());
    assertEquals(ExitCodes.OK, e.exitCode(), e.toString());
    List<String> t = render(1000, 510, "plot", "evaluate", evaluation.toString());
    assertHas(t, "family a");
    assertHas(t, "family b");
    assertHas(t, "fraction p of training tokens");
    assertHas(t, "models m fitted");
    JsonNode cell = FitFixtures.json(evaluation).path("groups").get(0).path("grid").get(0);
    assertHas(
        t, cell.path("are").isNull() ? "—" : Formats.sig(100 * cell.path("are").asDouble(), 2));
  }

  /**
   * An evaluation written before version 2 (bare parameter values in its cells) still plots, to the
   * same figure.
   */
  @Test
  void evaluateReadsTheVersionBefore() throws Exception {
    Path evaluation = dir.resolve("evaluate-2.json");
    assertEquals(
        ExitCodes.OK,
        CliRunner.run(
                "evaluate",
                FitFixtures.runs().toString(),
                "--law",
                "chinchilla",
                "--drop-early-tokens",
                "0",
                "--train-models",
                "2,3",
                "--train-fraction",
                "0.5,1",
                "--rollout",
                "--out",
                evaluation.toString())
            .exitCode());
    com.fasterxml.jackson.databind.node.ObjectNode old =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            dev.lawfit.report.Json.mapper().readTree(evaluation.toFile());
    old.put("schema", "lawfit.evaluate/1");
    int rewritten = 0;
    for (JsonNode group : old.path("groups")) {
      for (String cells : List.of("grid", "rollout")) {
        for (JsonNode cell : group.path(cells)) {
          if (cell.path("parameters")
              instanceof com.fasterxml.jackson.databind.node.ObjectNode ps) {
            for (var p : ps.properties()) {
              p.setValue(p.getValue().path("value"));
              rewritten++;
            }
          }
        }
      }
    }
    assertTrue(rewritten > 0);
    Path version1 = dir.resolve("evaluate-1.json");
    Files.writeString(version1, dev.lawfit.report.Json.mapper().writeValueAsString(old));
    CliRunner now = CliRunner.run("plot", "evaluate", evaluation.toString());
    CliRunner before = CliRunner.run("plot", "evaluate", version1.toString());
    assertEquals(ExitCodes.OK, before.exitCode(), before.toString());
    assertEquals(
        now.out(),
        before.out().replace("evaluate-1.json", "evaluate-2.json"),
        "the title names the file");
  }

  @Test
  void criticalBatchFigureShowsEachTargetAndTheLaw() throws Exception {
    Path sweep = simulatedSweep();
    Path critical = criticalBatch(sweep, "critical.json");
    List<String> t = render(1200, 900, "plot", "critical-batch", critical.toString());
    JsonNode doc = FitFixtures.json(critical);
    assertHas(t, "batch size B (tokens)");
    assertHas(t, "tokens to target E");
    assertHas(t, "steps to target S");
    assertHas(
        t,
        "B_crit = "
            + Formats.sig(doc.path("targets").get(0).path("b_crit").path("value").asDouble(), 3));
    assertHas(
        t,
        "gamma = "
            + Formats.sig(
                doc.path("law").path("parameters").path("gamma").path("value").asDouble(), 4));
  }

  /** {@code lawfit simulate sweep}'s default sweep, in the test's folder. */
  private Path simulatedSweep() {
    Path sweep = dir.resolve("sweep.csv");
    assertEquals(
        ExitCodes.OK, CliRunner.run("simulate", "sweep", "--out", sweep.toString()).exitCode());
    return sweep;
  }

  /**
   * The critical-batch document of {@code sweep} (50 resamples), as {@code name} in the test's
   * folder.
   */
  private Path criticalBatch(Path sweep, String name) {
    Path critical = dir.resolve(name);
    CliRunner c =
        CliRunner.run(
            "critical-batch",
            sweep.toString(),
            "--bootstrap",
            "50",
            "--format",
            "json",
            "--out",
            critical.toString());
    assertEquals(ExitCodes.OK, c.exitCode(), c.toString());
    return critical;
  }

  @Test
  void criticalBatchReadsTheVersionBefore() throws Exception {
    Path sweep = simulatedSweep();
    Path critical = criticalBatch(sweep, "critical-2.json");
    com.fasterxml.jackson.databind.node.ObjectNode old =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            dev.lawfit.report.Json.mapper().readTree(critical.toFile());
    old.put("schema", "lawfit.critical-batch/1");
    int rewritten = 0;
    for (JsonNode target : old.path("targets")) {
      com.fasterxml.jackson.databind.node.ObjectNode t =
          (com.fasterxml.jackson.databind.node.ObjectNode) target;
      t.put("group", t.path("group").path("params").asText()); // version 1: the bare model size
      for (String estimate : List.of("e_min", "b_crit")) {
        if (t.path(estimate) instanceof com.fasterxml.jackson.databind.node.ObjectNode e) {
          e.remove("stderr");
        }
      }
      rewritten++;
    }
    assertTrue(rewritten > 0);
    Path version1 = dir.resolve("critical-1.json");
    Files.writeString(version1, dev.lawfit.report.Json.mapper().writeValueAsString(old));
    dev.lawfit.report.CriticalBatchReport read =
        dev.lawfit.report.Documents.readCriticalBatch(version1);
    dev.lawfit.report.CriticalBatchReport now =
        dev.lawfit.report.Documents.readCriticalBatch(critical);
    assertEquals(
        now.targets().get(0).group(),
        read.targets().get(0).group(),
        "the bare value read as its key object");
    assertEquals(null, read.targets().get(0).bCrit().stderr());
    CliRunner a = CliRunner.run("plot", "critical-batch", critical.toString());
    CliRunner b = CliRunner.run("plot", "critical-batch", version1.toString());
    assertEquals(ExitCodes.OK, b.exitCode(), b.toString());
    assertEquals(
        a.out(), b.out().replace("critical-1.json", "critical-2.json"), "the title names the file");
    CliRunner h =
        CliRunner.run(
            "plot",
            "hparams",
            sweep.toString(),
            "--bootstrap",
            "0",
            "--critical",
            version1.toString());
    assertEquals(ExitCodes.OK, h.exitCode(), h.toString());
  }

  @Test
  void isoflopFigureShowsEveryBudgetAndTheLaw() throws Exception {
    Path sweep = isoflopSweep();
    List<String> t = render(1200, 560, "plot", "isoflop", sweep.toString());
    for (String c : List.of("1e18", "3e18", "1e19", "3e19", "1e20")) {
      assertHas(t, "C = " + c);
    }
    assertHas(t, "model size N (parameters)");
    assertHas(t, "compute budget C (FLOPs)");
    CliRunner iso = CliRunner.run("isoflop", sweep.toString(), "--format", "json");
    JsonNode doc = FitFixtures.json(iso.out());
    assertHas(
        t, "a = " + Formats.sig(doc.path("params").path("exponent").path("value").asDouble(), 4));
    assertHas(
        t, "b = " + Formats.sig(doc.path("tokens").path("exponent").path("value").asDouble(), 4));
  }

  @Test
  void computeFigureShowsEverySizeTheFrontierAndTheAllocationOfOptimal() throws Exception {
    Path fit = FitFixtures.bootstrapFit();
    List<String> t =
        render(
            1200, 600, "plot", "compute", fit.toString(), "--logs", FitFixtures.runs().toString());
    for (String size : List.of("2e7", "5e7", "1e8", "2e8", "5e8", "1e9")) {
      assertHas(t, "N = " + size);
    }
    assertHas(t, "training compute C = 6 N D (FLOPs)");
    assertHas(t, "loss L (nats/token)");
    assertHas(t, "N* (parameters), D* (tokens)");
    assertHas(t, "frontier L(N*, D*)");
    JsonNode doc = FitFixtures.json(fit);
    for (String p : List.of("E", "A", "B", "alpha", "beta")) {
      assertHas(t, p + " = " + Formats.sig(FitFixtures.value(doc, p), 4));
    }
    // a, b and their intervals as 'lawfit optimal' computes them from the same fit.
    CliRunner optimal =
        CliRunner.run("optimal", fit.toString(), "--compute", "1e20", "--format", "json");
    JsonNode allocation = FitFixtures.json(optimal.out()).path("allocations").get(0);
    for (String e : List.of("a", "b")) {
      JsonNode ci = allocation.path("ci95").path(e);
      assertHas(
          t,
          e
              + " = "
              + Formats.sig(allocation.path(e).asDouble(), 4)
              + " ["
              + Formats.sig(ci.get(0).asDouble(), 3)
              + ", "
              + Formats.sig(ci.get(1).asDouble(), 3)
              + "]");
    }
    assertHas(t, doc.path("bootstrap").path("samples").size() + " resamples");
  }

  @Test
  void computeFigureOfAFitWithoutBootstrapSaysItHasNoBands() throws Exception {
    List<String> t =
        render(
            1200,
            600,
            "plot",
            "compute",
            FitFixtures.plainFit().toString(),
            "--logs",
            FitFixtures.runs().toString());
    assertHas(t, "no bootstrap in the fit: no bands");
  }

  @Test
  void computeFigureNeedsAChinchillaFit() {
    CliRunner r =
        CliRunner.run(
            "plot",
            "compute",
            FitFixtures.powerComputeFit().toString(),
            "--logs",
            FitFixtures.runs().toString());
    assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r.toString());
    assertTrue(r.err().contains("needs a chinchilla fit"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void hparamsFigureShowsTheSweepsAndTheLawsOfTheHparamsDocument() throws Exception {
    Path sweep = simulatedSweep();
    Path critical = criticalBatch(sweep, "critical.json");
    List<String> t =
        render(
            1200,
            980,
            "plot",
            "hparams",
            sweep.toString(),
            "--bootstrap",
            "100",
            "--tokens",
            "1e10",
            "--critical",
            critical.toString());
    CliRunner h =
        CliRunner.run("hparams", sweep.toString(), "--bootstrap", "100", "--format", "json");
    assertEquals(ExitCodes.OK, h.exitCode(), h.toString());
    JsonNode doc = FitFixtures.json(h.out());
    // The budget nearest 1e10 of the simulated sweep (16 budgets log-spaced from 2e9 to 5e10).
    double nearest = 0;
    for (JsonNode g : doc.path("groups")) {
      double tokens = g.path("tokens").asDouble();
      if (nearest == 0 || Math.abs(Math.log(tokens / 1e10)) < Math.abs(Math.log(nearest / 1e10))) {
        nearest = tokens;
      }
    }
    assertHas(t, "sweeps at N = 1e8, T = " + Formats.sig(nearest, 3));
    for (String b : List.of("8192", "16384", "32768", "65536", "131072", "262144", "524288")) {
      assertHas(t, "B = " + b);
    }
    assertHas(t, "peak learning rate eta");
    assertHas(t, "optimal learning rate eta*");
    assertHas(t, "token budget T (tokens)");
    assertHas(t, "batch size (tokens)");
    JsonNode eta = doc.path("laws").path("eta_star");
    assertHas(t, eta.path("formula").asText());
    for (String p : List.of("c", "p", "q")) {
      JsonNode v = eta.path("parameters").path(p);
      assertHas(
          t,
          p
              + " = "
              + Formats.sig(v.path("value").asDouble(), 4)
              + " ["
              + Formats.sig(v.path("ci95").get(0).asDouble(), 3));
    }
    JsonNode s = doc.path("laws").path("sensitivity").path("parameters").path("u");
    assertHas(t, "u = " + Formats.sig(s.path("value").asDouble(), 4));
    assertHas(t, "sweep bootstrap, 100 resamples");
    JsonNode gamma = FitFixtures.json(critical).path("law").path("parameters").path("gamma");
    assertHas(t, "gamma = " + Formats.sig(gamma.path("value").asDouble(), 4));
    assertHas(t, "B_crit");
  }

  /**
   * Chinchilla's law sampled at seven sizes around N*(C) per budget, 0.1% noise (as
   * IsoflopCommandTest).
   */
  private Path isoflopSweep() throws IOException {
    double e = 1.69;
    double a = 406.4;
    double b = 410.7;
    double alpha = 0.34;
    double beta = 0.28;
    double g = Math.pow(alpha * a / (beta * b), 1 / (alpha + beta));
    SplittableRandom noise = new SplittableRandom(1);
    List<String> lines = new ArrayList<>(List.of("run,params,tokens,loss,flops"));
    int run = 0;
    for (double c : new double[] {1e18, 3e18, 1e19, 3e19, 1e20}) {
      double optimum = g * Math.pow(c / 6, beta / (alpha + beta));
      for (int k = -3; k <= 3; k++) {
        double n = optimum * Math.pow(2, k);
        double d = c / (6 * n);
        double loss =
            (e + a / Math.pow(n, alpha) + b / Math.pow(d, beta))
                * Math.exp(1e-3 * noise.nextGaussian());
        lines.add(String.format(Locale.ROOT, "r%d,%.17g,%.17g,%.17g,%.17g", run++, n, d, loss, c));
      }
    }
    Path file = dir.resolve("isoflop.csv");
    Files.write(file, lines);
    return file;
  }
}
