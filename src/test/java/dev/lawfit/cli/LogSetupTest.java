package dev.lawfit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Logback configured in code writes what the XML configuration's pattern wrote. */
class LogSetupTest {

  /** The pattern of the logback.xml this replaced, with its stderr target. */
  private static final String PATTERN = "lawfit: %-5level %msg%n";

  @Test
  void linesMatchTheFormerPatternLayout() {
    LoggerContext context = new LoggerContext();
    PatternLayout pattern = new PatternLayout();
    pattern.setContext(context);
    pattern.setPattern(PATTERN);
    pattern.start();
    Logger logger = context.getLogger("dev.lawfit.Test");
    List<LoggingEvent> events = new ArrayList<>();
    for (Level level : List.of(Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE)) {
      events.add(
          new LoggingEvent(
              "fqcn", logger, level, "read {}: {} rows", null, new Object[] {"a b.csv", 480}));
    }
    events.add(
        new LoggingEvent(
            "fqcn",
            logger,
            Level.WARN,
            "failed",
            new IllegalStateException("boom", new java.io.IOException("disk")),
            null));
    for (LoggingEvent event : events) {
      assertEquals(pattern.doLayout(event), LogSetup.Line.format(event), event.toString());
    }
  }

  @Test
  void theServiceConfiguresStderrAtWarn() {
    // The test class path holds no logback.xml either: Logback found LogSetup through
    // META-INF/services.
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    var appender = root.getAppender("STDERR");
    ConsoleAppender<?> console = assertInstanceOf(ConsoleAppender.class, appender);
    assertEquals("System.err", console.getTarget());
    assertInstanceOf(LogSetup.Line.class, ((OutputStreamAppender<?>) console).getEncoder());
    assertTrue(root.isEnabledFor(Level.ERROR));
  }

  /**
   * In a real process: -v logs what was read at info level, and without it Logback is never started
   * (no info message is made, and nothing else logs), as the class-load log shows.
   */
  @Test
  void infoMessagesOnlyWithVerboseAndLogbackOnlyStartedForThem(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("runs.csv");
    Files.writeString(log, "params,tokens,loss\n1e8,1e9,3.5\n1e8,2e9,3.2\n2e8,2e9,3.0\n");
    Path classes = dir.resolve("classes.log");

    String[] verbose = child(dir, null, "-v", "inspect", log.toString());
    assertTrue(verbose[1].contains("lawfit: INFO  read " + log + ": 3 rows (csv)"), verbose[1]);
    assertTrue(verbose[1].contains("lawfit: INFO  columns read: params <- params"), verbose[1]);

    String[] plain = child(dir, classes, "inspect", log.toString());
    assertEquals("", plain[1]);
    assertTrue(plain[0].contains("(csv, 3 rows)"), plain[0]);
    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("dev.lawfit.data.LogLoader "), "the log is useless: " + loaded);
    assertTrue(!loaded.contains("ch.qos.logback"), "Logback was started without -v");
  }

  /** Runs lawfit in a child JVM (its class loads logged to {@code classes} when not null). */
  private static String[] child(Path dir, Path classes, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
    if (classes != null) {
      command.add("-Xlog:class+load:file=" + classes);
    }
    command.add("dev.lawfit.cli.Main");
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectError(dir.resolve("err.txt").toFile())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String err = Files.readString(dir.resolve("err.txt"));
    assertEquals(0, p.exitValue(), err);
    return new String[] {out, err};
  }
}
