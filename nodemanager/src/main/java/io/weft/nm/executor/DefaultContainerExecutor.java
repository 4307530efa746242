package io.weft.nm.executor;

import io.weft.common.id.ContainerId;
import io.weft.nm.launch.ContainerDirs;
import io.weft.nm.launch.LaunchScript;
import io.weft.nm.launch.ProcessGroups;
import io.weft.nm.localize.FileCopier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Containers run as the NodeManager's own user, whatever user submitted them (YARN's DefaultContainerExecutor). */
public final class DefaultContainerExecutor implements ContainerExecutor {
  @Override
  public void admit(ContainerId id, String user) { }

  @Override
  public void createDirs(String user, ContainerDirs dirs) throws IOException {
    Files.createDirectories(dirs.workDir());
    Files.createDirectories(dirs.logDir());
  }

  @Override
  public void deleteAppDir(String user, Path appDir) throws IOException {
    try (Stream<Path> walk = Files.walk(appDir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public FileCopier fileCopier(String user) {
    return FileCopier.AS_NODE;
  }

  @Override
  public Process launch(String user, ContainerDirs dirs, Map<String, String> env, List<String> command,
      List<Path> cgroupProcs) throws IOException {
    return ProcessGroups.start(LaunchScript.write(dirs.workDir(), env, command, cgroupProcs), dirs);
  }
}
