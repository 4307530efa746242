package io.weft.nm.launch;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import java.nio.file.Path;

/**
 * Where a container lives on this node: its working dir
 * {@code <local-dir>/usercache/<user>/appcache/<app>/<container>} and its log dir
 * {@code <log-dir>/<app>/<container>}.
 */
public record ContainerDirs(Path workDir, Path logDir) {
  public ContainerDirs {
    requireNonNull(workDir);
    requireNonNull(logDir);
  }

  public static ContainerDirs of(Path localDir, Path logRoot, String user, ContainerId id) {
    return new ContainerDirs(appCacheDir(localDir, user, id.applicationId()).resolve(id.toString()),
        logDir(logRoot, id));
  }

  public static Path appCacheDir(Path localDir, String user, ApplicationId app) {
    return localDir.resolve("usercache").resolve(user).resolve("appcache").resolve(app.toString());
  }

  public static Path logDir(Path logRoot, ContainerId id) {
    return logRoot.resolve(id.applicationId().toString()).resolve(id.toString());
  }
}
