package io.weft.nm.container;

import io.weft.common.launch.ContainerSignal;
import io.weft.common.launch.ExitStatus;
import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.nm.application.ApplicationReport;
import io.weft.nm.application.Applications;
import io.weft.nm.auxservice.AuxServices;
import io.weft.nm.executor.ContainerExecutor;
import io.weft.nm.launch.ContainerDirs;
import io.weft.nm.device.DeviceAllocator;
import io.weft.nm.launch.LaunchEnvironment;
import io.weft.nm.launch.LaunchScript;
import io.weft.nm.launch.WeftJvmOptions;
import io.weft.nm.localize.Localizer;
import io.weft.nm.warm.WarmJvmPool;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The containers of this node. Admits a container only when it fits the node's free resources
 * (capability minus the resources of containers not yet completed; see {@link #start} for the short
 * wait when it does not yet), then localizes and launches it
 * on a worker thread. Completed containers stay reportable until the RM says it has recorded them.
 * With recovery on, containers outlive a close (supervised stop) and a restarted NodeManager rebuilds
 * them from its store ({@link #reattach}, {@link #restoreCompleted}). {@link ContainerLimits} (cgroups)
 * are set up before each launch and released when a container is DONE. It keeps {@link Applications}
 * in step: a container's start or recovery adds it to its application, its DONE takes it out, and
 * {@link #cleanupApplication} finishes the application.
 */
public final class ContainerManager implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  private static final Duration ROOM_WAIT_BEYOND_SIGKILL = Duration.ofSeconds(3);

  private final NodeId nodeId;
  private final Resource capability;
  private final Path localDir;
  private final Path logRoot;
  private final Duration sigkillDelay;
  /** How long a start waits for room that stopping containers are about to free. */
  private final Duration roomWait;
  private final AtomicLong completions = new AtomicLong();
  private final ContainerListener listener;
  private final ExecutorService workers = Executors.newCachedThreadPool(threads("container-launcher"));
  private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor(threads("container-killer"));
  private final ContainerLauncher launcher;
  private final Map<ContainerId, Container> containers = new LinkedHashMap<>();
  private final ContainerStore store;
  private final ContainerExecutor executor;
  private final Applications applications;
  private final AuxServices auxServices;
  private final DeviceAllocator devices;
  private volatile boolean keepRunningOnClose;
  private boolean closed;

  public ContainerManager(NodeId nodeId, Resource capability, Path localDir, Path logRoot, Localizer localizer,
      LaunchEnvironment environment, WeftJvmOptions jvmOptions, Duration sigkillDelay,
      ContainerListener listener, ContainerStore store, boolean keepRunningOnClose, ContainerLimits limits,
      ContainerExecutor executor, Applications applications, WarmJvmPool warmJvms, AuxServices auxServices,
      DeviceAllocator devices) {
    this.devices = requireNonNull(devices);
    this.applications = requireNonNull(applications);
    this.auxServices = requireNonNull(auxServices);
    this.nodeId = requireNonNull(nodeId);
    this.capability = requireNonNull(capability);
    this.localDir = requireNonNull(localDir);
    this.logRoot = requireNonNull(logRoot);
    this.sigkillDelay = requireNonNull(sigkillDelay);
    this.roomWait = sigkillDelay.plus(ROOM_WAIT_BEYOND_SIGKILL);
    this.store = requireNonNull(store);
    this.keepRunningOnClose = keepRunningOnClose;
    requireNonNull(listener);
    // completions wake starts waiting for room; this lock is never held while taking another
    requireNonNull(limits);
    this.listener = (id, state) -> {
      if (state == ContainerState.DONE) {
        limits.release(id);
        applications.containerDone(id);
      }
      listener.stateChanged(id, state);
      if (state.isCompleted()) {
        devices.release(id);
        synchronized (completions) {
          completions.incrementAndGet();
          completions.notifyAll();
        }
      }
    };
    this.executor = requireNonNull(executor);
    this.launcher = new ContainerLauncher(localizer, environment.with(auxServices.containerEnvironment()), jvmOptions,
        sigkillDelay, killer, limits, executor, warmJvms, devices.inventory());
  }

  /**
   * Admits {@code spec} and starts localizing it; the process starts asynchronously. The RM may grant
   * this container the room of one it has just stopped, whose stop can still be on its way here or
   * whose process is still exiting; so a container that fits the node but not its free room now waits
   * up to {@link #roomWait} for containers to complete before it is refused.
   */
  public void start(ContainerSpec spec) {
    // Before anything is tracked: a user who may not run containers here gets nothing started.
    executor.admit(spec.id(), spec.user());
    long deadline = System.nanoTime() + roomWait.toNanos();
    Container container;
    while (true) {
      long seenCompletions;
      synchronized (this) {
        if (closed) {
          throw WeftException.unavailable("NodeManager " + nodeId + " is shutting down; " + spec.id() + " not started");
        }
        if (containers.containsKey(spec.id())) {
          throw WeftException.alreadyExists(spec.id() + " was already started on " + nodeId);
        }
        seenCompletions = completions.get();
        Optional<String> shortfall = shortfall(spec);
        // a device is given back just after its container completes: until then it is short here too
        Optional<Map<String, List<String>>> held = shortfall.isEmpty() ? devices.assign(spec.id(), spec.resource())
            : Optional.empty();
        if (shortfall.isEmpty() && held.isEmpty()) {
          shortfall = Optional.of(spec.id() + " needs " + spec.resource() + " but the devices free on " + nodeId
              + " are " + devices.free());
        }
        if (shortfall.isEmpty()) {
          applications.containerAdded(spec.id(), spec.user());
          try {
            // After the application is known to be running here: an ended one must not be re-introduced.
            auxServices.initializeContainer(spec.id(), spec.user(), spec.serviceData());
          } catch (RuntimeException e) {
            applications.containerDone(spec.id());
            devices.release(spec.id());
            throw e;
          }
          container = new Container(spec, ContainerDirs.of(localDir, logRoot, spec.user(), spec.id()), listener,
              store, ContainerState.NEW, held.get());
          containers.put(spec.id(), container);
          break;
        }
        if (!spec.resource().fitsIn(capability) || System.nanoTime() >= deadline) {
          throw WeftException.resourceExhausted(shortfall.get());
        }
      }
      awaitCompletionAfter(seenCompletions, deadline);
    }
    listener.stateChanged(spec.id(), ContainerState.NEW);
    workers.execute(() -> launcher.run(container));
  }

  private void awaitCompletionAfter(long seenCompletions, long deadline) {
    synchronized (completions) {
      long left;
      while (completions.get() == seenCompletions && (left = deadline - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(completions, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw WeftException.unavailable("interrupted while waiting for room on " + nodeId);
        }
      }
    }
  }

  /** Why {@code spec} does not fit the node's free room now; empty when it does. */
  private Optional<String> shortfall(ContainerSpec spec) {
    Resource free = capability.subtract(allocated());
    Resource need = spec.resource();
    if (need.memoryMb() > free.memoryMb()) {
      return Optional.of(spec.id() + " needs " + need.memoryMb() + " MB but " + free.memoryMb() + " MB of "
          + capability.memoryMb() + " MB are free on " + nodeId);
    }
    if (need.vcores() > free.vcores()) {
      return Optional.of(spec.id() + " needs " + need.vcores() + " vcores but " + free.vcores() + " of "
          + capability.vcores() + " vcores are free on " + nodeId);
    }
    if (!need.fitsIn(free)) {
      return Optional.of(spec.id() + " needs " + need + " but " + free + " of " + capability + " are free on " + nodeId);
    }
    return Optional.empty();
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

  /**
   * Sends {@code signal} to the processes of running container {@code id} (a user's SignalToContainer);
   * false when it has none running. Unlike {@link #stop} nothing is recorded: the container ends, or not,
   * as its processes do. An unknown container is NOT_FOUND.
   */
  public boolean signal(ContainerId id, ContainerSignal signal) {
    return launcher.signal(require(id), signal);
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
      store.remove(id);
      LOG.debug("{} forgotten", id);
    }
  }

  /**
   * Tracks the container of {@code record} again after a NodeManager restart: its process (the
   * record's pid, checked alive by the caller) is RUNNING, and its exit is watched.
   */
  public void reattach(ContainerRecord record) {
    Container c = recovered(record);
    c.running(record.pid(), record.processStartTicks(), "re-attached to pid " + record.pid()
        + " after a NodeManager restart");
    launcher.watchReattached(c);
  }

  /** Tracks a container that completed before or while the NodeManager was down, until the RM has recorded it. */
  public void restoreCompleted(ContainerRecord record, int exitStatus, String diagnostics, String cause) {
    Container c = recovered(record);
    c.exited(exitStatus == 0, exitStatus, diagnostics, cause);
    c.move(ContainerState.DONE, "recovered completed");
  }

  private Container recovered(ContainerRecord record) {
    // The command is not kept; what runs is the launch script, which ran it.
    ContainerSpec spec = new ContainerSpec(record.id(), record.user(), record.resource(),
        List.of("bash", LaunchScript.FILE_NAME), Map.of(), Map.of(), Map.of(), record.allocation());
    Container c = new Container(spec, record.dirs(), listener, store, ContainerState.RECOVERED, record.devices());
    synchronized (this) {
      if (containers.putIfAbsent(record.id(), c) != null) {
        throw new IllegalStateException(record.id() + " is already tracked");
      }
      if (!record.completed()) {
        devices.restore(record.id(), record.devices());
      }
      applications.containerAdded(record.id(), record.user());
    }
    listener.stateChanged(record.id(), ContainerState.RECOVERED);
    c.recoveredPid(record.pid(), record.processStartTicks());
    return c;
  }

  /** Makes {@link #close()} stop every container even with recovery on (the RM told this node to shut down). */
  public void stopContainersOnClose() {
    keepRunningOnClose = false;
  }

  /**
   * The RM says {@code app} is over: stops its containers, then deletes its working dirs (logs stay) and
   * marks it FINISHED. Said again for an application that has already ended here, it changes nothing.
   */
  public void cleanupApplication(ApplicationId app) {
    List<Container> ofApp;
    synchronized (this) {
      Optional<ApplicationReport> known = applications.report(app);
      if (known.isPresent() && known.get().state().hasEnded()) {
        LOG.debug("{} is already {}; nothing more to clean up", app, known.get().state());
        return;
      }
      // Under this lock, like starts: no container of the application is added from here on.
      applications.finishing(app);
      ofApp = containers.values().stream().filter(c -> c.id().applicationId().equals(app)).toList();
    }
    LOG.info("cleaning up {} ({} containers)", app, ofApp.size());
    ofApp.forEach(c -> launcher.kill(c, ExitStatus.KILLED_AFTER_APP_COMPLETION, "Container killed on application "
        + app + " completion"));
    CompletableFuture.allOf(ofApp.stream().map(Container::done).toArray(CompletableFuture[]::new))
        .thenRunAsync(() -> {
          // Only now, with the application over: its shuffle files must outlive its last container ending
          // (dynamic allocation releases every executor during an idle gap).
          auxServices.stopApplication(app);
          deleteAppDirs(app);
          applications.cleanedUp(app);
        }, workers)
        .whenComplete((ok, e) -> {
          if (e != null) {
            // A NodeManager shutting down refuses the task; its next run deletes nothing of this application.
            LOG.warn("cleaning up {} did not complete: {}", app, e.toString());
          }
        });
  }

  private void deleteAppDirs(ApplicationId app) {
    Path users = localDir.resolve("usercache");
    try {
      Path cache = localDir.resolve("filecache").resolve(app.toString()); // its staged files (Localizer's cache)
      if (Files.exists(cache, LinkOption.NOFOLLOW_LINKS)) {
        // root's own files: Guava deletes through a secure directory stream, never following a link
        com.google.common.io.MoreFiles.deleteRecursively(cache);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the cached staged files of {}: {}", app, e.toString());
    }
    if (!Files.isDirectory(users)) {
      return;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(users)) {
      for (Path user : dirs) {
        String name = user.getFileName().toString();
        Path appDir = ContainerDirs.appCacheDir(localDir, name, app);
        if (Files.exists(appDir, LinkOption.NOFOLLOW_LINKS)) {
          executor.deleteAppDir(name, appDir);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the working dirs of {}: {}", app, e.toString());
    }
  }

  private synchronized Container require(ContainerId id) {
    Container c = containers.get(id);
    if (c == null) {
      throw WeftException.notFound(id + " is not known on " + nodeId);
    }
    return c;
  }

  /**
   * Stops every container still running and waits (bounded) until their process groups are killed;
   * with recovery on, leaves them running for the next NodeManager to re-attach (YARN's supervised stop).
   */
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
    if (keepRunningOnClose) {
      // A stop under way would lose its pending SIGKILL with this JVM: send it now.
      all.stream().filter(c -> c.state() == ContainerState.KILLING).forEach(launcher::sigkillNow);
      LOG.info("leaving {} running containers of {} for the restarted NodeManager to recover",
          all.stream().filter(c -> !c.state().isCompleted()).count(), nodeId);
      killer.shutdown();
      workers.shutdownNow();
      return;
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
