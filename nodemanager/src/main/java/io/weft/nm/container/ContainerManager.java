package io.weft.nm.container;

import io.weft.common.launch.ExitStatus;
import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.nm.launch.ContainerDirs;
import io.weft.nm.launch.LaunchEnvironment;
import io.weft.nm.launch.WeftJvmOptions;
import io.weft.nm.localize.Localizer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The containers of this node. Admits a container only when it fits the node's free resources
 * (capability minus the resources of containers not yet completed), then localizes and launches it
 * on a worker thread. Completed containers stay reportable until the RM says it has recorded them.
 */
public final class ContainerManager implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();

  private final NodeId nodeId;
  private final Resource capability;
  private final Path localDir;
  private final Path logRoot;
  private final Duration sigkillDelay;
  private final ContainerListener listener;
  private final ExecutorService workers = Executors.newCachedThreadPool(threads("container-launcher"));
  private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(threads("container-killer"));
  private final ContainerLauncher launcher;
  private final Map<ContainerId, Container> containers = new LinkedHashMap<>();
  private boolean closed;

  public ContainerManager(NodeId nodeId, Resource capability, Path localDir, Path logRoot, Localizer localizer,
      LaunchEnvironment environment, WeftJvmOptions jvmOptions, Duration sigkillDelay, ContainerListener listener) {
    this.nodeId = requireNonNull(nodeId);
    this.capability = requireNonNull(capability);
    this.localDir = requireNonNull(localDir);
    this.logRoot = requireNonNull(logRoot);
    this.sigkillDelay = requireNonNull(sigkillDelay);
    this.listener = requireNonNull(listener);
    this.launcher = new ContainerLauncher(localizer, environment, jvmOptions, sigkillDelay, killer);
  }

  /** Admits {@code spec} and starts localizing it; the process starts asynchronously. */
  public void start(ContainerSpec spec) {
    Container container;
    synchronized (this) {
      if (closed) {
        throw WeftException.unavailable("NodeManager " + nodeId + " is shutting down; " + spec.id() + " not started");
      }
      if (containers.containsKey(spec.id())) {
        throw WeftException.alreadyExists(spec.id() + " was already started on " + nodeId);
      }
      requireFits(spec);
      container = new Container(spec, ContainerDirs.of(localDir, logRoot, spec.user(), spec.id()), listener);
      containers.put(spec.id(), container);
    }
    listener.stateChanged(spec.id(), ContainerState.NEW);
    workers.execute(() -> launcher.run(container));
  }

  private void requireFits(ContainerSpec spec) {
    Resource free = capability.subtract(allocated());
    Resource need = spec.resource();
    if (need.memoryMb() > free.memoryMb()) {
      throw WeftException.resourceExhausted(spec.id() + " needs " + need.memoryMb() + " MB but " + free.memoryMb()
          + " MB of " + capability.memoryMb() + " MB are free on " + nodeId);
    }
    if (need.vcores() > free.vcores()) {
      throw WeftException.resourceExhausted(spec.id() + " needs " + need.vcores() + " vcores but " + free.vcores()
          + " of " + capability.vcores() + " vcores are free on " + nodeId);
    }
    if (!need.fitsIn(free)) {
      throw WeftException.resourceExhausted(spec.id() + " needs " + need + " but " + free + " of " + capability
          + " are free on " + nodeId);
    }
  }

  /** Resources of the containers that have not completed. */
  public synchronized Resource allocated() {
    Resource used = Resource.NONE;
    for (Container c : containers.values()) {
      if (!c.state().isCompleted()) {
        used = used.add(c.spec().resource());
      }
    }
    return used;
  }

  public Resource capability() {
    return capability;
  }

  /**
   * Stops a container with {@code exitStatus} recorded (143 when 0). Stopping a completed container
   * is a no-op; an unknown one is NOT_FOUND.
   */
  public void stop(ContainerId id, int exitStatus, String diagnostics) {
    Container c = require(id);
    int status = exitStatus == 0 ? ExitStatus.SIGTERM : exitStatus;
    String diag = diagnostics == null || diagnostics.isBlank() ? "Container killed on request. Exit code is " + status
        : diagnostics;
    launcher.kill(c, status, diag);
  }

  public ContainerReport report(ContainerId id) {
    return require(id).report();
  }

  public synchronized List<ContainerReport> reports() {
    List<ContainerReport> reports = new ArrayList<>();
    containers.values().forEach(c -> reports.add(c.report()));
    return reports;
  }

  /** Completes when {@code id} reaches DONE. */
  public CompletableFuture<ContainerReport> whenDone(ContainerId id) {
    return require(id).done();
  }

  /** Forgets a completed container (the RM has recorded its completion); running ones are kept. */
  public synchronized void forget(ContainerId id) {
    Container c = containers.get(id);
    if (c != null && c.state() == ContainerState.DONE) {
      containers.remove(id);
      LOG.debug("{} forgotten", id);
    }
  }

  /** Stops the application's containers, then deletes its working dirs; logs stay. */
  public void cleanupApplication(ApplicationId app) {
    List<Container> ofApp;
    synchronized (this) {
      ofApp = containers.values().stream().filter(c -> c.id().applicationId().equals(app)).toList();
    }
    LOG.info("cleaning up {} ({} containers)", app, ofApp.size());
    ofApp.forEach(c -> launcher.kill(c, ExitStatus.KILLED_AFTER_APP_COMPLETION, "Container killed on application "
        + app + " completion"));
    CompletableFuture.allOf(ofApp.stream().map(Container::done).toArray(CompletableFuture[]::new))
        .thenRunAsync(() -> deleteAppDirs(app), workers);
  }

  private void deleteAppDirs(ApplicationId app) {
    Path users = localDir.resolve("usercache");
    if (!Files.isDirectory(users)) {
      return;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(users)) {
      for (Path user : dirs) {
        deleteTree(ContainerDirs.appCacheDir(localDir, user.getFileName().toString(), app));
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the working dirs of {}: {}", app, e.toString());
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private synchronized Container require(ContainerId id) {
    Container c = containers.get(id);
    if (c == null) {
      throw WeftException.notFound(id + " is not known on " + nodeId);
    }
    return c;
  }

  /** Stops every container still running and waits (bounded) until their process groups are killed. */
  @Override
  public void close() {
    List<Container> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = List.copyOf(containers.values());
    }
    all.forEach(c -> launcher.kill(c, ExitStatus.SIGTERM, "Container killed: NodeManager " + nodeId
        + " is shutting down"));
    CompletableFuture<?> allDone = CompletableFuture.allOf(all.stream().map(Container::done)
        .toArray(CompletableFuture[]::new));
    try {
      allDone.get(sigkillDelay.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warn("containers did not all finish while {} shut down: {}", nodeId, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    killer.shutdown();
    workers.shutdownNow();
    try {
      killer.awaitTermination(sigkillDelay.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
