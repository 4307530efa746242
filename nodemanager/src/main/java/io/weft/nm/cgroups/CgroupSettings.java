package io.weft.nm.cgroups;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where container cgroups live: {@code mountPath} is where the host mounts cgroups (the v2 unified
 * hierarchy itself, or the parent of the v1 controllers' mounts) and {@code hierarchy} the relative
 * path under it (under each v1 controller) that holds one cgroup per container.
 */
public record CgroupSettings(Path mountPath, String hierarchy) {
  public CgroupSettings {
    requireNonNull(mountPath);
    requireNonNull(hierarchy);
    Path relative = Path.of(hierarchy);
    if (hierarchy.isBlank() || relative.isAbsolute() || relative.normalize().startsWith("..")
        || !relative.normalize().equals(relative)) {
      throw new IllegalArgumentException("cgroup hierarchy '" + hierarchy + "' is not a relative path without "
          + "'..' or '.' (e.g. weft)");
    }
  }
}
