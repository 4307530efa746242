package io.weft.nm.cgroups;

import io.weft.nm.NmKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds what this host offers under the cgroup mount path and prepares the containers' hierarchy:
 * cgroup v2 when the mount path is a unified hierarchy offering memory and cpu (which are then
 * enabled for child cgroups down to the hierarchy), else the v1 memory and cpu controllers mounted
 * below it. Anything missing fails with what and where.
 */
final class HostCgroups {
  private static final List<String> CONTROLLERS = List.of("memory", "cpu");

  private HostCgroups() {}

  static CgroupLayout prepare(CgroupSettings settings) {
    Path mount = settings.mountPath();
    if (!Files.isDirectory(mount)) {
      throw unavailable("the cgroup mount path " + mount + " (" + NmKeys.CGROUPS_MOUNT_PATH.key()
          + ") is not a directory");
    }
    Path controllers = mount.resolve("cgroup.controllers");
    return Files.exists(controllers) ? v2(mount, controllers, settings.hierarchy()) : v1(mount, settings.hierarchy());
  }

  private static CgroupLayout v2(Path mount, Path controllersFile, String hierarchy) {
    Set<String> offered;
    try {
      offered = Set.of(CgroupFiles.read(controllersFile).trim().split("\\s+"));
    } catch (IOException e) {
      throw unavailable("cannot read " + controllersFile + ": " + e, e);
    }
    List<String> missing = CONTROLLERS.stream().filter(c -> !offered.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw unavailable("cgroup v2 at " + mount + " does not offer the " + String.join(" and ", missing)
          + " controller (" + controllersFile + " lists '" + String.join(" ", offered) + "')");
    }
    // Each level down to the hierarchy passes memory and cpu on to its children (the containers' cgroups).
    Path level = mount;
    List<Path> levels = new ArrayList<>(List.of(mount));
    for (Path part : Path.of(hierarchy)) {
      level = level.resolve(part.toString());
      levels.add(level);
    }
    createDirectories(level);
    for (Path dir : levels) {
      Path subtree = dir.resolve("cgroup.subtree_control");
      try {
        CgroupFiles.write(subtree, "+memory +cpu");
      } catch (IOException e) {
        throw unavailable("cannot enable the memory and cpu controllers for child cgroups: " + e.getMessage(), e);
      }
    }
    return new CgroupV2(level);
  }

  private static CgroupLayout v1(Path mount, String hierarchy) {
    Path memory = controller(mount, "memory.limit_in_bytes", "memory");
    Path cpu = controller(mount, "cpu.shares", "cpu", "cpu,cpuacct", "cpuacct,cpu");
    Path memoryRoot = memory.resolve(hierarchy);
    Path cpuRoot = cpu.resolve(hierarchy);
    createDirectories(memoryRoot);
    createDirectories(cpuRoot);
    return new CgroupV1(memoryRoot, cpuRoot);
  }

  /** The v1 mount (one of {@code names} under {@code mount}) whose root has {@code file}. */
  private static Path controller(Path mount, String file, String... names) {
    for (String name : names) {
      if (Files.exists(mount.resolve(name).resolve(file))) {
        return mount.resolve(name);
      }
    }
    throw unavailable("found neither cgroup v2 (no " + mount.resolve("cgroup.controllers") + ") nor the cgroup v1 "
        + names[0] + " controller (no " + mount.resolve(names[0]).resolve(file) + ")");
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw unavailable("cannot create the cgroup " + dir + ": " + e + " (the NodeManager must run as root or "
          + "be given write access to it)", e);
    }
  }

  private static CgroupsUnavailableException unavailable(String what) {
    return new CgroupsUnavailableException(prefix() + what);
  }

  private static CgroupsUnavailableException unavailable(String what, Throwable cause) {
    return new CgroupsUnavailableException(prefix() + what, cause);
  }

  private static String prefix() {
    return "cgroups are enabled (" + NmKeys.CGROUPS_ENABLED.key() + "=true) but this host cannot give containers "
        + "their own: ";
  }
}
