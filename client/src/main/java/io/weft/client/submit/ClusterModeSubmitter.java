package io.weft.client.submit;

import static java.util.Objects.requireNonNull;

import io.weft.client.WeftClient;
import io.weft.client.WeftClient.NewApplication;
import io.weft.common.id.ApplicationId;
import io.weft.common.config.CommonKeys;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.launch.JvmContainer;
import io.weft.common.launch.Placeholders;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.WeftException;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.LocalResource;
import io.weft.proto.LocalResourceType;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Submits a driver program in cluster mode: checks the sizes against the cluster's limits before
 * anything is uploaded, stages the jar, and asks the RM to start an AM that hosts the driver.
 */
public final class ClusterModeSubmitter {
  public static final String APPLICATION_TYPE = "WEFT";

  private final WeftClient client;
  private final PrintStream out;

  public ClusterModeSubmitter(WeftClient client, PrintStream out) {
    this.client = requireNonNull(client);
    this.out = requireNonNull(out);
  }

  public ApplicationId submit(SubmitOptions options) {
    if (!Files.isRegularFile(options.jar()) || !Files.isReadable(options.jar())) {
      throw WeftException.invalidArgument("application jar " + options.jar() + " does not exist or is not readable");
    }
    NewApplication app = client.createApplication();
    Resource executor = JvmContainer.resourceFor(options.executorMemoryMb(), options.executorCores());
    Resource am = JvmContainer.resourceFor(options.driverMemoryMb(), options.driverCores());
    requireFits("executor", options.executorMemoryMb(), executor, app.maximumCapability());
    requireFits("driver (AM)", options.driverMemoryMb(), am, app.maximumCapability());
    out.printf("Requesting %d executor container(s) of %d MB (%d MB + %d MB overhead), %d vcore(s); "
            + "AM container of %d MB, %d vcore(s)%n", options.numExecutors(), executor.memoryMb(),
        options.executorMemoryMb(), executor.memoryMb() - options.executorMemoryMb(), executor.vcores(),
        am.memoryMb(), am.vcores());

    LocalResource jar = client.uploadFile(options.jar()).toBuilder().setType(LocalResourceType.FILE).build();
    client.submitApplication(submissionContext(app.id(), options, am, jar));
    return app.id();
  }

  private static void requireFits(String what, long heapMb, Resource container, Resource maximum) {
    if (container.memoryMb() > maximum.memoryMb()) {
      throw WeftException.invalidArgument(what + " memory " + heapMb + " MB + " + (container.memoryMb() - heapMb)
          + " MB overhead = " + container.memoryMb() + " MB exceeds the maximum allocation "
          + maximum.memoryMb() + " MB");
    }
    if (container.vcores() > maximum.vcores()) {
      throw WeftException.invalidArgument(what + " cores " + container.vcores()
          + " exceed the maximum allocation " + maximum.vcores() + " vcores");
    }
  }

  static ApplicationSubmissionContext submissionContext(ApplicationId id, SubmitOptions options, Resource am,
      LocalResource jar) {
    Map<String, String> amConf = new LinkedHashMap<>(options.conf());
    amConf.put("weft.app.name", options.name());
    amConf.put(CommonKeys.AM_USER_JAR_URI.key(), jar.getUri());
    amConf.put(CommonKeys.AM_USER_JAR_SHA256.key(), jar.getSha256());
    amConf.put(CommonKeys.AM_USER_JAR_SIZE.key(), Long.toString(jar.getSize()));
    AppMasterArgs args = new AppMasterArgs(AppMasterArgs.DeployMode.CLUSTER, options.mainClass(),
        AppMasterArgs.APP_JAR_LINK, options.appArgs(), options.numExecutors(), options.executorMemoryMb(),
        options.executorCores(), null, amConf);
    List<String> command = new ArrayList<>(List.of(Placeholders.JAVA, "-Xmx" + options.driverMemoryMb() + "m",
        "-cp", Placeholders.WEFT_CLASSPATH, AppMasterArgs.MAIN_CLASS));
    command.addAll(args.toArgs());
    return ApplicationSubmissionContext.newBuilder()
        .setApplicationId(id.toString())
        .setName(options.name())
        .setQueue(options.queue())
        .setApplicationType(APPLICATION_TYPE)
        .setUser(System.getProperty("user.name", "weft"))
        .setAmResource(Resources.toProto(am))
        .setAmContainerSpec(ContainerLaunchContext.newBuilder()
            .addAllCommand(command)
            .putLocalResources(AppMasterArgs.APP_JAR_LINK, jar))
        .build();
  }
}
