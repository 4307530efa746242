package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.submit.ClientModeRunner;
import io.weft.client.submit.ClusterModeSubmitter;
import io.weft.client.submit.Master;
import io.weft.client.submit.SubmitOptions;
import io.weft.common.config.KeyValues;
import io.weft.common.config.MemorySize;
import io.weft.common.config.RmEndpoints;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.launch.AppMasterArgs.DeployMode;
import io.weft.common.rpc.WeftException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code weft submit}: spark-submit's flags, then the application jar and its arguments. */
@Command(name = "submit", description = "Submit an application (spark-submit's flags).",
    mixinStandardHelpOptions = true)
final class SubmitCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "--master", defaultValue = "weft",
      description = "weft (the configured RM or RMs), weft://host:port[,host:port...], local, local[N] or local[*]")
  String master;

  @Option(names = "--deploy-mode", defaultValue = "client", description = "client or cluster")
  String deployMode;

  @Option(names = "--class", required = true, description = "the application's main class")
  String mainClass;

  @Option(names = "--name", description = "application name (default: the main class)")
  String name;

  @Option(names = "--queue", defaultValue = "default", description = "queue to submit to")
  String queue;

  @Option(names = "--num-executors", defaultValue = "2", description = "number of executors")
  int numExecutors;

  @Option(names = "--executor-memory", defaultValue = "1g", description = "heap per executor, e.g. 1g")
  String executorMemory;

  @Option(names = "--executor-cores", defaultValue = "1", description = "cores per executor")
  int executorCores;

  @Option(names = "--driver-memory", defaultValue = "1g", description = "heap of the driver, e.g. 1g")
  String driverMemory;

  @Option(names = "--driver-cores", defaultValue = "1", description = "cores of the driver (cluster mode)")
  int driverCores;

  @Option(names = "--jars", defaultValue = "", description = "client mode: comma-separated jars for the executors"
      + " (local:/path = already on every node)")
  String jars;

  @Option(names = "--files", defaultValue = "", description = "client mode: comma-separated files copied into each"
      + " executor's working directory (local:/path = already on every node)")
  String files;

  @Option(names = "--conf", description = "key=value, repeatable")
  List<String> conf = new ArrayList<>();

  @Parameters(index = "0", paramLabel = "JAR", description = "the application jar")
  Path jar;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments of the main class")
  List<String> appArgs = new ArrayList<>();

  SubmitCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    SubmitOptions options = options();
    Master parsedMaster = Master.parse(options.master());
    if (parsedMaster.isLocal()) {
      if (options.deployMode() == DeployMode.CLUSTER) {
        throw WeftException.invalidArgument("--master " + master + " runs driver and executors in this JVM;"
            + " it cannot be combined with --deploy-mode cluster");
      }
      return new ClientModeRunner(context.out(), context.err()).run(options, master, jars, files);
    }
    List<HostPort> rms = parsedMaster.rmAddresses(context.config());
    if (options.deployMode() == DeployMode.CLIENT) {
      return new ClientModeRunner(context.out(), context.err()).run(options, "weft://" + RmEndpoints.join(rms), jars,
          files);
    }
    try (WeftClient client = context.connect(rms)) {
      ApplicationId id = new ClusterModeSubmitter(client, context.out()).submit(options, list(jars), list(files));
      context.out().println("Submitted application " + id);
      return ApplicationFollower.exitCode(ApplicationFollower.follow(client, id, context.out()));
    }
  }

  SubmitOptions options() {
    if (numExecutors < 1) {
      throw WeftException.invalidArgument("--num-executors must be at least 1, got " + numExecutors);
    }
    if (executorCores < 1) {
      throw WeftException.invalidArgument("--executor-cores must be at least 1, got " + executorCores);
    }
    if (driverCores < 1) {
      throw WeftException.invalidArgument("--driver-cores must be at least 1, got " + driverCores);
    }
    return new SubmitOptions(master, deployMode(), mainClass, name, queue, numExecutors,
        positiveMb(executorMemory, "--executor-memory"), executorCores,
        positiveMb(driverMemory, "--driver-memory"), driverCores, KeyValues.parse(conf, "--conf"), jar, appArgs);
  }

  private DeployMode deployMode() {
    try {
      return DeployMode.valueOf(deployMode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw WeftException.invalidArgument("--deploy-mode '" + deployMode + "' must be client or cluster");
    }
  }

  private static List<String> list(String commaSeparated) {
    return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static long positiveMb(String text, String flag) {
    long mb = MemorySize.parseMb(text, flag);
    if (mb <= 0) {
      throw WeftException.invalidArgument(flag + " '" + text + "' must be positive");
    }
    return mb;
  }

}
