package io.weft.client.records;

/** How a {@link LocalResource} is placed (YARN's {@code LocalResourceType}). */
public enum LocalResourceType {
  /** Copied or linked as is. */
  FILE,
  /** Unpacked (zip, jar, tar, tar.gz/tgz) into a directory of its link name. */
  ARCHIVE
}
