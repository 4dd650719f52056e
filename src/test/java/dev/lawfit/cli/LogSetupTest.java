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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
