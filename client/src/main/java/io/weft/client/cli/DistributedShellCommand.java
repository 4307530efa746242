package io.weft.client.cli;

import io.weft.client.UnmanagedAmLauncher;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.YarnApplicationState;
import io.weft.client.submit.DistributedShellSubmitter;
import io.weft.client.submit.Master;
import io.weft.common.config.MemorySize;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.DistributedShellArgs;
import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft distributed-shell}: runs a shell command or script in N containers (YARN's
 * DistributedShell), waits, prints the final state and the AM's summary of exit codes, and exits 0
 * only if every container exited 0.
 */
@Command(name = "distributed-shell", mixinStandardHelpOptions = true,
    description = "Run a shell command or script in N containers and wait for them.")
final class DistributedShellCommand implements Callable<Integer> {
  private final CliContext context;

  @Option(names = "--master", defaultValue = "weft", description = "weft (the configured RM or RMs) or weft://host:port[,host:port...]")
  String master;

  @Option(names = "--shell-command", description = "command run by bash -c in each container")
  String shellCommand;

  @Option(names = "--shell-script", description = "script staged and run by bash in each container (as ExecScript.sh)")
  Path shellScript;

  @Option(names = "--shell-args", defaultValue = "", description = "arguments appended to the command or script")
  String shellArgs;

  @Option(names = "--shell-env", description = "NAME=value in each container's environment, repeatable")
  List<String> shellEnv = new ArrayList<>();

  @Option(names = "--num-containers", defaultValue = "1", description = "containers to run the command in")
  int numContainers;

  @Option(names = "--container-memory", defaultValue = "1g", description = "memory per container, e.g. 512m or 1g")
  String containerMemory;

  @Option(names = "--container-vcores", defaultValue = "1", description = "vcores per container")
  int containerVcores;

  @Option(names = "--container-resources", defaultValue = "",
      description = "other resource types per container, comma-separated type=count of weft.resource-types, "
          + "e.g. gpu=1 (YARN's --container_resources)")
  String containerResources;

  @Option(names = "--priority", defaultValue = "0", description = "priority of the container requests")
  int priority;

  @Option(names = "--node-label-expression", defaultValue = "", description = "the node label (partition) the "
      + "containers run on, e.g. gpu; blank = the queue's default-node-label-expression, else nodes without a label")
  String nodeLabelExpression;

  @Option(names = "--queue", defaultValue = "default", description = "queue to submit to")
  String queue;

  @Option(names = "--name", defaultValue = "DistributedShell", description = "application name")
  String name;

  @Option(names = "--timeout", defaultValue = "600000",
      description = "ms to wait for the application; after that it is killed (default 600000)")
  long timeoutMs;

  @Option(names = "--keep-containers-across-attempts",
      description = "ask the RM to keep containers running when the AM's attempt fails")
  boolean keepContainersAcrossAttempts;

  @Option(names = "--unmanaged",
      description = "run the AM here, as a child process of this command, instead of in a container (YARN's "
          + "unmanaged AM): the RM launches no AM container; the AM's output goes to a temporary directory")
  boolean unmanaged;

  /** How long the AM process may take to exit once its application ended, before it is killed. */
  private static final long AM_EXIT_GRACE_MS = 10_000;

  DistributedShellCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    DistributedShellSubmitter.Options options = options();
    DistributedShellSubmitter.check(options);
    Master parsed = Master.parse(master);
    if (parsed.isLocal()) {
      throw WeftException.invalidArgument("--master " + master
          + " runs no cluster; the distributed shell needs one: use weft or weft://host:port");
    }
    try (WeftClient client = context.connect(parsed.rmAddresses(context.config()))) {
      if (unmanaged) {
        return runUnmanaged(client, options);
      }
      ApplicationId id = new DistributedShellSubmitter(client, context.out()).submit(options);
      context.out().println("Submitted application " + id);
      return follow(client, id);
    }
  }

  private int follow(WeftClient client, ApplicationId id) throws InterruptedException {
    CompletableFuture<ApplicationReport> end = CompletableFuture.supplyAsync(
        () -> ApplicationFollower.follow(client, id, context.out()));
    try {
      return ApplicationFollower.exitCode(end.get(timeoutMs, TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      context.err().println("weft: " + id + " did not finish within --timeout " + timeoutMs + " ms; killing it");
      client.killApplication(id);
      end.join();
      return 1;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
  }

  /**
   * The AM runs as this command's child, on this command's class path. An AM process that exits before its
   * application ended (it crashed, or was killed) did not unregister: the application is killed at once rather
   * than left to the RM's AM liveness expiry; and the AM process never outlives this command.
   */
  private int runUnmanaged(WeftClient client, DistributedShellSubmitter.Options options)
      throws InterruptedException {
    Path amDir;
    try {
      amDir = Files.createTempDirectory("weft-unmanaged-am-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a directory for the unmanaged AM: " + e.getMessage(), e);
    }
    DistributedShellSubmitter.UnmanagedShell shell = new DistributedShellSubmitter(client, context.out())
        .submitUnmanaged(options, new UnmanagedAmLauncher(client, context.config()),
            System.getProperty("java.class.path"), amDir);
    ApplicationId id = shell.launch().applicationId();
    Process am = shell.am();
    context.out().println("Submitted application " + id + " with an unmanaged AM: process " + am.pid()
        + ", output in " + amDir + " (kept unless it succeeds)");
    CompletableFuture<Void> exitHandled = am.onExit().thenRun(() -> killIfStillRunning(client, id, am));
    int exit = 1;
    try {
      exit = follow(client, id);
      return exit;
    } finally {
      if (!am.waitFor(AM_EXIT_GRACE_MS, TimeUnit.MILLISECONDS)) {
        context.err().println("weft: the unmanaged AM (process " + am.pid() + ") did not exit within "
            + AM_EXIT_GRACE_MS + " ms of its application's end; killing it");
        am.destroyForcibly();
      }
      // before the client closes: the check of the exited AM uses it
      awaitQuietly(exitHandled);
      if (exit == 0 && !am.isAlive()) {
        deleteQuietly(amDir);
      }
    }
  }

  /** The AM's output of an application that succeeded is litter; a failure's is kept to be read. */
  private void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException | UncheckedIOException e) {
      context.err().println("weft: cannot delete the unmanaged AM's output in " + dir + ": " + e.getMessage());
    }
  }

  private static void awaitQuietly(CompletableFuture<Void> task) throws InterruptedException {
    try {
      task.get(AM_EXIT_GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // said on stderr by the task itself, or the AM never exited (it was killed above)
    }
  }

  private void killIfStillRunning(WeftClient client, ApplicationId id, Process am) {
    try {
      YarnApplicationState state = client.getApplicationReport(id).getYarnApplicationState();
      if (!WeftClient.isFinal(state)) {
        context.err().println("weft: the unmanaged AM (process " + am.pid() + ") exited with code " + am.exitValue()
            + " while " + id + " was " + state + "; killing the application");
        client.killApplication(id);
      }
    } catch (WeftException e) {
      context.err().println("weft: cannot check or kill " + id + " after its unmanaged AM exited: " + e.getMessage());
    }
  }

  DistributedShellSubmitter.Options options() {
    if (timeoutMs <= 0) {
      throw WeftException.invalidArgument("--timeout must be positive, got " + timeoutMs + " ms");
    }
    long memoryMb = MemorySize.parseMb(containerMemory, "--container-memory");
    return new DistributedShellSubmitter.Options(numContainers, memoryMb, containerVcores, priority, shellCommand,
        shellScript, shellArgs, DistributedShellArgs.parseEnv(shellEnv), queue, name, keepContainersAcrossAttempts,
        DistributedShellArgs.parseResources(containerResources), nodeLabelExpression);
  }
}
