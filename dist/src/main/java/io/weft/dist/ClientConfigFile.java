package io.weft.dist;

import io.weft.common.config.WeftConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A local cluster's client configuration, as {@code <dir>/weft-site.properties}, for {@code WEFT_CONF_DIR=<dir>}. */
final class ClientConfigFile {
  private ClientConfigFile() {}

  /** Writes {@code config} (every key) into {@code dir}/weft-site.properties; returns {@code dir}. */
  static Path write(Path dir, WeftConfig config, String writtenBy) {
    Properties props = new Properties();
    config.asMap().forEach(props::setProperty);
    try {
      Files.createDirectories(dir);
      try (Writer out = Files.newBufferedWriter(dir.resolve("weft-site.properties"), StandardCharsets.UTF_8)) {
        props.store(out, "written by " + writtenBy + ", for clients");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the client configuration in " + dir, e);
    }
    return dir;
  }
}
