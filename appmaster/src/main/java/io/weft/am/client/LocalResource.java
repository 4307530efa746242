package io.weft.am.client;

import static java.util.Objects.requireNonNull;

/**
 * A file the NodeManager places in a container's working directory before it starts (YARN's
 * {@code LocalResource}). {@code uri} is {@code staging:<sha256>} (uploaded by the client with
 * {@code WeftClient.uploadFile}), {@code file:/path} (copied from the node's disk),
 * {@code http(s)://...} (fetched) or {@code local:/path} (already on every node, linked).
 * {@code size} (bytes) and {@code sha256} (hex) are checked after localization when set (0 / empty
 * = unchecked). An {@link Type#ARCHIVE} is unpacked into a directory of its link name.
 */
public record LocalResource(String uri, Type type, long size, String sha256) {
  /** A plain file, or a zip/jar unpacked into a directory. */
  public enum Type { FILE, ARCHIVE }

  public LocalResource {
    requireNonNull(uri, "uri");
    requireNonNull(type, "type");
    requireNonNull(sha256, "sha256");
  }

  /** A file taken as is, unchecked. */
  public static LocalResource file(String uri) {
    return new LocalResource(uri, Type.FILE, 0, "");
  }
}
