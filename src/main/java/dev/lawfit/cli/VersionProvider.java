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
    try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/lawfit/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"lawfit " + version(), "Java " + System.getProperty("java.version")};
  }
}
