package io.weft.nm.launch;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.launch.Placeholders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What this node puts into every container: the standard environment of {@link ContainerEnv} and
 * the values of the command {@link Placeholders}.
 */
public record LaunchEnvironment(NodeId nodeId, String httpPort, String javaHome, String classpath,
    Optional<String> weftHome, Map<String, String> clusterEnv) {

  public LaunchEnvironment {
    requireNonNull(nodeId);
    requireNonNull(httpPort);
    requireNonNull(javaHome);
    requireNonNull(classpath);
    requireNonNull(weftHome);
    clusterEnv = Map.copyOf(clusterEnv);
  }

  /** A node whose containers need nothing to reach the cluster but its address (no TLS). */
  public LaunchEnvironment(NodeId nodeId, String httpPort, String javaHome, String classpath, Optional<String> weftHome) {
    this(nodeId, httpPort, javaHome, classpath, weftHome, Map.of());
  }

  /** This environment plus {@code extra} in every container (what the node's auxiliary services export). */
  public LaunchEnvironment with(Map<String, String> extra) {
    Map<String, String> env = new LinkedHashMap<>(clusterEnv);
    env.putAll(extra);
    return new LaunchEnvironment(nodeId, httpPort, javaHome, classpath, weftHome, env);
  }

  /** The NM's standard variables for one container, in a stable order. */
  public Map<String, String> standardEnv(ContainerId id, String user, ContainerDirs dirs) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ContainerEnv.CONTAINER_ID, id.toString());
    env.put(ContainerEnv.NM_HOST, nodeId.host());
    env.put(ContainerEnv.NM_PORT, Integer.toString(nodeId.port()));
    env.put(ContainerEnv.NM_HTTP_PORT, httpPort);
    env.put(ContainerEnv.LOG_DIRS, dirs.logDir().toString());
    env.put(ContainerEnv.PWD, dirs.workDir().toString());
    env.put(ContainerEnv.USER, user);
    weftHome.ifPresent(home -> env.put(ContainerEnv.WEFT_HOME, home));
    env.putAll(clusterEnv);
    return env;
  }

  /** {@code text} with every placeholder replaced by its value on this node. */
  public String expand(String text, ContainerDirs dirs) {
    return text.replace(Placeholders.JAVA_HOME, javaHome)
        .replace(Placeholders.WEFT_CLASSPATH, classpath)
        .replace(Placeholders.PWD, dirs.workDir().toString())
        .replace(Placeholders.LOG_DIR, dirs.logDir().toString());
  }
}
