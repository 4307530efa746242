package io.weft.nm.cgroups;

import io.weft.common.resource.Resource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Separate v1 controller hierarchies: a container's cgroup exists under both {@code memoryRoot}
 * (memory.limit_in_bytes) and {@code cpuRoot} (cpu.shares).
 */
record CgroupV1(Path memoryRoot, Path cpuRoot) implements CgroupLayout {
  /** cgroup v1's default shares, given per vcore (as YARN does). */
  private static final int SHARES_PER_VCORE = 1024;

  @Override
  public List<Path> dirs(String name) {
    return List.of(memoryRoot.resolve(name), cpuRoot.resolve(name));
  }

  @Override
  public void setLimits(String name, Resource resource) throws IOException {
    CgroupFiles.write(memoryLimitFile(name), Long.toString(resource.memoryMb() * 1024 * 1024));
    CgroupFiles.write(cpuRoot.resolve(name).resolve("cpu.shares"),
        Long.toString(Math.max(2, (long) resource.vcores() * SHARES_PER_VCORE)));
  }

  @Override
  public long oomKills(String name) throws IOException {
    // oom_control's oom_kill counter (Linux 4.13+); older kernels only say the limit was hit (failcnt).
    Path dir = memoryRoot.resolve(name);
    long kills = CgroupFiles.counter(dir.resolve("memory.oom_control"), "oom_kill");
    return kills >= 0 ? kills : CgroupFiles.counter(dir.resolve("memory.failcnt"), "");
  }

  @Override
  public Path memoryLimitFile(String name) {
    return memoryRoot.resolve(name).resolve("memory.limit_in_bytes");
  }
}
