package io.weft.nm.localize;

import java.io.IOException;
import java.nio.file.Path;

/** Where {@code staging:<sha256>} resources come from (the RM's StagingService). */
@FunctionalInterface
public interface StagedFileSource {
  /** Writes the staged content with digest {@code sha256} to {@code target} (created or replaced). */
  void fetch(String sha256, Path target) throws IOException;
}
