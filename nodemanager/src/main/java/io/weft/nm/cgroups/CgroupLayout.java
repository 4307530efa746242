package io.weft.nm.cgroups;

import io.weft.common.resource.Resource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** How one cgroup version names a container's cgroup and its control files. */
sealed interface CgroupLayout permits CgroupV1, CgroupV2 {
  /** The directories of the cgroup {@code name}: one per hierarchy it lives in. */
  List<Path> dirs(String name);

  /** Sets the hard memory limit and the CPU weight of the (created) cgroup {@code name}. */
  void setLimits(String name, Resource resource) throws IOException;

  /** How many times the kernel's OOM killer killed a process of cgroup {@code name}. */
  long oomKills(String name) throws IOException;

  /** The file holding the memory limit of cgroup {@code name}, named in diagnostics. */
  Path memoryLimitFile(String name);
}
