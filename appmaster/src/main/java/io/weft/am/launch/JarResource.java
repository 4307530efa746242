package io.weft.am.launch;

/**
 * A staged file the NM localizes into a container ({@code staging:<sha256>}, size, hex SHA-256);
 * an {@code archive} is unpacked into a directory of its link name.
 */
public record JarResource(String uri, long size, String sha256, boolean archive) {
  public JarResource(String uri, long size, String sha256) {
    this(uri, size, sha256, false);
  }
}
