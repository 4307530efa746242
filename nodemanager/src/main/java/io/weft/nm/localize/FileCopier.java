package io.weft.nm.localize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies a container's {@code file:} resources into its working dir. Whose rights the source is read
 * with matters: a NodeManager running as root must not hand a container a file its user cannot read.
 */
public interface FileCopier {
  /** Reads with the NodeManager's own rights. */
  FileCopier AS_NODE = (source, target) -> Files.copy(source, target);

  /** Copies {@code source} to {@code target}, which must not exist. */
  void copy(Path source, Path target) throws IOException;
}
