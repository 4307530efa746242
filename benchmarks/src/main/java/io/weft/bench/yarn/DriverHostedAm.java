package io.weft.bench.yarn;

import io.grpc.Channel;
import io.weft.am.AmEnvironment;
import io.weft.am.client.AllocateResponse;
import io.weft.am.client.AmRmClient;
import io.weft.am.client.Container;
import io.weft.am.client.ContainerLaunchContext;
import io.weft.am.client.ContainerRequest;
import io.weft.am.client.ContainerStatus;
import io.weft.am.client.FinalApplicationStatus;
import io.weft.am.client.NmClientAsync;
import io.weft.bench.FileEvents;
import io.weft.client.AppSubmission;
import io.weft.client.WeftClient;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The tiny applications of the footprint measurement, with their AM's work done in the benchmark's own JVM:
 * Weft's counterpart of the harness's unmanaged AMs, written before Weft had them (UnmanagedAmLauncher would now
 * make the comparison like for like). The RM launches an
 * AM container, but a light one: a shell that hands its environment (attempt id, RM address, AMRM token) to
 * this JVM through a file and waits on a FIFO. Here the AM registers, asks for one 1 GB container, runs
 * {@code true} in it on a real NM, waits for it to complete and unregisters; then it releases the shell, whose
 * exit ends the application. Weft's RM and NMs so do more per application than YARN's (an AM container as
 * well), while no AM JVM start-up dominates the run.
 */
public final class DriverHostedAm {
  private static final Resource CONTAINER = Resource.of(1024, 1);
  private static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(120);

  private final WeftClient client;
  private final Channel rm;
  private final Path handoffDir;

  public DriverHostedAm(WeftClient client, Channel rm, Path handoffDir) {
    this.client = client;
    this.rm = rm;
    this.handoffDir = handoffDir;
  }

  /** Runs one tiny application to its end; true if it finished SUCCEEDED. */
  public boolean runOne() throws IOException, InterruptedException {
    return runOne(nanos -> { });
  }

  /** The same, telling {@code submitNanos} how long the submission call took (the RM answers once it is saved). */
  public boolean runOne(java.util.function.LongConsumer submitNanos) throws IOException, InterruptedException {
    WeftClient.NewApplication app = client.createApplication();
    ApplicationId id = app.id();
    Path env = handoffDir.resolve(id + ".env");
    Path fifo = handoffDir.resolve(id + ".fifo");
    // The shell publishes its environment atomically (write, then rename) and blocks reading the FIFO.
    String script = "mkfifo '" + fifo + "' && env -0 > '" + env + ".tmp' && mv '" + env + ".tmp' '" + env
        + "' && read -r line < '" + fifo + "'";
    var submission = AppSubmission.builder(id).name("tiny").applicationType("TINY")
        .amResource(CONTAINER).maxAttempts(1).command(List.of("bash", "-c", script)).build();
    long submitStart = System.nanoTime();
    client.submitApplication(submission);
    submitNanos.accept(System.nanoTime() - submitStart);
    AmEnvironment am = AmEnvironment.from(awaitEnvironment(env), handoffDir);
    boolean succeeded;
    try (AmRmClient amrm = AmRmClient.create(rm, am.amrmToken(), am.attemptId(), AmRmClient.defaultTimeout())) {
      succeeded = runContainer(amrm);
    } finally {
      release(fifo);
      Files.deleteIfExists(env);
    }
    boolean finished = client.watch(id, report -> { }).getFinalApplicationStatus()
        == io.weft.client.records.FinalApplicationStatus.SUCCEEDED;
    Files.deleteIfExists(fifo);
    return succeeded && finished;
  }

  private static boolean runContainer(AmRmClient amrm) {
    amrm.registerApplicationMaster("127.0.0.1", 0, "");
    amrm.addContainerRequest(ContainerRequest.anywhere(CONTAINER, 0));
    CompletableFuture<Void> startFailed = new CompletableFuture<>();
    ContainerId launched = null;
    int exitStatus = Integer.MIN_VALUE;
    try (NmClientAsync nm = NmClientAsync.create(new StartFailures(startFailed))) {
      while (exitStatus == Integer.MIN_VALUE && !startFailed.isDone()) {
        AllocateResponse response = amrm.allocate(launched == null ? 0f : 0.5f, Duration.ofSeconds(1));
        if (response.command() == AllocateResponse.Command.SHUTDOWN) {
          return false;
        }
        for (Container c : response.allocatedContainers()) {
          if (launched == null) {
            launched = c.id();
            nm.startContainerAsync(c, ContainerLaunchContext.of(List.of("true")));
          } else {
            amrm.releaseAssignedContainer(c.id());
          }
        }
        for (ContainerStatus status : response.completedContainers()) {
          if (status.containerId().equals(launched)) {
            exitStatus = status.exitStatus();
          }
        }
      }
    }
    boolean ok = exitStatus == 0;
    amrm.unregisterApplicationMaster(ok ? FinalApplicationStatus.SUCCEEDED : FinalApplicationStatus.FAILED,
        ok ? "1 container: 1 succeeded" : "the container ended with " + exitStatus, "");
    return ok;
  }

  private static Map<String, String> awaitEnvironment(Path file) throws IOException, InterruptedException {
    FileEvents.awaitInDirectory(file.getParent(), () -> Files.exists(file), HANDOFF_TIMEOUT,
        "the AM container's hand-over of its environment (" + file.getFileName() + ")");
    Map<String, String> env = new HashMap<>();
    for (String entry : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return env;
  }

  /** Lets the AM container's shell exit: opening the FIFO waits for its reader, which the shell already is. */
  private static void release(Path fifo) throws IOException, InterruptedException {
    CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write('\n');
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    try {
      written.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("cannot release the AM container through " + fifo + ": " + e, e);
    }
  }

  /** Only a failed start matters here: the container's completion comes through Allocate. */
  private record StartFailures(CompletableFuture<Void> failed) implements NmClientAsync.CallbackHandler {
    @Override
    public void onStartContainerError(ContainerId containerId, Throwable error) {
      failed.completeExceptionally(error);
    }

    @Override
    public void onContainerStarted(ContainerId containerId) {}
  }
}
