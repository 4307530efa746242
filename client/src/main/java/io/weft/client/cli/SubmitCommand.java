package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.submit.ClientModeRunner;
import io.weft.client.submit.ClusterModeSubmitter;
import io.weft.client.records.ApplicationReport;
import io.weft.client.submit.DriverJvm;
import io.weft.client.submit.DriverLogFollower;
import io.weft.client.submit.Master;
import io.weft.client.submit.SubmitOptions;
import io.weft.client.submit.SubmitSettings;
import io.weft.common.config.KeyValues;
import io.weft.common.config.KnownKeys;
import io.weft.common.config.MemorySize;
import io.weft.common.config.RmEndpoints;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.launch.AppMasterArgs.DeployMode;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.TlsSettings;
import io.weft.driver.DriverKeys;
import io.weft.driver.WeftConf;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft submit}: spark-submit's flags, then the application jar and its arguments; or
 * {@code --status ID} / {@code --kill ID}. Every flag has a {@code weft.*} property; a flag wins over
 * {@code --conf}, which wins over the properties file, which wins over {@code weft-site.properties}.
 */
@Command(name = "submit", description = "Submit an application (spark-submit's flags), or --status / --kill one.",
    mixinStandardHelpOptions = true)
final class SubmitCommand implements Callable<Integer> {
  static final String SITE_SOURCE = "weft-site.properties / WEFT_OPTS";

  private final CliContext context;
  private final Map<String, String> environment;

  @Spec CommandSpec spec;

  @Option(names = "--master",
      description = "weft (the configured RM or RMs), weft://host:port[,host:port...], local, local[N] or local[*]"
          + " (default weft)")
  String master;

  @Option(names = "--deploy-mode", description = "client (default) or cluster")
  String deployMode;

  @Option(names = "--class", description = "the application's main class")
  String mainClass;

  @Option(names = "--name", description = "application name (default: the main class)")
  String name;

  @Option(names = "--queue", description = "queue to submit to (default: default)")
  String queue;

  @Option(names = "--num-executors", description = "number of executors (default 2); with "
      + "weft.dynamicAllocation.enabled, the initial number")
  Integer numExecutors;

  @Option(names = "--executor-memory", description = "heap per executor, e.g. 1g (default 1g)")
  String executorMemory;

  @Option(names = "--executor-cores", description = "cores per executor (default 1)")
  Integer executorCores;

  @Option(names = "--driver-memory", description = "heap of the driver, e.g. 1g (default 1g)")
  String driverMemory;

  @Option(names = "--driver-cores", description = "cores of the driver (cluster mode, default 1)")
  Integer driverCores;

  @Option(names = "--driver-java-options", paramLabel = "OPTIONS",
      description = "JVM options of the driver, e.g. '-Dkey=value -Xss4m' (client mode: the driver is started in a"
          + " new JVM with them; cluster mode: the AM container's JVM)")
  String driverJavaOptions;

  @Option(names = "--driver-class-path", paramLabel = "PATH",
      description = "class path entries for the driver, ':'-separated (dir/* = its jars)")
  String driverClassPath;

  @Option(names = "--jars", description = "comma-separated jars for the driver and executors"
      + " (local:/path = already on every node)")
  String jars;

  @Option(names = "--files", description = "comma-separated files copied into each executor's working directory"
      + " (local:/path = already on every node)")
  String files;

  @Option(names = "--archives", description = "comma-separated archives (.zip, .jar, .tar, .tar.gz, .tgz), each"
      + " unpacked into every executor's (and in cluster mode the driver's) working directory as ALIAS (file#ALIAS)"
      + " or its file name")
  String archives;

  @Option(names = "--supervise", description = "cluster mode: start the driver again when it fails, while the"
      + " application has attempts left (weft.am.maxAttempts, capped by the cluster's"
      + " weft.resourcemanager.am.max-attempts)")
  boolean supervise;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a weft.* property, repeatable")
  List<String> conf = new ArrayList<>();

  @Option(names = "--properties-file", paramLabel = "FILE", description = "properties to load (key value or"
      + " key=value lines, # comments; default $WEFT_CONF_DIR/weft-defaults.conf or"
      + " $WEFT_HOME/conf/weft-defaults.conf)")
  Path propertiesFile;

  @Option(names = {"-v", "--verbose"}, description = "print the parsed arguments and the weft.* properties used,"
      + " with where each came from")
  boolean verbose;

  @Option(names = "--status", paramLabel = "APP_ID", description = "print the state of an application and exit")
  String status;

