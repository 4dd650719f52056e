package dev.lawfit.cli;

import dev.lawfit.fit.Progress;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.BooleanSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The progress bar of every long job, on the command's error writer (stderr). It shows only on an
 * interactive terminal, never under {@code -q} and never when the {@code CI} environment variable
 * is set; otherwise it is {@link Progress#NONE}'s twin and prints nothing. The bar appears once the
 * job announces more than one unit of work, and is safe to step from several threads.
 */
final class TerminalProgress implements Progress, AutoCloseable {
  /**
   * Whether stderr is an interactive terminal; in-process tests set it to show the bar on their own
   * writer (tests run one at a time in a JVM).
   */
  static BooleanSupplier interactive = () -> System.console() != null;

  private final String task;
  private final String unit;
  private final PrintWriter err;
  private ProgressBar bar;

  private TerminalProgress(String task, String unit, PrintWriter err) {
    this.task = task;
    this.unit = unit;
    this.err = err;
  }

  /**
   * Progress of {@code task} counted in {@code unit}s (e.g. "resamples"), shown only when {@link
   * #shows} says so for this process.
   */
  static TerminalProgress of(CommandSpec spec, String task, String unit) {
    LawfitCommand root = spec.root().commandLine().getCommand();
    return new TerminalProgress(
        task,
        unit,
        shows(interactive.getAsBoolean(), System.getenv(), root.quiet())
            ? spec.commandLine().getErr()
            : null);
  }

  /** A bar that always shows, on {@code err}: for tests of what it prints. */
  static TerminalProgress on(PrintWriter err, String task, String unit) {
    return new TerminalProgress(task, unit, err);
  }

  /** Whether progress shows: on an interactive terminal, not under -q, not in CI. */
  static boolean shows(boolean interactive, Map<String, String> env, boolean quiet) {
    return interactive && !quiet && env.get("CI") == null;
  }

  @Override
  public synchronized void add(long units) {
    if (err == null || units <= 0) {
      return;
    }
    if (bar == null) {
      if (units < 2) {
        return;
      }
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(units)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new WriterConsumer(err))
              .setUnit(" " + unit, 1)
              .continuousUpdate()
              .build();
    } else {
      bar.maxHint(bar.getMax() + units);
    }
  }

  @Override
  public void step() {
    ProgressBar b;
    synchronized (this) {
      b = bar;
    }
    if (b != null) {
      b.step();
    }
  }

  /** Removes nothing from stderr: the finished bar stays as the job's last line of progress. */
  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  /**
   * The console consumer's output (a carriage return, then the bar; a newline at the end), on a
   * writer.
   */
  private static final class WriterConsumer extends ConsoleProgressBarConsumer {
    private final PrintWriter err;

    WriterConsumer(PrintWriter err) {
      super(null);
      this.err = err;
    }

    @Override
    public void accept(String rendered) {
      synchronized (err) {
        err.print('\r');
        err.print(rendered);
        err.flush();
      }
    }

    @Override
    public void close() {
      synchronized (err) {
        err.println();
        err.flush();
      }
    }
  }
}
