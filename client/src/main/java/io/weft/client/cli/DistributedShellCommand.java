package io.weft.client.cli;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.submit.DistributedShellSubmitter;
import io.weft.client.submit.Master;
import io.weft.common.config.MemorySize;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.DistributedShellArgs;
import io.weft.common.rpc.WeftException;
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

  @Option(names = "--priority", defaultValue = "0", description = "priority of the container requests")
  int priority;

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
      ApplicationId id = new DistributedShellSubmitter(client, context.out()).submit(options);
      context.out().println("Submitted application " + id);
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
  }

  DistributedShellSubmitter.Options options() {
    if (timeoutMs <= 0) {
      throw WeftException.invalidArgument("--timeout must be positive, got " + timeoutMs + " ms");
    }
    long memoryMb = MemorySize.parseMb(containerMemory, "--container-memory");
    return new DistributedShellSubmitter.Options(numContainers, memoryMb, containerVcores, priority, shellCommand,
        shellScript, shellArgs, DistributedShellArgs.parseEnv(shellEnv), queue, name, keepContainersAcrossAttempts);
  }
}
