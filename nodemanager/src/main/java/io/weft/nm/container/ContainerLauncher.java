package io.weft.nm.container;

import io.weft.common.launch.ContainerSignal;
import io.weft.common.launch.ExitStatus;
import static java.util.Objects.requireNonNull;

import io.weft.common.launch.Placeholders;
import io.weft.nm.executor.ContainerExecutor;
import io.weft.nm.launch.JvmLaunchOptions;
import io.weft.nm.device.DeviceInventory;
import io.weft.nm.launch.LaunchEnvironment;
import io.weft.nm.launch.WeftJvmOptions;
import io.weft.nm.launch.ExitCodeFile;
import io.weft.nm.launch.ProcessStat;
import io.weft.nm.launch.ProcessGroups;
import io.weft.nm.localize.LocalizationException;
import io.weft.nm.localize.Localizer;
import io.weft.nm.warm.PooledJvm;
import io.weft.nm.warm.WarmCommand;
import io.weft.nm.warm.WarmJvmPool;
import io.weft.common.launch.warm.WarmClaim;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Drives one container from NEW to DONE: make its dirs, localize, set up its limits (cgroups), have the
 * {@link ContainerExecutor} write the launch script and start it (as the container's user) in its own
 * group, watch it exit (a failure at its memory limit becomes -104); and stops it with SIGTERM then
 * SIGKILL to the whole group. A container whose command a warm JVM can run ({@link WarmCommand}) claims
 * an idle one of its heap size from the {@link WarmJvmPool} instead of starting a JVM: the JVM's dirs become
 * the container's, resources are localized there, it joins the container's cgroups and is handed the
 * command; from then on it is the container's process like any other. Should a step before the hand-over
 * fail, the JVM is killed and the container starts cold.
 */
final class ContainerLauncher {
  private static final Logger LOG = LogManager.getLogger();

  private final Localizer localizer;
  private final LaunchEnvironment environment;
  private final WeftJvmOptions jvmOptions;
  private final Duration sigkillDelay;
  private final ScheduledExecutorService killer;
  private final ContainerLimits limits;
  private final ContainerExecutor executor;
  private final WarmJvmPool warmJvms;
  private final DeviceInventory devices;

  ContainerLauncher(Localizer localizer, LaunchEnvironment environment, WeftJvmOptions jvmOptions,
      Duration sigkillDelay, ScheduledExecutorService killer, ContainerLimits limits, ContainerExecutor executor,
      WarmJvmPool warmJvms, DeviceInventory devices) {
    this.localizer = requireNonNull(localizer);
    this.devices = requireNonNull(devices);
    this.environment = requireNonNull(environment);
    this.jvmOptions = requireNonNull(jvmOptions);
    this.sigkillDelay = requireNonNull(sigkillDelay);
    this.killer = requireNonNull(killer);
    this.limits = requireNonNull(limits);
    this.executor = requireNonNull(executor);
    this.warmJvms = requireNonNull(warmJvms);
  }

  /** A warm JVM a container has claimed, and the command it will run. */
  private record WarmStart(PooledJvm jvm, WarmCommand command) { }

  /** Runs on a worker thread; returns once the process is started (or the container has failed). */
  void run(Container c) {
    if (!c.moveIf(ContainerState.NEW, ContainerState.LOCALIZING, "start")) {
      return;
    }
    Optional<WarmCommand> eligible = WarmCommand.of(c.spec().command());
    Optional<WarmStart> warm = eligible
        .flatMap(command -> warmJvms.claim(command.heapMb()).map(jvm -> new WarmStart(jvm, command)));
    eligible.ifPresentOrElse(command -> warmJvms.launching(command.heapMb()), warmJvms::launching);
    try {
      executor.createDirs(c.spec().user(), c.dirs());
    } catch (IOException e) {
      warm.ifPresent(w -> w.jvm().kill());
      failWithoutProcess(c, ContainerState.LOCALIZING, "cannot create the container's dirs: " + e.getMessage());
      return;
    }
    warm = warm.filter(w -> movedInto(c, w.jvm()));
    try {
      localizer.localize(c.id(), c.spec().localResources(), c.dirs().workDir(), executor.fileCopier(c.spec().user()));
    } catch (LocalizationException e) {
      warm.ifPresent(w -> w.jvm().kill());
      failWithoutProcess(c, ContainerState.LOCALIZING, "localization failed: " + e.getMessage());
      return;
    }
    if (!c.moveIf(ContainerState.LOCALIZING, ContainerState.SCHEDULED, "resources localized")) {
      warm.ifPresent(w -> w.jvm().kill());
      return;
    }
    if (warm.isEmpty() || !launchWarm(c, warm.get())) {
      launch(c);
    }
  }

  /** Gives the claimed JVM the container's dirs; false (the JVM killed, the dirs made again) when that fails. */
  private boolean movedInto(Container c, PooledJvm jvm) {
    try {
      jvm.moveInto(c.dirs());
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} starts cold: cannot move {} into its dirs: {}", c.id(), jvm, e.toString());
      jvm.kill();
      try {
        executor.createDirs(c.spec().user(), c.dirs());
      } catch (IOException again) {
        LOG.warn("{} cannot create its dirs again: {}", c.id(), again.toString());
      }
      return false;
    }
  }

  /**
   * Hands the container to its claimed JVM, which is then its process (pid = process group, as a cold
   * launch's script). True when the container is launched or ended; false when it should start cold
   * (the JVM is killed, the files it left in the working dir removed).
   */
  private boolean launchWarm(Container c, WarmStart warm) {
    PooledJvm jvm = warm.jvm();
    WarmClaim claim = claimOf(c, warm.command());
    // reads the jars: outside the container's lock, which status calls and kills take
    Optional<String> coldReason = userJarsConflict(c, claim.userClassPath());
    if (coldReason.isPresent()) {
      LOG.info("{} starts cold: its jars cannot follow Weft's class path in {}: {}", c.id(), jvm, coldReason.get());
      release(c, jvm);
      return false;
    }
    synchronized (c) {
      if (c.state() != ContainerState.SCHEDULED) {
        jvm.kill();
        return true;
      }
      try {
        jvm.joinCgroups(limits.prepare(c.id(), c.spec().resource()));
        jvm.handOver(c.dirs().workDir(), claim);
      } catch (IOException | RuntimeException e) {
        LOG.warn("{} starts cold: handing it to {} failed: {}", c.id(), jvm, e.toString());
        release(c, jvm);
        return false;
      }
      long startTicks = ProcessStat.of(jvm.pid()).map(ProcessStat::startTicks).orElse(-1L);
      c.running(jvm.pid(), startTicks, "launched in warm JVM pid " + jvm.pid());
    }
    warmJvms.launched(true);
    jvm.process().onExit().thenAccept(p -> exited(c, p.exitValue()));
    return true;
  }

  /** Kills a claimed JVM that will not run {@code c} and removes what it left in the container's working dir. */
  private static void release(Container c, PooledJvm jvm) {
    jvm.kill();
    jvm.process().onExit().join();
    try {
      PooledJvm.removeFilesOf(c.dirs().workDir());
    } catch (IOException cleanup) {
      LOG.warn("{} cannot clean up after {}: {}", c.id(), jvm, cleanup.toString());
    }
  }

  /** Why the user's jars (localized by now) must precede Weft's class path, as a warm JVM cannot put them. */
  private Optional<String> userJarsConflict(Container c, List<String> jars) {
    if (jars.isEmpty()) {
      return Optional.empty();
    }
    return warmJvms.weftClassPath()
        .map(index -> index.conflict(jars.stream().map(jar -> c.dirs().workDir().resolve(jar)).toList()))
        .orElse(Optional.of("the NodeManager has not indexed Weft's class path yet"));
  }

  /** What the warm JVM needs to run the command as a cold launch would: what its process would see. */
  private WarmClaim claimOf(Container c, WarmCommand command) {
    Map<String, String> env = new LinkedHashMap<>(ProcessGroups.inheritedEnv());
    env.putAll(environmentOf(c));
    Map<String, String> properties = new LinkedHashMap<>();
    command.systemProperties().forEach((k, v) -> properties.put(k, environment.expand(v, c.dirs())));
    return new WarmClaim(env, expanded(command.userClassPath(), c), properties, command.mainClass(),
        expanded(command.args(), c));
  }

  private List<String> expanded(List<String> values, Container c) {
    return values.stream().map(value -> environment.expand(value, c.dirs())).toList();
  }

  private void launch(Container c) {
    Process process;
    JvmLaunchOptions jvm;
    synchronized (c) {
      if (c.state() != ContainerState.SCHEDULED) {
        return;
      }
      jvm = weftJvmOptions(c);
      try {
        List<Path> cgroupProcs = limits.prepare(c.id(), c.spec().resource());
        process = executor.launch(c.spec().user(), c.dirs(), environmentOf(c), commandOf(c, jvm.options()),
            cgroupProcs);
      } catch (IOException | RuntimeException e) {
        jvm.exited().accept(ExitStatus.INVALID);
        failWithoutProcess(c, ContainerState.SCHEDULED, "launch failed: " + e.getMessage());
        return;
      }
      long startTicks = ProcessStat.of(process.pid()).map(ProcessStat::startTicks).orElse(-1L);
      c.running(process.pid(), startTicks, "launched as pid " + process.pid());
    }
    warmJvms.launched(false);
    process.onExit().thenAccept(p -> {
      jvm.exited().accept(p.exitValue());
      exited(c, p.exitValue());
    });
  }

  /**
   * Watches the process of a container re-attached after a NodeManager restart. It is not this
   * JVM's child, so its exit value cannot be read: the code comes from its exit code file.
   */
  void watchReattached(Container c) {
    CompletableFuture<?> exit = ProcessHandle.of(c.pid()).<CompletableFuture<?>>map(ProcessHandle::onExit)
        .orElse(CompletableFuture.completedFuture(null));
    exit.thenRun(() -> {
      OptionalInt code = readExitCode(c);
      if (code.isPresent()) {
        exited(c, code.getAsInt());
      } else {
        exitedWithoutCode(c);
      }
    });
  }

  private static OptionalInt readExitCode(Container c) {
    try {
      return ExitCodeFile.read(c.dirs().workDir());
    } catch (IllegalStateException e) {
      LOG.warn("{} {}", c.id(), e.getMessage());
      return OptionalInt.empty();
    }
  }

  /** A re-attached process ended without its script writing the code (the script itself was killed). */
  private void exitedWithoutCode(Container c) {
    String diagnostics = "exited without recording an exit code (its launch script was killed)";
    finish(c, false, ExitStatus.INVALID, diagnostics, "process exited, exit code unknown");
  }

  /** The options for the Weft JVM the command starts ({@code {{WEFT_JVM_OPTIONS}}} before its main class), if any. */
  private JvmLaunchOptions weftJvmOptions(Container c) {
    List<String> command = c.spec().command();
    int at = command.indexOf(Placeholders.WEFT_JVM_OPTIONS);
    if (at < 0) {
      return JvmLaunchOptions.NONE;
    }
    String mainClass = at + 1 < command.size() ? command.get(at + 1) : "";
    Optional<String> classpath = classpathBefore(command, at);
    if (classpath.isEmpty() || classpath.get().equals(Placeholders.WEFT_CLASSPATH)) {
      return jvmOptions.forLaunch(mainClass, c.id().toString());
    }
    return jvmOptions.forLaunch(mainClass, environment.expand(classpath.get(), c.dirs()), c.dirs().workDir(),
        c.id().toString());
  }

  /** The value of the last {@code -cp} (or {@code -classpath}, {@code --class-path}) before {@code end}, if any. */
  private static Optional<String> classpathBefore(List<String> command, int end) {
    for (int i = end - 2; i >= 0; i--) {
      if (List.of("-cp", "-classpath", "--class-path").contains(command.get(i))) {
        return Optional.of(command.get(i + 1));
      }
    }
    return Optional.empty();
  }

  private Map<String, String> environmentOf(Container c) {
    Map<String, String> env = new LinkedHashMap<>();
    c.spec().environment().forEach((k, v) -> env.put(k, environment.expand(v, c.dirs())));
    env.putAll(environment.standardEnv(c.id(), c.spec().user(), c.dirs()));
    env.putAll(devices.environment(c.devices()));
    return env;
  }

  private List<String> commandOf(Container c, List<String> weftJvmOptions) {
    List<String> command = new ArrayList<>();
    for (String arg : c.spec().command()) {
      if (arg.equals(Placeholders.WEFT_JVM_OPTIONS)) {
        command.addAll(weftJvmOptions);
      } else {
        command.add(environment.expand(arg, c.dirs()));
      }
    }
    return command;
  }

  private void failWithoutProcess(Container c, ContainerState expected, String diagnostics) {
    synchronized (c) {
      if (c.state() != expected) {
        return;
      }
      c.exited(false, ExitStatus.INVALID, diagnostics, diagnostics);
      c.move(ContainerState.DONE, "nothing to clean up");
    }
  }

  private void exited(Container c, int code) {
    finish(c, code == 0, code, code == 0 ? "" : "Exception from container-launch: exit code " + code,
        "process exited with code " + code);
  }

  /** The container's process has exited: records how (unless it was being stopped), then cleans up its group. */
  private void finish(Container c, boolean success, int status, String diagnostics, String cause) {
    long pgid = c.pid();
    if (!success) {
      Optional<String> limitKill = limits.limitKill(c.id(), pgid, c.spec().resource());
      if (limitKill.isPresent()) {
        status = ExitStatus.KILLED_EXCEEDED_PMEM;
        diagnostics = limitKill.get();
        cause = cause + ", killed at its memory limit";
      }
    }
    synchronized (c) {
      if (c.state() == ContainerState.KILLING) {
        c.exited(false, c.killStatus(), c.killDiagnostics(), cause + " after stop");
        if (c.groupKilled()) {
          c.move(ContainerState.DONE, "process group already killed");
        }
        // Otherwise the pending SIGKILL to the group finishes the container.
        return;
      }
      c.exited(success, status, diagnostics, cause);
    }
    // Whatever the process left running in its group goes with it.
    ProcessGroups.signal(pgid, "KILL");
    c.markGroupKilled();
    c.move(ContainerState.DONE, "process group cleaned up");
  }

  /** Stops {@code c}: SIGTERM to its group now, SIGKILL after the grace delay. False when already completed. */
  boolean kill(Container c, int exitStatus, String diagnostics) {
    long pgid;
    synchronized (c) {
      ContainerState state = c.state();
      if (state.isCompleted() || state == ContainerState.KILLING) {
        return !state.isCompleted();
      }
      c.killing(exitStatus, diagnostics);
      pgid = c.pid();
      if (pgid < 0) {
        c.exited(false, exitStatus, diagnostics, "stopped before its process started");
        c.move(ContainerState.DONE, "nothing to clean up");
        return true;
      }
    }
    LOG.info("{} sending SIGTERM to process group {}", c.id(), pgid);
    ProcessGroups.signal(pgid, "TERM");
    killer.schedule(() -> sigkill(c, pgid), sigkillDelay.toMillis(), TimeUnit.MILLISECONDS);
    return true;
  }

  /** Sends {@code signal} to {@code c}'s process group; false when no process of it runs. */
  boolean signal(Container c, ContainerSignal signal) {
    long pgid;
    synchronized (c) {
      if (c.state().isCompleted() || c.pid() < 0) {
        return false;
      }
      pgid = c.pid();
    }
    LOG.info("{} sending SIG{} ({}) to process group {}", c.id(), signal.signalName(), signal, pgid);
    return ProcessGroups.signal(pgid, signal.signalName());
  }

  /** Sends the SIGKILL of a stop under way at once. */
  void sigkillNow(Container c) {
    sigkill(c, c.pid());
  }

  private void sigkill(Container c, long pgid) {
    if (ProcessGroups.signal(pgid, "KILL")) {
      LOG.info("{} sent SIGKILL to process group {}", c.id(), pgid);
    }
    synchronized (c) {
      c.markGroupKilled();
      if (c.state() == ContainerState.EXITED_WITH_FAILURE) {
        c.move(ContainerState.DONE, "process group killed");
      }
    }
  }
}
