package io.weft.nm.executor;

import io.weft.common.id.ContainerId;
import io.weft.nm.launch.ContainerDirs;
import io.weft.nm.localize.FileCopier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs containers as some user: admits the user, makes the dirs, copies files and starts the launch script. */
public interface ContainerExecutor {
  /** Refuses (a WeftException naming the user and the rule) a container whose user may not run here. */
  void admit(ContainerId id, String user);

  /** Creates the container's working and log dirs. */
  void createDirs(String user, ContainerDirs dirs) throws IOException;

  /** Deletes an application's working dir on this node, with every container dir of {@code user} in it. */
  void deleteAppDir(String user, Path appDir) throws IOException;

  /** How the container's {@code file:} resources are read. */
  FileCopier fileCopier(String user);

  /**
   * Writes the launch script running {@code command} with {@code env} into the working dir and starts it,
   * as {@code user}, as the leader of its own process group (pid = pgid), after it joined the cgroups
   * whose {@code cgroup.procs} files are given; stdout and stderr go to the log dir.
   */
  Process launch(String user, ContainerDirs dirs, Map<String, String> env, List<String> command,
      List<Path> cgroupProcs) throws IOException;
}
