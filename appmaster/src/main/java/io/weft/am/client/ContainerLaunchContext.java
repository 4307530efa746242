package io.weft.am.client;

import java.util.List;
import java.util.Map;

/**
 * What a container runs (YARN's {@code ContainerLaunchContext}): the argv of its process, extra
 * environment variables, and the files localized into its working directory by link name.
 *
 * <p>The command is not run through a shell: each element is one argument. Wrap it as
 * {@code List.of("bash", "-c", "...")} for shell syntax. The NodeManager expands these placeholders
 * in every element: {@code {{JAVA_HOME}}}, {@code {{WEFT_CLASSPATH}}} (the Weft installation's
 * {@code lib/*} on that node), {@code {{PWD}}} (the working directory) and {@code {{LOG_DIR}}}. The
 * process's stdout and stderr always go to {@code {{LOG_DIR}}/stdout} and {@code stderr}, which the
 * NM's web pages ({@code /node/containerlogs/<containerId>/<user>/stdout}) show. The NM adds {@code CONTAINER_ID},
 * {@code NM_HOST}, {@code PWD}, {@code LOG_DIRS}, {@code WEFT_HOME} and {@code USER} to the
 * environment. {@code serviceData} goes to the NodeManager's auxiliary services, by service name (YARN's
 * service data; e.g. the application secret for {@code weft_shuffle}); a name the node runs no service for
 * refuses the start.
 */
public record ContainerLaunchContext(List<String> command, Map<String, String> environment,
    Map<String, LocalResource> localResources, Map<String, byte[]> serviceData) {
  public ContainerLaunchContext {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    localResources = Map.copyOf(localResources);
    serviceData = Map.copyOf(serviceData);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a container launch context needs a command");
    }
  }

  /** With no service data. */
  public ContainerLaunchContext(List<String> command, Map<String, String> environment,
      Map<String, LocalResource> localResources) {
    this(command, environment, localResources, Map.of());
  }

  /** Runs {@code command} with no extra environment or files. */
  public static ContainerLaunchContext of(List<String> command) {
    return new ContainerLaunchContext(command, Map.of(), Map.of());
  }
}