  @Option(names = "--kill", paramLabel = "APP_ID", description = "kill an application and exit")
  String kill;

  @Parameters(paramLabel = "JAR [ARGS]", description = "the application jar, then the arguments of its main class")
  List<String> positional = new ArrayList<>();

  SubmitCommand(CliContext context) {
    this(context, System.getenv());
  }

  SubmitCommand(CliContext context, Map<String, String> environment) {
    this.context = context;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() {
    requireNoUnknownOption();
    SubmitSettings settings = settings();
    if (status == null && kill == null) {
      requireClassAndJar();
      SubmitOptions options = options(settings);
      if (relaunchesDriver(options)) {
        // the child JVM parses the same command line again and reports what this one would
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        return new DriverJvm(context.out(), context.err()).relaunch(options.driverJavaOptions(),
            options.driverMemoryMb(), context.config().asMap(), args);
      }
    }
    settings.unknownKeyWarnings().forEach(context.err()::println);
    settings.foreignKeys().forEach(k -> context.err().println("Warning: ignoring non-Weft configuration property " + k
        + " (" + settings.setting(k).orElseThrow().source() + "): Weft settings start with 'weft.'"));
    if (status != null || kill != null) {
      if (status != null && kill != null) {
        throw WeftException.invalidArgument("--status and --kill cannot be combined");
      }
      if (!positional.isEmpty()) {
        throw WeftException.invalidArgument((status != null ? "--status" : "--kill")
            + " takes no application jar; got " + positional.get(0));
      }
      return new StatusOrKill(context).run(settings.value(WeftConf.MASTER).orElse("weft"), status, kill);
    }
    SubmitOptions options = options(settings);
    if (verbose) {
      printVerbose(options, settings);
    }
    Master parsedMaster = Master.parse(options.master());
    String jarList = settings.value(DriverKeys.JARS.key()).orElse("");
    String fileList = settings.value(DriverKeys.FILES.key()).orElse("");
    if (options.deployMode() == DeployMode.CLIENT) {
      requireClusterMode(options.supervise(), "--supervise", settings, DriverKeys.SUPERVISE.key());
    }
    if (parsedMaster.isLocal()) {
      if (!options.archives().isEmpty()) {
        throw WeftException.invalidArgument(label(settings, DriverKeys.ARCHIVES.key(), "--archives")
            + " needs executors in containers: use --master weft");
      }
      if (options.deployMode() == DeployMode.CLUSTER) {
        throw WeftException.invalidArgument("--master " + options.master() + " runs driver and executors in this JVM;"
            + " it cannot be combined with --deploy-mode cluster");
      }
      return new ClientModeRunner(context.out(), context.err()).run(options, options.master(), jarList, fileList);
    }
    List<HostPort> rms = parsedMaster.rmAddresses(context.config());
    if (options.deployMode() == DeployMode.CLIENT) {
      return new ClientModeRunner(context.out(), context.err()).run(options, "weft://" + RmEndpoints.join(rms),
          jarList, fileList);
    }
    try (WeftClient client = context.connect(rms)) {
      ApplicationId id = new ClusterModeSubmitter(client, context.out())
          .submit(options, list(jarList), list(fileList));
      context.out().println("Submitted application " + id);
      ApplicationReport last;
      if (bool(settings, DriverKeys.SUBMIT_PRINT_DRIVER_LOG.key())) {
        try (DriverLogFollower driverLog = new DriverLogFollower(client, TlsSettings.of(context.config()),
            context.out(), context.err())) {
          last = ApplicationFollower.follow(client, id, context.out(), driverLog::amContainer);
        }
      } else {
        last = ApplicationFollower.follow(client, id, context.out());
      }
      if (last.getLaunchTime() > 0 || last.getAmContainerId().isPresent()) {
        context.out().println("The driver's output: weft logs -applicationId " + id + " -am 1");
      }
      return ApplicationFollower.exitCode(last);
    }
  }

  private void requireClassAndJar() {
    if (mainClass == null) {
      throw WeftException.invalidArgument("missing --class: the application's main class is required");
    }
    if (positional.isEmpty()) {
      throw WeftException.invalidArgument("missing the application JAR after the flags");
    }
  }

  /**
   * Client and local mode run main in this JVM; a driver with JVM options of its own runs in a new
   * one, started with them (once: the child has {@link DriverJvm#RELAUNCHED_ENV} set).
   */
  private boolean relaunchesDriver(SubmitOptions options) {
    return options.deployMode() == DeployMode.CLIENT && !options.driverJavaOptions().isEmpty()
        && !DriverJvm.isRelaunched(environment);
  }

  /** spark-submit refuses an unknown flag before the jar; picocli would take it as the jar. */
  private void requireNoUnknownOption() {
    if (positional.isEmpty() || !positional.get(0).startsWith("-") || positional.get(0).equals("-")) {
      return;
    }
    String flag = positional.get(0).split("=", 2)[0];
    Optional<String> closest = spec.options().stream().map(OptionSpec::longestName)
        .min(Comparator.comparingInt(known -> KnownKeys.editDistance(flag, known)))
        .filter(known -> KnownKeys.editDistance(flag, known) <= Math.max(2, flag.length() / 3));
    throw WeftException.invalidArgument("unknown option " + flag + closest.map(k -> "; did you mean " + k + "?")
        .orElse("; see weft submit --help"));
  }

  private SubmitSettings settings() {
    SubmitSettings settings = new SubmitSettings().putAll(context.config().asMap(), SITE_SOURCE);
    Optional<Path> file = propertiesFile != null ? Optional.of(propertiesFile)
        : SubmitSettings.defaultPropertiesFile(environment);
    file.ifPresent(f -> settings.putAll(SubmitSettings.readPropertiesFile(f), "properties file " + f));
    settings.putAll(KeyValues.parse(conf, "--conf"), "--conf");
    flagValues().forEach((flag, value) -> settings.put(FLAG_KEYS.get(flag), value, flag));
    return settings;
  }

  /** Each flag and the property it sets. */
  private static final Map<String, String> FLAG_KEYS = new LinkedHashMap<>();

  static {
    FLAG_KEYS.put("--master", WeftConf.MASTER);
    FLAG_KEYS.put("--deploy-mode", WeftConf.DEPLOY_MODE);
    FLAG_KEYS.put("--name", WeftConf.APP_NAME);
    FLAG_KEYS.put("--queue", DriverKeys.QUEUE.key());
    FLAG_KEYS.put("--num-executors", DriverKeys.EXECUTOR_INSTANCES.key());
    FLAG_KEYS.put("--executor-memory", DriverKeys.EXECUTOR_MEMORY.key());
    FLAG_KEYS.put("--executor-cores", DriverKeys.EXECUTOR_CORES.key());
    FLAG_KEYS.put("--driver-memory", DriverKeys.DRIVER_MEMORY.key());
    FLAG_KEYS.put("--driver-cores", DriverKeys.DRIVER_CORES.key());
    FLAG_KEYS.put("--driver-java-options", DriverKeys.DRIVER_EXTRA_JAVA_OPTIONS.key());
    FLAG_KEYS.put("--driver-class-path", DriverKeys.DRIVER_EXTRA_CLASS_PATH.key());
    FLAG_KEYS.put("--jars", DriverKeys.JARS.key());
    FLAG_KEYS.put("--files", DriverKeys.FILES.key());
    FLAG_KEYS.put("--archives", DriverKeys.ARCHIVES.key());
    FLAG_KEYS.put("--supervise", DriverKeys.SUPERVISE.key());
  }

  private Map<String, String> flagValues() {
    Map<String, String> given = new LinkedHashMap<>();
    Object[] values = {master, deployMode, name, queue, numExecutors, executorMemory, executorCores, driverMemory,
        driverCores, driverJavaOptions, driverClassPath, jars, files, archives, supervise ? "true" : null};
    List<String> flags = new ArrayList<>(FLAG_KEYS.keySet());
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        given.put(flags.get(i), values[i].toString());
      }
    }
    return given;
  }

  SubmitOptions options(SubmitSettings settings) {
    int executors = integer(settings, DriverKeys.EXECUTOR_INSTANCES.key(), "--num-executors", 2);
    int cores = integer(settings, DriverKeys.EXECUTOR_CORES.key(), "--executor-cores", 1);
    int driverVcores = integer(settings, DriverKeys.DRIVER_CORES.key(), "--driver-cores", 1);
    String jar = positional.get(0);
    Map<String, String> driverConf = settings.weftValues(SITE_SOURCE);
    return new SubmitOptions(settings.value(WeftConf.MASTER).orElse("weft"), deployMode(settings), mainClass,
        settings.value(WeftConf.APP_NAME).orElse(null), settings.value(DriverKeys.QUEUE.key()).orElse("default"),
        executors, positiveMb(settings, DriverKeys.EXECUTOR_MEMORY.key(), "--executor-memory"), cores,
        positiveMb(settings, DriverKeys.DRIVER_MEMORY.key(), "--driver-memory"), driverVcores, driverConf,
        Path.of(jar), positional.subList(1, positional.size()),
        DriverJvm.splitOptions(settings.value(DriverKeys.DRIVER_EXTRA_JAVA_OPTIONS.key()).orElse("")),
        Arrays.stream(settings.value(DriverKeys.DRIVER_EXTRA_CLASS_PATH.key()).orElse("").split(File.pathSeparator))
            .map(String::trim).filter(s -> !s.isEmpty()).toList(),
        list(settings.value(DriverKeys.ARCHIVES.key()).orElse("")), bool(settings, DriverKeys.SUPERVISE.key()));
  }

  /** How an error names a setting: the flag when the flag set it, else the key and its source. */
  private static String label(SubmitSettings settings, String key, String flag) {
    return settings.setting(key).filter(s -> !s.source().equals(flag)).map(s -> key + " (" + s.source() + ")")
        .orElse(flag);
  }

  private static int integer(SubmitSettings settings, String key, String flag, int defaultValue) {
    String text = settings.value(key).orElse(Integer.toString(defaultValue));
    int value;
    try {
      value = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw WeftException.invalidArgument(label(settings, key, flag) + " '" + text + "' is not a whole number");
    }
    if (value < 1) {
      throw WeftException.invalidArgument(label(settings, key, flag) + " must be at least 1, got " + value);
    }
    return value;
  }

  private static boolean bool(SubmitSettings settings, String key) {
    String text = settings.value(key).orElse("false").trim();
    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
      throw WeftException.invalidArgument(key + " '" + text + "' must be true or false");
    }
    return Boolean.parseBoolean(text);
  }

  private static DeployMode deployMode(SubmitSettings settings) {
    String text = settings.value(WeftConf.DEPLOY_MODE).orElse("client");
    try {
      return DeployMode.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw WeftException.invalidArgument(label(settings, WeftConf.DEPLOY_MODE, "--deploy-mode") + " '" + text
          + "' must be client or cluster");
    }
  }

  private static long positiveMb(SubmitSettings settings, String key, String flag) {
    String text = settings.value(key).orElse("1g");
    long mb = MemorySize.parseMb(text, label(settings, key, flag));
    if (mb <= 0) {
      throw WeftException.invalidArgument(label(settings, key, flag) + " '" + text + "' must be positive");
    }
    return mb;
  }

  private static void requireClusterMode(boolean used, String flag, SubmitSettings settings, String key) {
    if (used) {
      throw WeftException.invalidArgument(label(settings, key, flag) + " applies to --deploy-mode cluster only");
    }
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** As spark-submit --verbose: the arguments as parsed, then every weft.* property used and its source. */
  private void printVerbose(SubmitOptions options, SubmitSettings settings) {
    var out = context.out();
    out.println("Parsed arguments:");
    Map<String, Object> parsed = new LinkedHashMap<>();
    parsed.put("master", options.master());
    parsed.put("deployMode", options.deployMode().name().toLowerCase(Locale.ROOT));
    parsed.put("mainClass", options.mainClass());
    parsed.put("name", options.name());
    parsed.put("queue", options.queue());
    parsed.put("numExecutors", options.numExecutors());
    parsed.put("executorMemory", options.executorMemoryMb() + "m");
    parsed.put("executorCores", options.executorCores());
    parsed.put("driverMemory", options.driverMemoryMb() + "m");
    parsed.put("driverCores", options.driverCores());
    parsed.put("driverJavaOptions", options.driverJavaOptions());
    parsed.put("driverClassPath", options.driverClassPath());
    parsed.put("jars", settings.value(DriverKeys.JARS.key()).orElse(""));
    parsed.put("files", settings.value(DriverKeys.FILES.key()).orElse(""));
    parsed.put("archives", options.archives());
    parsed.put("supervise", options.supervise());
    parsed.put("propertiesFile", propertiesFile != null ? propertiesFile
        : SubmitSettings.defaultPropertiesFile(environment).map(Path::toString).orElse("(none)"));
    parsed.put("primaryResource", options.jar().toAbsolutePath());
    parsed.put("childArgs", options.appArgs());
    parsed.forEach((k, v) -> out.printf("  %-20s %s%n", k, v));
    out.println("Weft properties used (flags over --conf over the properties file over weft-site.properties):");
    settings.describe().forEach(line -> out.println("  " + line));
    out.println();
  }
}
