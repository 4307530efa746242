package io.weft.nm.localize;

import io.weft.common.id.ContainerId;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where {@code staging:<sha256>} resources come from (the RM's StagingService). Staged files are
 * per application: a container gets only those of its own application.
 */
@FunctionalInterface
public interface StagedFileSource {
  /**
   * Writes the content with digest {@code sha256} staged for {@code container}'s application to
   * {@code target} (created or replaced).
   */
  void fetch(ContainerId container, String sha256, Path target) throws IOException;
}
