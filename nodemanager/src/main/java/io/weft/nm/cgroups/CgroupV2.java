package io.weft.nm.cgroups;

import io.weft.common.resource.Resource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The unified hierarchy: one cgroup per container under {@code root}, memory.max and cpu.weight. */
record CgroupV2(Path root) implements CgroupLayout {
  /** cgroup v2's default weight, given per vcore; cpu.weight ranges 1 to 10000. */
  private static final int WEIGHT_PER_VCORE = 100;

  @Override
  public List<Path> dirs(String name) {
    return List.of(root.resolve(name));
  }

  @Override
  public void setLimits(String name, Resource resource) throws IOException {
    Path dir = root.resolve(name);
    CgroupFiles.write(dir.resolve("memory.max"), Long.toString(resource.memoryMb() * 1024 * 1024));
    long weight = Math.max(1, Math.min(10_000, (long) resource.vcores() * WEIGHT_PER_VCORE));
    CgroupFiles.write(dir.resolve("cpu.weight"), Long.toString(weight));
  }

  @Override
  public long oomKills(String name) throws IOException {
    return CgroupFiles.counter(root.resolve(name).resolve("memory.events"), "oom_kill");
  }

  @Override
  public Path memoryLimitFile(String name) {
    return root.resolve(name).resolve("memory.max");
  }
}
