package dev.lawfit.cli;

import static dev.lawfit.cli.FitFixtures.assertBadInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Fault injection on lawfit's output: devices, FIFOs and links named by --out (made in a temporary
 * folder, never the real /dev), an input named as --out, a full stdout, out of memory and a kill in
 * the middle of a write. Each ends with the README's exit status and nothing of the user's harmed.
 */
class OutputSafetyTest {
  private static final String[] SIMULATE = {"simulate", "--seed", "7"};

  /**
   * A simulation whose CSV (about 15 MB) takes long enough to write that a kill lands in the
   * middle.
   */
  private static final String[] LONG_SIMULATE = {
    "simulate", "--seeds", "300", "--checkpoints", "100"
  };

  @TempDir Path dir;

  /** What {@link #SIMULATE} prints on stdout: the bytes every --out below must receive. */
  private static String expected;

  @BeforeAll
  static void expected() {
    CliRunner r = CliRunner.run(SIMULATE);
    assertEquals(0, r.exitCode(), r.toString());
    expected = r.out();
    assertTrue(expected.length() > 10_000, "a result of some size");
  }

  private CliRunner simulateTo(Path out) {
    return CliRunner.run(SIMULATE[0], SIMULATE[1], SIMULATE[2], "--out", out.toString());
  }

  // --- --out that is not a regular file

