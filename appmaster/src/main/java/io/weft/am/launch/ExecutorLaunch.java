package io.weft.am.launch;

import io.weft.common.id.HostPort;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.launch.JvmContainer;
import io.weft.common.launch.ShippedResource;
import io.weft.driver.rpc.AppCredentials;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The launch context of one executor container, in domain terms. */
public record ExecutorLaunch(List<String> command, Map<String, String> environment,
    Map<String, JarResource> localResources) {
  public static final String EXECUTOR_MAIN = "io.weft.driver.executor.ExecutorMain";

  public ExecutorLaunch {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    localResources = Map.copyOf(localResources);
  }

  /**
   * {@code {{JAVA_HOME}}/bin/java -Xmx<memory>m -cp {{WEFT_CLASSPATH}} {{WEFT_JVM_OPTIONS}} ExecutorMain
   * --driver host:port --executor-id N --cores C --app-id APPID [--user-jar __app__.jar]}, with the app
   * credentials in the environment and the user jar localized as {@code __app__.jar} when it is known.
   */
  public static ExecutorLaunch forExecutor(String executorId, HostPort driver, String applicationId,
      AppCredentials credentials, long memoryMb, int cores, Optional<JarResource> userJar) {
    return forExecutor(executorId, driver, applicationId, credentials, memoryMb, cores, userJar, List.of());
  }

  /**
   * As above, plus the {@code --jars}/{@code --files}/{@code --archives} of a cluster-mode application: localized
   * (archives unpacked), jars on the class path.
   */
  public static ExecutorLaunch forExecutor(String executorId, HostPort driver, String applicationId,
      AppCredentials credentials, long memoryMb, int cores, Optional<JarResource> userJar,
      List<ShippedResource> shipped) {
    List<String> command = JvmContainer.command(memoryMb, EXECUTOR_MAIN);
    command.addAll(List.of("--driver", driver.toString(), "--executor-id", executorId,
        "--cores", Integer.toString(cores), "--app-id", applicationId));
    userJar.ifPresent(jar -> command.addAll(List.of("--user-jar", AppMasterArgs.APP_JAR_LINK)));
    Map<String, JarResource> resources = new java.util.LinkedHashMap<>();
    userJar.ifPresent(jar -> resources.put(AppMasterArgs.APP_JAR_LINK, jar));
    for (ShippedResource resource : shipped) {
      if (!resource.isLocal()) {
        resources.put(resource.name(), new JarResource(resource.uri(), resource.size(), resource.sha256(),
            resource.kind() == ShippedResource.Kind.ARCHIVE));
      }
      if (resource.kind() == ShippedResource.Kind.JAR) {
        command.addAll(List.of("--extra-jar", resource.path()));
      }
    }
    return new ExecutorLaunch(command, credentials.environment(), resources);
  }
}
