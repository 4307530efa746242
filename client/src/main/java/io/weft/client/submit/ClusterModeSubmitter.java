package io.weft.client.submit;

import static java.util.Objects.requireNonNull;

import io.weft.client.WeftClient;
import io.weft.client.WeftClient.NewApplication;
import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.ContainerLaunchContext;
import io.weft.client.records.LocalResource;
import io.weft.client.records.LocalResourceType;
import io.weft.common.id.ApplicationId;
import io.weft.common.config.CommonKeys;
import io.weft.common.logstore.LogStores;
import io.weft.common.config.WeftConfig;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.launch.JvmContainer;
import io.weft.common.launch.Placeholders;
import io.weft.common.launch.ShippedResource;
import io.weft.common.resource.Resource;
import io.weft.common.resource.ResourceAmounts;
import io.weft.common.rpc.WeftException;
import io.weft.driver.DriverKeys;
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
    return submit(options, List.of(), List.of());
  }

  /** {@code jars}/{@code files}: paths staged on the RM like the jar, or {@code local:/path} (not copied). */
  public ApplicationId submit(SubmitOptions options, List<String> jars, List<String> files) {
    requireReadable(jars, "--jars");
    requireReadable(files, "--files");
    requireReadable(options.archives().stream().map(ClusterModeSubmitter::archivePath).toList(), "--archives");
    if (!Files.isRegularFile(options.jar()) || !Files.isReadable(options.jar())) {
      throw WeftException.invalidArgument("application jar " + options.jar() + " does not exist or is not readable");
    }
    NewApplication app = client.createApplication();
    Resource executor = JvmContainer.requireFits("executor", options.executorMemoryMb(), options.executorCores(),
        app.maximumCapability());
    Resource executorOthers = new Resource(executor.memoryMb(), executor.vcores(),
        ResourceAmounts.of(options.conf(), ResourceAmounts.EXECUTOR_PREFIX));
    executorOthers.requireValidRequest("executor", app.maximumCapability());
    Resource jvmAm = JvmContainer.requireFits("driver (AM)", options.driverMemoryMb(), options.driverCores(),
        app.maximumCapability());
    // the driver's own container asks the other resource types of weft.driver.resource.<type>.amount
    Resource am = new Resource(jvmAm.memoryMb(), jvmAm.vcores(),
        ResourceAmounts.of(options.conf(), ResourceAmounts.DRIVER_PREFIX));
    am.requireValidRequest("driver (AM)", app.maximumCapability());
    out.printf("Requesting %d executor container(s) of %d MB (%d MB + %d MB overhead), %d vcore(s); "
            + "AM container of %d MB, %d vcore(s)%n", options.numExecutors(), executor.memoryMb(),
        options.executorMemoryMb(), executor.memoryMb() - options.executorMemoryMb(), executor.vcores(),
        am.memoryMb(), am.vcores());

    LocalResource jar = client.uploadFile(app.id(), options.jar()).toBuilder().type(LocalResourceType.FILE).build();
    Map<String, LocalResource> extra = new LinkedHashMap<>();
    List<ShippedResource> shipped = new ArrayList<>();
    stage(app.id(), jars, ShippedResource.Kind.JAR, extra, shipped);
    stage(app.id(), files, ShippedResource.Kind.FILE, extra, shipped);
    stageArchives(app.id(), options.archives(), extra, shipped);
    ApplicationSubmissionContext context = submissionContext(app.id(), options, am, jar);
    if (!shipped.isEmpty()) {
      ContainerLaunchContext spec = context.getAMContainerSpec();
      List<String> command = new ArrayList<>(spec.getCommands());
      command.addAll(List.of("--conf", CommonKeys.AM_SHIPPED.key() + "=" + ShippedResource.encode(shipped)));
      Map<String, LocalResource> resources = new LinkedHashMap<>(spec.getLocalResources());
      resources.putAll(extra);
      context = context.toBuilder().amContainerSpec(spec.toBuilder().commands(command).localResources(resources)
          .build()).build();
    }
    client.submitApplication(context);
    return app.id();
  }

  /**
   * The AM's java command: {@code --driver-class-path} after Weft's class path, and
   * {@code --driver-java-options} after the node's JVM options, so the user's win.
   */
  static List<String> amCommand(SubmitOptions options) {
    List<String> command = JvmContainer.command(options.driverMemoryMb(), AppMasterArgs.MAIN_CLASS);
    if (!options.driverClassPath().isEmpty()) {
      int cp = command.indexOf(Placeholders.WEFT_CLASSPATH);
      command.set(cp, Placeholders.WEFT_CLASSPATH + ":" + String.join(":", options.driverClassPath()));
    }
    command.addAll(command.indexOf(AppMasterArgs.MAIN_CLASS), options.driverJavaOptions());
    return command;
  }

  /** {@code weft.am.maxAttempts} when set (the RM caps it), else 0: the cluster's default. */
  private static int maxAttempts(SubmitOptions options) {
    String text = options.conf().getOrDefault(DriverKeys.AM_MAX_ATTEMPTS.key(),
        DriverKeys.AM_MAX_ATTEMPTS.defaultText());
    try {
      return DriverKeys.AM_MAX_ATTEMPTS.parse(text);
    } catch (RuntimeException e) {
      throw WeftException.invalidArgument(e.getMessage());
    }
  }

  private static void requireReadable(List<String> entries, String flag) {
    for (String entry : entries) {
      java.nio.file.Path path = java.nio.file.Path.of(entry);
      if (!entry.startsWith(ShippedResource.LOCAL_PREFIX) && (!Files.isRegularFile(path) || !Files.isReadable(path))) {
        throw WeftException.invalidArgument(flag + " entry " + path.toAbsolutePath() + " does not exist or is not readable");
      }
    }
  }

  /** Uploads each plain path (checked first) and records how the AM and executors get every entry. */
  private void stage(io.weft.common.id.ApplicationId app, List<String> entries, ShippedResource.Kind kind, Map<String, LocalResource> extra,
      List<ShippedResource> shipped) {
    for (String entry : entries) {
      if (entry.startsWith(ShippedResource.LOCAL_PREFIX)) {
        shipped.add(ShippedResource.local(kind, entry));
        continue;
      }
      java.nio.file.Path path = java.nio.file.Path.of(entry);
      String name = path.getFileName().toString();
      if (name.equals(AppMasterArgs.APP_JAR_LINK) || extra.containsKey(name)) {
        throw WeftException.invalidArgument("--jars/--files entry " + path + ": the name '" + name
            + "' is used twice in the containers' working directories");
      }
      LocalResource staged = client.uploadFile(app, path).toBuilder().type(LocalResourceType.FILE).build();
      extra.put(name, staged);
      shipped.add(new ShippedResource(kind, name, staged.getSize(), staged.getSha256(), staged.getUri()));
    }
  }

  /**
   * Uploads each {@code path[#alias]} of {@code --archives}; the NMs unpack it into a directory named
   * alias (default: the file name) in the working directory of the driver's AM and of every executor.
   */
  private void stageArchives(ApplicationId app, List<String> archives, Map<String, LocalResource> extra,
      List<ShippedResource> shipped) {
    for (String entry : archives) {
      if (entry.startsWith(ShippedResource.LOCAL_PREFIX)) {
        throw WeftException.invalidArgument("--archives entry " + entry + ": local: archives are not supported;"
            + " give a file to ship");
      }
      java.nio.file.Path path = java.nio.file.Path.of(archivePath(entry));
      String alias = entry.contains("#") ? entry.substring(entry.indexOf('#') + 1) : path.getFileName().toString();
      if (alias.isEmpty() || alias.contains("/") || alias.equals(".") || alias.equals("..")) {
        throw WeftException.invalidArgument("--archives entry " + entry + ": the alias must be a plain name");
      }
      if (alias.equals(AppMasterArgs.APP_JAR_LINK) || extra.containsKey(alias)) {
        throw WeftException.invalidArgument("--archives entry " + entry + ": the name '" + alias
            + "' is used twice in the containers' working directories");
      }
      LocalResource staged = client.uploadFile(app, path).toBuilder().type(LocalResourceType.ARCHIVE).build();
      extra.put(alias, staged);
      shipped.add(new ShippedResource(ShippedResource.Kind.ARCHIVE, alias, staged.getSize(), staged.getSha256(),
          staged.getUri()));
    }
  }

  private static String archivePath(String entry) {
    int hash = entry.indexOf('#');
    return hash < 0 ? entry : entry.substring(0, hash);
  }

  static ApplicationSubmissionContext submissionContext(ApplicationId id, SubmitOptions options, Resource am,
      LocalResource jar) {
    Map<String, String> amConf = new LinkedHashMap<>(options.conf());
    // paths on this machine: the AM and executors get them as staged resources (weft.am.shipped)
    List.of(DriverKeys.JARS, DriverKeys.FILES, DriverKeys.ARCHIVES).forEach(key -> amConf.remove(key.key()));
    amConf.put("weft.app.name", options.name());
    // where the driver in the AM writes its event log: the store this client sees, whatever the node's site file says
    WeftConfig clientConf = WeftConfig.of(options.conf());
    amConf.putIfAbsent(LogStores.STORE.key(), clientConf.get(LogStores.STORE));
    amConf.putIfAbsent(CommonKeys.HISTORY_ADDRESS.key(), clientConf.get(CommonKeys.HISTORY_ADDRESS));
    amConf.put(CommonKeys.AM_USER_JAR_URI.key(), jar.getUri());
    amConf.put(CommonKeys.AM_USER_JAR_SHA256.key(), jar.getSha256());
    amConf.put(CommonKeys.AM_USER_JAR_SIZE.key(), Long.toString(jar.getSize()));
    AppMasterArgs args = new AppMasterArgs(AppMasterArgs.DeployMode.CLUSTER, options.mainClass(),
        AppMasterArgs.APP_JAR_LINK, options.appArgs(), options.numExecutors(), options.executorMemoryMb(),
        options.executorCores(), null, amConf);
    List<String> command = amCommand(options);
    command.addAll(args.toArgs());
    return ApplicationSubmissionContext.newBuilder()
        .applicationId(id)
        .applicationName(options.name())
        .queue(options.queue())
        .amNodeLabelExpression(clientConf.get(CommonKeys.AM_NODE_LABEL_EXPRESSION))
        .applicationType(APPLICATION_TYPE)
        .lifetime(java.time.Duration.ofSeconds(WeftConfig.of(options.conf()).get(CommonKeys.APPLICATION_LIFETIME)))
        .resource(am)
        .maxAppAttempts(maxAttempts(options))
        .amContainerSpec(ContainerLaunchContext.newBuilder()
            .commands(command)
            .localResources(Map.of(AppMasterArgs.APP_JAR_LINK, jar))
            .build())
        .build();
  }
}