  @Test
  void aDeviceNodeIsWrittenThroughAndStaysTheSameDevice() throws Exception {
    Path nul = dir.resolve("null");
    makeNode(nul, "c", 1, 3);
    Object rdev = Files.getAttribute(nul, "unix:rdev");
    CliRunner r = simulateTo(nul);
    assertEquals(0, r.exitCode(), r.toString());
    BasicFileAttributes after =
        Files.readAttributes(nul, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertTrue(after.isOther() && !after.isRegularFile(), "still a device node");
    assertEquals(rdev, Files.getAttribute(nul, "unix:rdev"), "the same device (1, 3)");
    assertEquals(List.of(), temporaryFiles());
  }

  @Test
  void aFifoReceivesTheResultAndStaysAFifo() throws Exception {
    Path fifo = dir.resolve("pipe");
    assumeTrue(exec("mkfifo", fifo.toString()) == 0, "mkfifo is not available");
    AtomicReference<byte[]> received = new AtomicReference<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                received.set(Files.readAllBytes(fifo));
              } catch (IOException e) {
                received.set(new byte[0]);
              }
            });
    reader.setDaemon(true);
    reader.start();
    CliRunner r = simulateTo(fifo);
    assertEquals(0, r.exitCode(), r.toString());
    reader.join(TimeUnit.SECONDS.toMillis(30));
    assertNotNull(received.get(), "the reader got end of file");
    assertEquals(expected, new String(received.get(), StandardCharsets.UTF_8));
    BasicFileAttributes after =
        Files.readAttributes(fifo, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    assertTrue(after.isOther() && !after.isRegularFile(), "still a FIFO");
    assertEquals(List.of(), temporaryFiles());
  }

  @ParameterizedTest(name = "a chain of {0} link(s)")
  @ValueSource(ints = {1, 3})
  void linksStayLinksAndTheFileTheyEndAtGetsTheResultWithItsMode(int depth) throws Exception {
    Path target = dir.resolve("target.csv");
    Files.writeString(target, "an earlier result\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
    Path link = target;
    for (int i = 1; i <= depth; i++) {
      Path next = dir.resolve("link" + i + ".csv");
      Files.createSymbolicLink(next, link.getFileName());
      link = next;
    }
    CliRunner r = simulateTo(link);
    assertEquals(0, r.exitCode(), r.toString());
    for (int i = 1; i <= depth; i++) {
      assertTrue(
          Files.isSymbolicLink(dir.resolve("link" + i + ".csv")), "link " + i + " is still a link");
    }
    assertEquals(expected, Files.readString(target));
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    assertEquals(List.of(), temporaryFiles());
  }

  @Test
  void aReplacedFileKeepsItsOwnerAndGroupWhereThisUserMayGiveThemAway() throws Exception {
    Path target = Files.writeString(dir.resolve("owned.csv"), "an earlier result\n");
    var lookup = target.getFileSystem().getUserPrincipalLookupService();
    try {
      Files.setOwner(target, lookup.lookupPrincipalByName("nobody"));
      Files.getFileAttributeView(target, java.nio.file.attribute.PosixFileAttributeView.class)
          .setGroup(lookup.lookupPrincipalByGroupName("nogroup"));
    } catch (IOException e) {
      assumeTrue(false, "only root can give a file to nobody: " + e);
    }
    CliRunner r = simulateTo(target);
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(expected, Files.readString(target));
    assertEquals("nobody", Files.getOwner(target).getName());
    assertEquals(
        "nogroup",
        Files.readAttributes(target, java.nio.file.attribute.PosixFileAttributes.class)
            .group()
            .getName());
  }

  @Test
  void aDanglingLinkCreatesItsTarget() throws Exception {
    Files.createDirectory(dir.resolve("elsewhere"));
    Path link = dir.resolve("link.csv");
    Files.createSymbolicLink(link, Path.of("elsewhere", "new.csv"));
    CliRunner r = simulateTo(link);
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(Files.isSymbolicLink(link));
    assertEquals(expected, Files.readString(dir.resolve("elsewhere/new.csv")));
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(dir.resolve("elsewhere/new.csv"))));
  }

  @Test
  void anEmptyNameIsCalledEmpty() {
    CliRunner r = CliRunner.run("simulate", "--out", "");
    assertBadInput(r);
    assertEquals("lawfit: --out: the file name is empty", r.err().strip());
  }

  // --- "-" is stdout, as it is stdin among the logs

  @Test
  void outDashIsStdoutAndMakesNoFileNamedDash() {
    Path dash = Path.of(OutFile.STDOUT);
    assumeFalse(Files.exists(dash), "a file named - in the working folder");
    try {
      CliRunner r = CliRunner.run(SIMULATE[0], SIMULATE[1], SIMULATE[2], "--out", "-");
      assertEquals(0, r.exitCode(), r.toString());
      assertEquals(expected, r.out());
      assertFalse(Files.exists(dash), "no file named -");
    } finally {
      try {
        Files.deleteIfExists(dash);
      } catch (IOException e) {
        // reported by the assertion
      }
    }
  }

  @Test
  void pointsDashGoesToStdoutOnlyWhenOutTakesTheFit() throws Exception {
    Files.copy(FitFixtures.runs(), dir.resolve("runs.csv"));
    String runs = dir.resolve("runs.csv").toString();
    CliRunner refused = CliRunner.run("fit", runs, "--law", "chinchilla", "--points", "-");
    assertBadInput(refused);
    assertTrue(refused.err().startsWith("lawfit: --points -: stdout takes the fit"), refused.err());
    Path fit = dir.resolve("fit.json");
    Path points = dir.resolve("points.csv");
    CliRunner toFile =
        CliRunner.run(
            "fit",
            runs,
            "--law",
            "chinchilla",
            "--out",
            fit.toString(),
            "--points",
            points.toString());
    assertEquals(0, toFile.exitCode(), toFile.toString());
    byte[] document = Files.readAllBytes(fit);
    Files.delete(fit);
    CliRunner r =
        CliRunner.run("fit", runs, "--law", "chinchilla", "--out", fit.toString(), "--points", "-");
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(Files.readString(points), r.out(), "the points on stdout");
    assertArrayEquals(document, Files.readAllBytes(fit), "the fit in --out");
  }

  // --- an input named as --out

  /**
   * One way of naming an input as --out: the files made, the command, the file that must survive.
   */
  private record Clash(String name, List<String> args, String protectedFile) {}

  static Stream<String> clashes() {
    return Stream.of(
        "direct",
        "symlink",
        "dotdot",
        "hardlink",
        "folder",
        "check-baseline",
        "fix-from",
        "predict-fit",
        "points-direct",
        "points-folder",
        "stdin");
  }

  private Clash clash(String how) throws IOException {
    Files.copy(FitFixtures.runs(), dir.resolve("runs.csv"));
    Files.copy(FitFixtures.plainFit(), dir.resolve("base.json"));
    String runs = dir.resolve("runs.csv").toString();
    String base = dir.resolve("base.json").toString();
    return switch (how) {
      case "direct" ->
          new Clash(how, List.of("fit", runs, "--law", "chinchilla", "--out", runs), runs);
      case "symlink" ->
          new Clash(
              how,
              List.of(
                  "fit",
                  runs,
                  "--law",
                  "chinchilla",
                  "--out",
                  Files.createSymbolicLink(dir.resolve("link.csv"), Path.of("runs.csv"))
                      .toString()),
              runs);
      case "dotdot" ->
          new Clash(
              how,
              List.of(
                  "fit",
                  runs,
                  "--law",
                  "chinchilla",
                  "--out",
                  Files.createDirectory(dir.resolve("sub")).resolve("../runs.csv").toString()),
              runs);
      case "hardlink" ->
          new Clash(
              how,
              List.of(
                  "fit",
                  runs,
                  "--law",
                  "chinchilla",
                  "--out",
                  Files.createLink(dir.resolve("hard.csv"), dir.resolve("runs.csv")).toString()),
              runs);
      case "folder" ->
          new Clash(
              how, List.of("fit", dir.toString(), "--law", "chinchilla", "--out", runs), runs);
      case "check-baseline" -> new Clash(how, List.of("check", base, runs, "--out", base), base);
      case "fix-from" ->
          new Clash(
              how,
              List.of(
                  "fit", runs, "--law", "chinchilla", "--fix-from", base, "alpha", "--out", base),
              base);
      case "predict-fit" ->
          new Clash(
              how,
              List.of("predict", base, "--params", "1e9", "--tokens", "2e10", "--out", base),
              base);
      // --points writes a file too: the log it is given is as safe as under --out.
      case "points-direct" ->
          new Clash(
              how,
              List.of("fit", runs, "--law", "chinchilla", "--out", base, "--points", runs),
              runs);
      case "points-folder" ->
          new Clash(
              how, List.of("fit", dir.toString(), "--law", "chinchilla", "--points", runs), runs);
      default -> throw new IllegalArgumentException(how);
    };
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("clashes")
  void anInputNamedAsOutIsRefusedAndKeptByteForByte(String how) throws Exception {
    if (how.equals("stdin")) {
      // Standard input redirected from the --out file: only a real process has one.
      Files.copy(FitFixtures.runs(), dir.resolve("runs.csv"));
      Path runs = dir.resolve("runs.csv");
      byte[] before = Files.readAllBytes(runs);
      Process p =
          child("fit", "-", "--law", "chinchilla", "--out", runs.toString())
              .redirectInput(runs.toFile())
              .start();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(ExitCodes.BAD_INPUT, p.exitValue(), err);
      assertEquals(1, err.lines().count(), err);
      assertTrue(err.contains("is the same file as LOGS - (standard input)"), err);
      assertArrayEquals(before, Files.readAllBytes(runs));
      return;
    }
    Clash c = clash(how);
    byte[] before = Files.readAllBytes(Path.of(c.protectedFile()));
    CliRunner r = CliRunner.run(c.args().toArray(String[]::new));
    assertBadInput(r);
    String option = c.args().contains("--points") ? "--points" : "--out";
    String out = c.args().get(c.args().indexOf(option) + 1);
    assertTrue(
        r.err().startsWith("lawfit: " + option + " " + out + " is the same file as "),
        r.toString());
    assertTrue(r.err().strip().endsWith("choose another " + option), r.toString());
    assertTrue(
        r.err().contains(Path.of(c.protectedFile()).getFileName().toString()),
        "names the input: " + r);
    assertArrayEquals(
        before,
        Files.readAllBytes(Path.of(c.protectedFile())),
        "the input is unchanged byte for byte");
    assertEquals(List.of(), temporaryFiles());
  }

  @ParameterizedTest(name = "the file exists: {0}")
  @ValueSource(booleans = {false, true})
  void pointsAndOutNamingOneFileAreRefusedBeforeEitherIsWritten(boolean exists) throws Exception {
    Files.copy(FitFixtures.runs(), dir.resolve("runs.csv"));
    Path both = dir.resolve("result.csv");
    if (exists) {
      Files.writeString(both, "an older result\n");
    }
    CliRunner r =
        fitWithPoints(both.toString(), "--out", dir.resolve("sub/../result.csv").toString());
    assertBadInput(r);
    assertEquals(
        "lawfit: --points "
            + both
            + " and --out "
            + dir.resolve("sub/../result.csv")
            + " are the same file: the one written last would replace the other; choose two files",
        r.err().strip());
    if (exists) {
      assertEquals("an older result\n", Files.readString(both));
    } else {
      assertFalse(Files.exists(both));
    }
    assertEquals(List.of(), temporaryFiles());
  }

  @Test
  void anUnwritablePointsFileIsNamedAsPoints() throws Exception {
    Files.copy(FitFixtures.runs(), dir.resolve("runs.csv"));
    Path points = dir.resolve("missing/points.csv");
    CliRunner r = fitWithPoints(points.toString());
    assertBadInput(r);
    assertEquals("lawfit: --points " + points + ": no such directory", r.err().strip());
  }

  /** fit of the folder's runs.csv with {@code --points points} and the {@code more} arguments. */
  private CliRunner fitWithPoints(String points, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "fit",
                dir.resolve("runs.csv").toString(),
                "--law",
                "chinchilla",
                "--points",
                points));
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  void aLawfitDocumentInAnInputFolderIsNoInputAndMayBeReplaced() throws Exception {
    Files.copy(FitFixtures.runs(), dir.resolve("runs.csv"));
    Path fit = dir.resolve("fit.json");
    Files.copy(FitFixtures.plainFit(), fit);
    CliRunner r = CliRunner.run("inspect", dir.toString(), "--out", fit.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(
        Files.readString(fit).contains("\"lawfit.inspect/"),
        "the old fit was replaced by the inspection");
  }

  // --- standard output that fails

  /** Takes {@code limit} bytes, then fails as a full disk does. */
  private static OutputStream fullAfter(int limit) {
    return new OutputStream() {
      private int taken;

      @Override
      public void write(int b) throws IOException {
        if (taken++ >= limit) {
          throw new IOException("No space left on device");
        }
      }
    };
  }

  @ParameterizedTest(name = "full after {0} bytes")
  @ValueSource(ints = {0, 4096})
  void aFailedOrShortWriteToStdoutIsExit2WithOneLine(int limit) {
    StringWriter err = new StringWriter();
    PrintWriter plain =
        new PrintWriter(new OutputStreamWriter(fullAfter(limit), StandardCharsets.UTF_8), true);
    assertEquals(
        ExitCodes.BAD_INPUT,
        Cli.create(plain, new PrintWriter(err, true)).execute(SIMULATE),
        err.toString());
    assertEquals(
        "lawfit: cannot write to standard output: the write failed", err.toString().strip());

    StringWriter err2 = new StringWriter();
    PrintWriter remembering = Stdout.open(fullAfter(limit));
    assertEquals(
        ExitCodes.BAD_INPUT,
        Cli.create(remembering, new PrintWriter(err2, true)).execute(SIMULATE),
        err2.toString());
    assertEquals(
        "lawfit: cannot write to standard output: no space left on device",
        err2.toString().strip());
  }

  @ParameterizedTest(name = "lawfit {0} > full")
  @ValueSource(strings = {"simulate", "--help"})
  void aRealProcessWritingToAFullDeviceSaysSoAndExits2(String command) throws Exception {
    Path full = dir.resolve("full");
    makeNode(full, "c", 1, 7);
    Process p = child(command).redirectOutput(full.toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(ExitCodes.BAD_INPUT, p.exitValue(), err);
    assertEquals("lawfit: cannot write to standard output: no space left on device", err.strip());
  }

  // --- out of memory

  /** A command that runs out of memory, directly or inside a worker whose failure is wrapped. */
  @Command(name = "exhaust")
  static final class Exhaust implements Callable<Integer> {
    @CommandLine.Option(names = "--wrapped")
    boolean wrapped;

    @Override
    public Integer call() {
      OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
      if (wrapped) {
        throw new IllegalStateException(new java.util.concurrent.ExecutionException(oom));
      }
      throw oom;
    }
  }

  @ParameterizedTest(name = "wrapped: {0}")
  @ValueSource(booleans = {false, true})
  void outOfMemoryIsOneLineAndStatus5(boolean wrapped) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        Cli.create(new PrintWriter(out, true), new PrintWriter(err, true))
            .addSubcommand(new Exhaust());
    // A subcommand added later does not inherit the writers.
    cli.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int status = wrapped ? cli.execute("exhaust", "--wrapped") : cli.execute("exhaust");
    assertEquals(ExitCodes.OUT_OF_MEMORY, status, err.toString());
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(
        err.toString().startsWith("lawfit: out of memory (Java heap space): "), err.toString());
    assertTrue(err.toString().contains("JAVA_OPTS=-Xmx"), err.toString());
  }

  @Test
  void aRealProcessOutOfHeapExits5WithOneLine() throws Exception {
    // 1.2 million simulated checkpoints do not fit in 24 MB of heap.
    ProcessBuilder pb = child("simulate", "--seeds", "2000", "--checkpoints", "100");
    pb.command().add(1, "-Xmx24m");
    Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(ExitCodes.OUT_OF_MEMORY, p.exitValue(), err);
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("lawfit: out of memory"), err);
  }

  @Test
  void aReaderThatClosesStdoutEarlyEndsItSilentlyWithTheSigpipeStatus() throws Exception {
    // Far more than a pipe's buffer, so the writer is still writing when the reader goes away.
    Process p = child(LONG_SIMULATE).start();
    byte[] head = p.getInputStream().readNBytes(100);
    p.getInputStream().close();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(100, head.length);
    assertEquals(ExitCodes.BROKEN_PIPE, p.exitValue(), err);
    assertEquals("", err);
  }

  // --- a kill in the middle of a write

  /**
   * Starts a long --out write of a file that holds an earlier result, waits until its temporary
   * file fills, then kills it with SIGTERM or, {@code forcibly}, SIGKILL.
   */
  private Process killedDuringWrite(Path target, boolean forcibly) throws Exception {
    Files.writeString(target, "an earlier result\n");
    List<String> args = new java.util.ArrayList<>(List.of(LONG_SIMULATE));
    args.addAll(List.of("--out", target.toString()));
    Process p =
        child(args.toArray(String[]::new)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Path temp = dir.resolve("." + target.getFileName() + ".lawfit-" + p.pid() + ".tmp");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!(Files.exists(temp) && Files.size(temp) > 0)) {
      assertTrue(p.isAlive(), "the write ended before it could be interrupted");
      assertTrue(System.nanoTime() < deadline, "no temporary file appeared within 120 s");
      Thread.sleep(2);
    }
    if (forcibly) {
      p.destroyForcibly();
    } else {
      p.destroy();
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return p;
  }

  @Test
  void sigtermDuringAWriteLeavesNoTemporaryFileAndTheOldResult() throws Exception {
    Path target = dir.resolve("big.csv");
    Process p = killedDuringWrite(target, false);
    assertEquals(128 + 15, p.exitValue(), "ended by SIGTERM");
    assertEquals(List.of(), temporaryFiles());
    assertEquals("an earlier result\n", Files.readString(target));
  }

  @Test
  void sigkillLeavesATemporaryFileThatTheNextWriteRemoves() throws Exception {
    Path target = dir.resolve("big.csv");
    Process p = killedDuringWrite(target, true);
    assertEquals(
        List.of(".big.csv.lawfit-" + p.pid() + ".tmp"),
        temporaryFiles(),
        "SIGKILL runs no clean-up");
    assertEquals("an earlier result\n", Files.readString(target));
    CliRunner r = simulateTo(target);
    assertEquals(0, r.exitCode(), r.toString());
    assertEquals(List.of(), temporaryFiles());
    assertEquals(expected, Files.readString(target));
  }

  @Test
  void theNextWriteRemovesOnlyTheTemporaryFilesOfDeadProcessesForItsTarget() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    assertTrue(dead.waitFor(30, TimeUnit.SECONDS));
    Process alive = new ProcessBuilder("sleep", "60").start();
    try {
      Path staleOfTarget = Files.createFile(dir.resolve(".x.csv.lawfit-" + dead.pid() + ".tmp"));
      Path liveWrite = Files.createFile(dir.resolve(".x.csv.lawfit-" + alive.pid() + ".tmp"));
      Path otherTarget = Files.createFile(dir.resolve(".y.csv.lawfit-" + dead.pid() + ".tmp"));
      Path notOurs = Files.createFile(dir.resolve(".x.csv.lawfit-draft.tmp"));
      CliRunner r = simulateTo(dir.resolve("x.csv"));
      assertEquals(0, r.exitCode(), r.toString());
      assertFalse(Files.exists(staleOfTarget), "a dead process's file is removed");
      assertTrue(Files.exists(liveWrite), "a running process's file is kept");
      assertTrue(Files.exists(otherTarget), "another target's file is kept");
      assertTrue(Files.exists(notOurs), "a file not named by lawfit is kept");
    } finally {
      alive.destroyForcibly();
    }
  }

  // --- messages name the user's file, never the temporary one

  @Test
  void aPermissionErrorNamesTheOutFileNotTheTemporaryOne() {
    Path out = dir.resolve("x.json");
    UserException e =
        assertThrows(
            UserException.class,
            () ->
                Commands.writeBytes(
                    stream -> {
                      throw new AccessDeniedException(
                          dir.resolve(".x.json.lawfit-1.tmp").toString());
                    },
                    out));
    assertEquals("--out " + out + ": cannot write: permission denied", e.getMessage());
  }

  @Test
  void aReadOnlyFolderOrFileIsReportedWithTheOutFileAndKept() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("ro"));
    Path kept = Files.writeString(dir.resolve("kept.csv"), "an earlier result\n");
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("r--r--r--"));
    try {
      assumeFalse(Files.isWritable(folder), "root writes anywhere");
      Path out = folder.resolve("x.csv");
      CliRunner r = simulateTo(out);
      assertBadInput(r);
      assertEquals(
          "lawfit: --out "
              + out
              + ": cannot write: cannot create a file in "
              + folder
              + ": permission denied",
          r.err().strip());
      CliRunner r2 = simulateTo(kept);
      assertBadInput(r2);
      assertEquals("lawfit: --out " + kept + ": cannot write: permission denied", r2.err().strip());
      assertEquals("an earlier result\n", Files.readString(kept));
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  // --- helpers

  /** The names of lawfit's temporary files left in the test folder. */
  private List<String> temporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains(".lawfit-") && n.endsWith(".tmp"))
          .sorted()
          .toList();
    }
  }

  /** A device node in the test folder; the test is skipped where mknod is not permitted. */
  private static void makeNode(Path path, String type, int major, int minor) throws Exception {
    assumeTrue(
        exec("mknod", path.toString(), type, String.valueOf(major), String.valueOf(minor)) == 0,
        "mknod is not permitted here");
  }

  private static int exec(String... command) throws Exception {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
    } catch (IOException e) {
      return -1;
    }
  }

  /** lawfit as a real process, with this test's class path. */
  private static ProcessBuilder child(String... args) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lawfit.cli.Main"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }
}
