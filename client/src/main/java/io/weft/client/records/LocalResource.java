package io.weft.client.records;

import static java.util.Objects.requireNonNull;

import java.util.Objects;

/**
 * A file the NodeManager places in a container's working directory before it starts (YARN's
 * {@code LocalResource}). {@code uri} is {@code staging:<sha256>} (uploaded with
 * {@code WeftClient.uploadFile}), {@code file:/path} (copied from the node's disk), {@code http(s)://...}
 * (fetched) or {@code local:/path} (already on every node, linked). {@code size} (bytes) and {@code sha256}
 * (hex) are checked after localization when set (0 / empty = unchecked); YARN checks a timestamp instead.
 *
 * <p>Immutable: build one with {@link #newBuilder()} (or change a copy with {@link #toBuilder()}).
 */
public final class LocalResource {
  private final String uri;
  private final LocalResourceType type;
  private final LocalResourceVisibility visibility;
  private final long size;
  private final String sha256;

  private LocalResource(Builder b) {
    this.uri = requireNonNull(b.uri, "uri");
    this.type = requireNonNull(b.type, "type");
    this.visibility = requireNonNull(b.visibility, "visibility");
    this.size = b.size;
    this.sha256 = requireNonNull(b.sha256, "sha256");
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this one's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.uri = uri;
    b.type = type;
    b.visibility = visibility;
    b.size = size;
    b.sha256 = sha256;
    return b;
  }

  /** Where it comes from (YARN: {@code getResource()}). */
  public String getUri() {
    return uri;
  }

  public LocalResourceType getType() {
    return type;
  }

  public LocalResourceVisibility getVisibility() {
    return visibility;
  }

  public long getSize() {
    return size;
  }

  public String getSha256() {
    return sha256;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LocalResource other)) {
      return false;
    }
    return uri.equals(other.uri)
        && type.equals(other.type)
        && visibility.equals(other.visibility)
        && size == other.size
        && sha256.equals(other.sha256);
  }

  @Override
  public int hashCode() {
    return Objects.hash(uri, type, visibility, size, sha256);
  }

  @Override
  public String toString() {
    return "LocalResource{"
        + "uri=" + uri
        + ", type=" + type
        + ", visibility=" + visibility
        + ", size=" + size
        + ", sha256=" + sha256 + "}";
  }

  /** Collects the values of a {@link LocalResource}; not thread-safe. */
  public static final class Builder {
    private String uri = "";
    private LocalResourceType type = LocalResourceType.FILE;
    private LocalResourceVisibility visibility = LocalResourceVisibility.APPLICATION;
    private long size = 0;
    private String sha256 = "";

    private Builder() {}

    public Builder uri(String uri) {
      this.uri = requireNonNull(uri, "uri");
      return this;
    }

    public Builder type(LocalResourceType type) {
      this.type = requireNonNull(type, "type");
      return this;
    }

    public Builder visibility(LocalResourceVisibility visibility) {
      this.visibility = requireNonNull(visibility, "visibility");
      return this;
    }

    public Builder size(long size) {
      this.size = size;
      return this;
    }

    public Builder sha256(String sha256) {
      this.sha256 = requireNonNull(sha256, "sha256");
      return this;
    }

    public LocalResource build() {
      return new LocalResource(this);
    }
  }
}
