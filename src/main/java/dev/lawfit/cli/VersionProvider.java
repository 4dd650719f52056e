package dev.lawfit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven filtered into {@code dev/lawfit/version.properties}. */
public final class VersionProvider implements IVersionProvider {

  /** The project version, e.g. {@code 0.1.0}. */
  public static String version() {
    return properties().getProperty("version", "unknown");
  }

  /**
   * The abbreviated commit the build was made from, or {@code unknown} when it was built outside a
   * git work tree (a source tarball) or without git.
   */
  public static String commit() {
    String commit = properties().getProperty("commit", "unknown");
    // An unfiltered file (an IDE build that skipped Maven) still holds the placeholder.
    return commit.isBlank() || commit.startsWith("${") ? "unknown" : commit;
  }

  private static Properties properties() {
    Properties p = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream("/dev/lawfit/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  @Override
  public String[] getVersion() {
    // String.join, not +: the first + of a run bootstraps string concatenation's method handles,
    // some 140 classes, which would be most of what `lawfit --version` loads beyond the JVM's own.
    return new String[] {
      String.join("", "lawfit ", version(), " (commit ", commit(), ")"),
      String.join("", "Java ", System.getProperty("java.version"))
    };
  }
}
