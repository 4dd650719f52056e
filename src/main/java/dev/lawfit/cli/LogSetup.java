package dev.lawfit.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.Charset;
import org.slf4j.Logger;

/**
 * Logback's configuration, in code: logs go to stderr as {@code lawfit: LEVEL message} (stdout
 * carries results only), warnings and worse unless {@code -v}/{@code -q} change the root level.
 * Found through {@code META-INF/services}, it spares every command Logback's XML configurator and
 * an XML parser (about 300 classes of start-up), and its encoder spares the pattern parser.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    Line line = new Line();
    line.setContext(context);
    line.start();
    stderr.setEncoder(line);
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(stderr);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * What the pattern {@code lawfit: %-5level %msg%n} wrote, with the stack trace Logback's pattern
   * layout appends to an event that carries one, in the platform's charset as before.
   */
  static final class Line extends EncoderBase<ILoggingEvent> {
    @Override
    public byte[] headerBytes() {
      return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
      return format(event).getBytes(Charset.defaultCharset());
    }

    @Override
    public byte[] footerBytes() {
      return null;
    }

    static String format(ILoggingEvent event) {
      StringBuilder text = new StringBuilder("lawfit: ");
      String level = event.getLevel().toString();
      text.append(level).append(" ".repeat(Math.max(0, 5 - level.length()))).append(' ');
      text.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        text.append(ThrowableProxyUtil.asString(thrown));
      }
      return text.toString();
    }
  }
}
