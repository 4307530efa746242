package io.weft.client.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What this build of Weft is: written into {@code weft-build.properties} by Maven when the client module is built. */
record BuildInfo(String version, String built, String builtBy, String builtWith) {
  private static final String RESOURCE = "weft-build.properties";

  static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
    return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("built", "unknown"),
        p.getProperty("built-by", "unknown"), p.getProperty("built-with", "unknown"));
  }

  /** The jar (or classes directory) this command runs from, as {@code yarn version}'s last line names it. */
  static Optional<Path> codeLocation() {
    CodeSource source = BuildInfo.class.getProtectionDomain().getCodeSource();
    try {
      return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** picocli's {@code --version} on every command: the first line of {@code weft version}. */
  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Weft " + load().version()};
    }
  }
}
