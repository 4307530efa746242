package io.weft.client.submit;

import static java.util.Objects.requireNonNull;

import io.weft.client.AppSubmission;
import io.weft.client.UnmanagedAmLauncher;
import io.weft.client.WeftClient;
import io.weft.client.WeftClient.NewApplication;
import io.weft.client.records.LocalResource;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.DistributedShellArgs;
import io.weft.common.launch.DistributedShellArgs.StagedScript;
import io.weft.common.launch.JvmContainer;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Submits the distributed shell: checks everything it can before the cluster is touched (the
 * script exists, the sizes against the cluster's largest container), stages the script, and starts
 * {@link DistributedShellArgs#MAIN_CLASS} from the Weft installation's class path (no jar to ship).
 */
public final class DistributedShellSubmitter {
  public static final String APPLICATION_TYPE = "DISTRIBUTED_SHELL";
  private static final long AM_HEAP_MB = 256;
  /**
   * Start-up flags for a short, light AM JVM that runs without the node's class-data-sharing archive
   * (a user AM such as TrueAm): the C1 compiler alone and the serial collector start it faster. This
   * AM does not take them: it gets the node's {@code {{WEFT_JVM_OPTIONS}}}, whose archive starts it
   * faster still, and these flags beside the archive made it slower (distributed shell, 4 containers,
   * submit → FINISHED: 608 ms without them, 979 ms with them, on a quiet 2-core machine).
   */
  public static final List<String> AM_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** What the user asked for; exactly one of {@code shellCommand} and {@code shellScript} is set. */
  public record Options(int numContainers, long containerMemoryMb, int containerVcores, int priority,
      String shellCommand, Path shellScript, String shellArgs, Map<String, String> shellEnv, String queue,
      String name, boolean keepContainersAcrossAttempts, Map<String, Long> containerResources,
      String nodeLabelExpression) {
    /** Containers of memory and vcores only, without a node label expression. */
    public Options(int numContainers, long containerMemoryMb, int containerVcores, int priority,
        String shellCommand, Path shellScript, String shellArgs, Map<String, String> shellEnv, String queue,
        String name, boolean keepContainersAcrossAttempts) {
      this(numContainers, containerMemoryMb, containerVcores, priority, shellCommand, shellScript, shellArgs,
          shellEnv, queue, name, keepContainersAcrossAttempts, Map.of(), "");
    }

    public Options {
      nodeLabelExpression = nodeLabelExpression == null ? "" : nodeLabelExpression.strip();
      shellEnv = Map.copyOf(shellEnv);
      containerResources = Map.copyOf(containerResources);
      requireNonNull(queue);
      requireNonNull(name);
    }
  }

  private final WeftClient client;
  private final PrintStream out;

  public DistributedShellSubmitter(WeftClient client, PrintStream out) {
    this.client = requireNonNull(client);
    this.out = requireNonNull(out);
  }

  /** Checks {@code options} without talking to the cluster; throws naming the flag and the value. */
  public static void check(Options options) {
    if (options.shellScript() != null
        && (!Files.isRegularFile(options.shellScript()) || !Files.isReadable(options.shellScript()))) {
      throw WeftException.invalidArgument("--shell-script " + options.shellScript().toAbsolutePath()
          + " does not exist or is not readable");
    }
    // The AM's own arguments carry every remaining rule; a placeholder stands for the script until it is staged.
    args(options, options.shellScript() == null ? null : new StagedScript("", 0, ""));
  }

  public ApplicationId submit(Options options) {
    Prepared prepared = prepare(options);
    Resource am = JvmContainer.requireFits("distributed shell AM", AM_HEAP_MB, 1, prepared.app().maximumCapability());
    // Weft's own AM: the NM gives it the start-up flags and class-data-sharing archive of Weft's JVMs.
    List<String> command = JvmContainer.command(AM_HEAP_MB, DistributedShellArgs.MAIN_CLASS);
    command.addAll(prepared.args().toArgs());
    client.submitApplication(builder(prepared.app(), options)
        .amResource(am)
        .command(command)
        .build());
    return prepared.app().id();
  }

  /** A distributed shell whose AM this process runs as a child (an unmanaged AM). */
  public record UnmanagedShell(UnmanagedAmLauncher.Launch launch, Process am) {}

  /**
   * As {@link #submit}, with the AM unmanaged: the RM launches no AM container, and the AM runs here as a child
   * JVM on {@code classpath} (which must hold Weft's appmaster), in {@code amDir} (its stdout and stderr there).
   */
  public UnmanagedShell submitUnmanaged(Options options, UnmanagedAmLauncher launcher, String classpath,
      Path amDir) {
    if (options.keepContainersAcrossAttempts()) {
      throw WeftException.invalidArgument("--keep-containers-across-attempts needs a second attempt, which an "
          + "unmanaged AM never gets; drop one of the two");
    }
    Prepared prepared = prepare(options);
    UnmanagedAmLauncher.Launch launch = launcher.submit(builder(prepared.app(), options).unmanaged().build());
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + AM_HEAP_MB + "m"));
    command.addAll(AM_JVM_OPTIONS);
    command.addAll(List.of("-cp", classpath, DistributedShellArgs.MAIN_CLASS));
    command.addAll(prepared.args().toArgs());
    try {
      return new UnmanagedShell(launch, launch.start(command, amDir));
    } catch (RuntimeException e) {
      // No AM will ever call: end the application now rather than at the RM's AM liveness expiry.
      client.killApplication(launch.applicationId());
      throw e;
    }
  }

  private record Prepared(NewApplication app, DistributedShellArgs args) {}

  /** A new application, the containers' size checked against it, the script staged for it. */
  private Prepared prepare(Options options) {
    check(options);
    NewApplication app = client.createApplication();
    Resource container = new Resource(options.containerMemoryMb(), options.containerVcores(),
        options.containerResources());
    container.requireValidRequest("container", app.maximumCapability());
    StagedScript script = null;
    if (options.shellScript() != null) {
      LocalResource staged = client.uploadFile(app.id(), options.shellScript());
      script = new StagedScript(staged.getUri(), staged.getSize(), staged.getSha256());
    }
    DistributedShellArgs args = args(options, script);
    StringBuilder others = new StringBuilder();
    container.others().forEach((type, count) -> others.append(", ").append(type).append(' ').append(count));
    out.printf("Running %s in %d container(s) of %d MB, %d vcore(s)%s%n", args.containerCommand().get(2),
        options.numContainers(), container.memoryMb(), container.vcores(), others);
    return new Prepared(app, args);
  }

  private static AppSubmission.Builder builder(NewApplication app, Options options) {
    return AppSubmission.builder(app.id())
        .name(options.name()).queue(options.queue()).applicationType(APPLICATION_TYPE)
        .keepContainersAcrossAttempts(options.keepContainersAcrossAttempts());
  }

  private static DistributedShellArgs args(Options options, StagedScript script) {
    return new DistributedShellArgs(options.numContainers(), options.containerMemoryMb(), options.containerVcores(),
        options.priority(), options.shellCommand(), script, options.shellArgs(), options.shellEnv(),
        options.containerResources(), options.nodeLabelExpression());
  }
}
