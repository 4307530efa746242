package io.weft.am.launch;

import io.weft.common.id.HostPort;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.launch.JvmContainer;
import io.weft.common.launch.ShippedResource;
import io.weft.driver.rpc.AppCredentials;
import io.weft.driver.storage.ShuffleServiceMode;
import io.weft.shuffle.ShuffleServiceNames;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The launch context of one executor container, in domain terms; {@code serviceData} is for the node's auxiliary services. */
public record ExecutorLaunch(List<String> command, Map<String, String> environment,
    Map<String, JarResource> localResources, Map<String, byte[]> serviceData) {
  public static final String EXECUTOR_MAIN = "io.weft.driver.executor.ExecutorMain";

  public ExecutorLaunch {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    localResources = Map.copyOf(localResources);
    serviceData = Map.copyOf(serviceData);
  }

  public ExecutorLaunch(List<String> command, Map<String, String> environment, Map<String, JarResource> localResources) {
    this(command, environment, localResources, Map.of());
  }

  /**
   * This launch, and with {@code enabled} ({@link ShuffleServiceMode#enabled}) one whose executor keeps its shuffle
   * files with the node's shuffle service: the application's secret goes to that service as its service data
   * (YARN's pattern), and the executor is told to register there.
   */
  public ExecutorLaunch withShuffleService(boolean enabled, AppCredentials credentials) {
    if (!enabled) {
      return this;
    }
    Map<String, String> env = new java.util.LinkedHashMap<>(environment);
    env.put(ShuffleServiceMode.EXECUTOR_ENV, "true");
    Map<String, byte[]> data = new java.util.LinkedHashMap<>(serviceData);
    data.put(ShuffleServiceNames.SERVICE_NAME, credentials.secret().getBytes(StandardCharsets.UTF_8));
    return new ExecutorLaunch(command, env, localResources, data);
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
