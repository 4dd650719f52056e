package dev.lawfit.data;

import org.slf4j.LoggerFactory;

/**
 * Info messages (what {@code -v} shows) through SLF4J, asked for only when they are wanted: the
 * first logger starts Logback, a hundred classes and a service lookup that cost {@code inspect} of
 * a small log a tenth of its CPU time, for messages the default level (warnings) drops anyway. The
 * flag mirrors the root logger's level, which is process-wide as well; the CLI sets both.
 */
public final class InfoLog {
  private static volatile boolean enabled;

  private InfoLog() {}

  /** Whether info messages are wanted ({@code -v}); off until the CLI turns it on. */
  public static boolean enabled() {
    return enabled;
  }

  /** Turns info messages on or off; the caller sets the logging level to match. */
  public static void enable(boolean on) {
    enabled = on;
  }

  /**
   * Logs {@code format} (SLF4J's {@code {}} placeholders) at info level on {@code owner}'s logger
   * when info messages are wanted; otherwise nothing, and no logger is made.
   */
  public static void info(Class<?> owner, String format, Object... args) {
    if (enabled) {
      LoggerFactory.getLogger(owner).info(format, args);
    }
  }
}
