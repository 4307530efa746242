package io.weft.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh working directories for local clusters. */
final class WorkDirs {
  private WorkDirs() {}

  static Path fresh(String prefix) {
    try {
      return Files.createTempDirectory(prefix + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work directory: " + e.getMessage(), e);
    }
  }
}
