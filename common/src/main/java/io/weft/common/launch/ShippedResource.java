package io.weft.common.launch;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code --jars}/{@code --files}/{@code --archives} entry of a cluster-mode application, as the client tells the AM
 * (in {@code weft.am.shipped}): either staged on the RM ({@code uri}, size, SHA-256; localized into
 * each container as {@code name}) or {@code local:/path}, already on every node and not copied.
 * Encoded as {@code kind|name|size|sha256|uri} entries separated by commas.
 */
public record ShippedResource(Kind kind, String name, long size, String sha256, String uri) {
  public static final String LOCAL_PREFIX = "local:";

  /** An ARCHIVE is unpacked by the NM into a directory named {@link #name} (its alias). */
  public enum Kind { JAR, FILE, ARCHIVE }

  public ShippedResource {
    requireNonNull(kind, "kind");
    requireNonNull(name, "name");
    requireNonNull(sha256, "sha256");
    requireNonNull(uri, "uri");
    if (name.isEmpty() || name.contains("|") || name.contains(",")) {
      throw new IllegalArgumentException("shipped resource name '" + name + "' must be non-empty without '|' or ','");
    }
  }

  public static ShippedResource local(Kind kind, String entry) {
    return new ShippedResource(kind, entry, 0, "", "");
  }

  /** Already on every node: {@link #name} is {@code local:/path}. */
  public boolean isLocal() {
    return name.startsWith(LOCAL_PREFIX);
  }

  /** The path on the node: the local path, or the link name in the container's working directory. */
  public String path() {
    return isLocal() ? name.substring(LOCAL_PREFIX.length()) : name;
  }

  public static String encode(List<ShippedResource> resources) {
    return resources.stream().map(r -> r.kind + "|" + r.name + "|" + r.size + "|" + r.sha256 + "|" + r.uri)
        .collect(Collectors.joining(","));
  }

  public static List<ShippedResource> decode(String text) {
    List<ShippedResource> resources = new ArrayList<>();
    for (String entry : text.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] f = entry.split("\\|", -1);
      if (f.length != 5) {
        throw new IllegalArgumentException("shipped resource '" + entry + "' is not kind|name|size|sha256|uri");
      }
      resources.add(new ShippedResource(Kind.valueOf(f[0]), f[1], Long.parseLong(f[2]), f[3], f[4]));
    }
    return resources;
  }
}
