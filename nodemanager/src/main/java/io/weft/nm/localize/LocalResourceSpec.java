package io.weft.nm.localize;

import static java.util.Objects.requireNonNull;

/**
 * One resource to place in a container's working dir. {@code uri} is {@code staging:<sha256>},
 * {@code file:/path}, {@code http(s)://...} or {@code local:/path}; {@code size} 0 and an empty
 * {@code sha256} mean "not checked".
 */
public record LocalResourceSpec(String uri, Type type, long size, String sha256) {
  public enum Type { FILE, ARCHIVE }

  public LocalResourceSpec {
    requireNonNull(uri, "uri");
    requireNonNull(type, "type");
    sha256 = sha256 == null ? "" : sha256.trim().toLowerCase(java.util.Locale.ROOT);
  }

  public static LocalResourceSpec file(String uri) {
    return new LocalResourceSpec(uri, Type.FILE, 0, "");
  }
}
