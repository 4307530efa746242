package io.weft.it.recovery;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.proto.NodeReport;
import io.weft.proto.NodeState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A ResourceManager and N NodeManagers as separate JVMs ({@code ResourceManagerMain},
 * {@code NodeManagerMain}), each on fixed ports picked once, so a test can kill -9 a daemon and
 * start it again on the same ports and the same state directories, as an operator would. Containers
 * are child processes of the NMs, as in production. Everything lives under one work dir:
 * <pre>
 *   rm/{staging,store}  rm.log
 *   nm-i/{local,logs,recovery}  nm-i.log
 * </pre>
 * Each daemon's stdout and stderr go to its {@code .log} file, appended across restarts (Log4j at
 * INFO through the test class path's {@code log4j2-test.xml}). Recovery is on for every daemon
 * ({@code weft.resourcemanager.recovery.enabled}, {@code weft.nodemanager.recovery.enabled}, the
 * store and recovery dirs above) unless the {@code config} given says otherwise.
 */
final class ProcessCluster implements AutoCloseable {
  /** The examples jar, built by the examples module and kept off the test classpath. */
  static final Path EXAMPLES_JAR = Path.of(System.getProperty("weft.test.examplesJar", "missing-examples.jar"));
  static final Duration DAEMON_START = Duration.ofSeconds(90);
  static final Duration DAEMON_EXIT = Duration.ofSeconds(30);
  private static final String RM_READY = "ResourceManager listening on";
  /** What NodeStatusUpdater logs once the RM has taken a (re-)registration. */
  private static final String NM_REGISTERED = "registered with the ResourceManager";
  private static final String HOST = "127.0.0.1";
  /** Small, quick-starting daemon JVMs: the machine running the tests is small and shared. */
  private static final List<String> DAEMON_JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");

  private final Path workDir;
  private final int nodeManagers;
  private final Map<String, String> config;
  private final int rmPort;
  private final int rmWebPort;
  private final int[] nmPorts;
  private final int[] nmWebPorts;
  private Process rm;
  private final Process[] nms;
  /** Where each NM's log stood when it was last started: its registration is looked for after it. */
  private final long[] nmLogOffsets;
  /** Every daemon process this cluster started, to make sure {@link #close()} leaves none behind. */
  private final List<ProcessHandle> started = new ArrayList<>();

  /**
   * @param config extra {@code --conf} values every daemon and the client get (intervals, limits, ...)
   */
  ProcessCluster(Path workDir, int nodeManagers, Map<String, String> config) {
    this.workDir = requireNonNull(workDir).toAbsolutePath().normalize();
    this.nodeManagers = nodeManagers;
    this.config = Map.copyOf(config);
    List<Integer> ports = OsProcesses.freePorts(HOST, 2 + 2 * nodeManagers);
    this.rmPort = ports.get(0);
    this.rmWebPort = ports.get(1);
    this.nmPorts = new int[nodeManagers];
    this.nmWebPorts = new int[nodeManagers];
    for (int i = 0; i < nodeManagers; i++) {
      nmPorts[i] = ports.get(2 + 2 * i);
      nmWebPorts[i] = ports.get(3 + 2 * i);
    }
    this.nms = new Process[nodeManagers];
    this.nmLogOffsets = new long[nodeManagers];
  }

  /** Starts the RM, then every NM, and returns once the RM lists every NM as RUNNING. */
  synchronized ProcessCluster start() {
    try {
      startRm();
      for (int i = 0; i < nodeManagers; i++) {
        launchNm(i);
      }
      awaitNodesRunning();
      return this;
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  // ---------------------------------------------------------------- the ResourceManager

  /** Starts the RM (again) on the same ports and the same store; returns once it listens. */
  synchronized void startRm() {
    if (rm != null && rm.isAlive()) {
      throw new IllegalStateException("the RM is already running as pid " + rm.pid());
    }
    long logOffset = OsProcesses.size(rmLogFile());
    Map<String, String> conf = new LinkedHashMap<>(config);
    conf.put(CommonKeys.RM_ADDRESS.key(), HOST + ":" + rmPort);
    conf.put(CommonKeys.RM_WEBAPP_ADDRESS.key(), HOST + ":" + rmWebPort);
    conf.put("weft.resourcemanager.staging-dir", dir("rm", "staging").toString());
    conf.put("weft.resourcemanager.store.dir", dir("rm", "store").toString());
    conf.putIfAbsent("weft.resourcemanager.recovery.enabled", "true");
    rm = launch("io.weft.rm.ResourceManagerMain", conf, dir("rm"), rmLogFile());
    Process process = rm;
    await("the RM (pid " + process.pid() + ") to print '" + RM_READY + "' in " + rmLogFile())
        .atMost(DAEMON_START).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
          String log = OsProcesses.readFrom(rmLogFile(), logOffset);
          if (!process.isAlive()) {
            throw new IllegalStateException(
                "the RM exited with " + process.exitValue() + " before it listened:\n" + log);
          }
          assertThat(log).contains(RM_READY);
        });
  }

  /** kill -9 of the RM; returns once the process is gone. */
  synchronized void killRm() {
    OsProcesses.kill(rm, true, DAEMON_EXIT);
  }

  /** SIGTERM to the RM (its shutdown hook runs); returns once the process is gone. */
  synchronized void stopRm() {
    OsProcesses.kill(rm, false, DAEMON_EXIT);
  }

  synchronized boolean rmAlive() {
    return rm != null && rm.isAlive();
  }

  synchronized long rmPid() {
    return rm.pid();
  }

  HostPort rmAddress() {
    return HostPort.parse(HOST + ":" + rmPort, "RM address");
  }

  HostPort rmWebAddress() {
    return HostPort.parse(HOST + ":" + rmWebPort, "RM web address");
  }

  Path rmLogFile() {
    return workDir.resolve("rm.log");
  }

  String rmLog() {
    return OsProcesses.readFrom(rmLogFile(), 0);
  }

  // ---------------------------------------------------------------- NodeManagers

  /**
   * Starts NM {@code i} (again) on its ports and dirs; returns once it has logged its registration
   * with the RM and the RM lists it as RUNNING.
   */
  synchronized void startNm(int i) {
    launchNm(i);
    awaitNodeRunning(i);
  }

  private void launchNm(int i) {
    if (nms[i] != null && nms[i].isAlive()) {
      throw new IllegalStateException("NM " + i + " is already running as pid " + nms[i].pid());
    }
    Map<String, String> conf = new LinkedHashMap<>(config);
    conf.put(CommonKeys.RM_ADDRESS.key(), HOST + ":" + rmPort);
    conf.put("weft.nodemanager.address", nodeId(i));
    conf.put("weft.nodemanager.webapp.address", HOST + ":" + nmWebPorts[i]);
    conf.putIfAbsent("weft.nodemanager.resource.memory-mb", "8192");
    conf.putIfAbsent("weft.nodemanager.resource.cpu-vcores", "8");
    conf.put("weft.nodemanager.local-dirs", dir("nm-" + i, "local").toString());
    conf.put("weft.nodemanager.log-dirs", dir("nm-" + i, "logs").toString());
    conf.put("weft.nodemanager.recovery.dir", dir("nm-" + i, "recovery").toString());
    conf.putIfAbsent("weft.nodemanager.recovery.enabled", "true");
    // Containers are Weft JVMs too (AMs, executors): the test's class path has all of Weft on it.
    conf.put("weft.nodemanager.container-classpath", System.getProperty("java.class.path"));
    nmLogOffsets[i] = OsProcesses.size(nmLogFile(i));
    nms[i] = launch("io.weft.nm.NodeManagerMain", conf, dir("nm-" + i), nmLogFile(i));
  }

  /** kill -9 of NM {@code i}; returns once the process is gone. Its containers live on (own sessions). */
  synchronized void killNm(int i) {
    OsProcesses.kill(nms[i], true, DAEMON_EXIT);
  }

  /** SIGTERM to NM {@code i}; returns once the process is gone. */
  synchronized void stopNm(int i) {
    OsProcesses.kill(nms[i], false, DAEMON_EXIT);
  }

  synchronized boolean nmAlive(int i) {
    return nms[i] != null && nms[i].isAlive();
  }

  /** The node id the RM knows NM {@code i} by: {@code 127.0.0.1:<its fixed port>}. */
  String nodeId(int i) {
    return HOST + ":" + nmPorts[i];
  }

  int nodeManagers() {
    return nodeManagers;
  }

  HostPort nmWebAddress(int i) {
    return HostPort.parse(HOST + ":" + nmWebPorts[i], "NM web address");
  }

  Path nmLogFile(int i) {
    return workDir.resolve("nm-" + i + ".log");
  }

  /** Everything NM {@code i} has logged, across its restarts. */
  String nmLog(int i) {
    return OsProcesses.readFrom(nmLogFile(i), 0);
  }

  /** NM {@code i}'s container log root: {@code <it>/<app>/<container>/{stdout,stderr}}. */
  Path nmLogDir(int i) {
    return workDir.resolve("nm-" + i).resolve("logs");
  }

  Path nmLocalDir(int i) {
    return workDir.resolve("nm-" + i).resolve("local");
  }

  /** Returns once the RM lists every NM whose process is alive as RUNNING. */
  void awaitNodesRunning() {
    for (int i = 0; i < nodeManagers; i++) {
      if (nmAlive(i)) {
        awaitNodeRunning(i);
      }
    }
  }

  void awaitNodeRunning(int i) {
    String nodeId = nodeId(i);
    Process process;
    long logOffset;
    synchronized (this) {
      process = nms[i];
      logOffset = nmLogOffsets[i];
    }
    await("NM " + i + " (" + nodeId + ", pid " + process.pid() + ") to register and be RUNNING at the RM")
        .atMost(DAEMON_START).pollInterval(Duration.ofMillis(250)).ignoreExceptionsMatching(
            e -> e instanceof io.weft.common.rpc.WeftException || e instanceof io.grpc.StatusRuntimeException)
        .untilAsserted(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("NM " + i + " exited with " + process.exitValue() + ":\n" + nmLog(i));
          }
          assertThat(OsProcesses.readFrom(nmLogFile(i), logOffset)).as("NM %d's log since it started", i)
              .contains(NM_REGISTERED);
          assertThat(nodeStates()).as("node states at the RM").containsEntry(nodeId, NodeState.NODE_RUNNING);
        });
  }

  /** Every node the RM knows, by node id, with its state. */
  Map<String, NodeState> nodeStates() {
    try (WeftClient client = client()) {
      Map<String, NodeState> states = new TreeMap<>();
      for (NodeReport node : client.getNodeReports()) {
        states.put(node.getNodeId(), node.getNodeState());
      }
      return states;
    }
  }

  // ---------------------------------------------------------------- signals

  /** SIGSTOP to the RM ({@code -1}) or NM {@code i}: frozen, sockets open, nothing answered. */
  synchronized void sigstop(int daemon) {
    OsProcesses.signal(daemon(daemon), "STOP");
  }

  /** SIGCONT to the RM ({@code -1}) or NM {@code i}. */
  synchronized void sigcont(int daemon) {
    OsProcesses.signal(daemon(daemon), "CONT");
  }

  private Process daemon(int index) {
    Process process = index < 0 ? rm : nms[index];
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException((index < 0 ? "the RM" : "NM " + index) + " is not running");
    }
    return process;
  }

  // ---------------------------------------------------------------- clients

  /** What a client on this machine uses: the RM's address and the cluster's extra configuration. */
  WeftConfig clientConfig() {
    return WeftConfig.of(config).with(CommonKeys.RM_ADDRESS, rmAddress());
  }

  WeftClient client() {
    return WeftClient.connect(clientConfig());
  }

  /** Runs {@code bin/weft <args>}'s client side against this cluster, in this JVM, capturing its output. */
  CliRun cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new WeftCli(new CliContext(clientConfig(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).run(args);
    return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * {@link #cli} on a thread of its own, so the test can kill daemons while, say, {@code submit}
   * follows its application. The future fails only if the CLI itself throws.
   */
  CompletableFuture<CliRun> cliInBackground(String... args) {
    CompletableFuture<CliRun> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(cli(args));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, "cli-" + (args.length == 0 ? "" : args[0]));
    thread.setDaemon(true);
    thread.start();
    return result;
  }

  // ---------------------------------------------------------------- containers

  /** Live container processes of NM {@code i} (working dir under its local dir), by container id. */
  Map<String, Set<Long>> containerPids(int i) {
    Path local = nmLocalDir(i);
    Map<String, Set<Long>> pids = new TreeMap<>();
    ProcessHandle.allProcesses().forEach(p -> OsProcesses.cwd(p).filter(d -> d.startsWith(local)).ifPresent(dir -> {
      for (Path part : local.relativize(dir)) {
        if (part.toString().startsWith("container_")) {
          pids.computeIfAbsent(part.toString(), k -> new TreeSet<>()).add(p.pid());
          return;
        }
      }
    }));
    return pids;
  }

  /** Live container processes of every NM, by container id. */
  Map<String, Set<Long>> containerPids() {
    Map<String, Set<Long>> pids = new TreeMap<>();
    for (int i = 0; i < nodeManagers; i++) {
      pids.putAll(containerPids(i));
    }
    return pids;
  }

  /** Live processes whose working dir is inside the work dir, other than the daemons: containers, their children. */
  List<ProcessHandle> strayProcesses() {
    Set<Long> daemons = new HashSet<>();
    synchronized (this) {
      started.forEach(p -> daemons.add(p.pid()));
    }
    return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> !daemons.contains(p.pid()))
        .filter(p -> OsProcesses.cwd(p).map(dir -> dir.startsWith(workDir)).orElse(false)).toList();
  }

  /** Daemon processes this cluster started that are still alive. */
  synchronized List<ProcessHandle> liveDaemons() {
    return started.stream().filter(ProcessHandle::isAlive).toList();
  }

  Path workDir() {
    return workDir;
  }

  /**
   * Kills (kill -9) every daemon it started and every process left with a working dir in the work
   * dir (containers outlive their NM by design), and waits until they are gone.
   */
  @Override
  public synchronized void close() {
    List<ProcessHandle> doomed = new ArrayList<>();
    for (ProcessHandle daemon : started) {
      doomed.add(daemon);
      daemon.descendants().forEach(doomed::add);
    }
    doomed.forEach(ProcessHandle::destroyForcibly);
    List<ProcessHandle> containers = strayProcesses();
    containers.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
    containers.forEach(ProcessHandle::destroyForcibly);
    doomed.addAll(containers);
    for (ProcessHandle p : doomed) {
      try {
        p.onExit().get(DAEMON_EXIT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported below: whatever is still alive is named
      }
    }
    List<Long> alive = doomed.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
    if (!alive.isEmpty()) {
      throw new IllegalStateException("processes of the cluster in " + workDir + " survived kill -9: " + alive);
    }
  }

  // ---------------------------------------------------------------- plumbing

  private Process launch(String mainClass, Map<String, String> conf, Path cwd, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(DAEMON_JVM_OPTIONS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    conf.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
    ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    // Nothing of an installation on this machine may leak in (weft-site.properties, $WEFT_HOME/lib).
    builder.environment().remove("WEFT_HOME");
    builder.environment().remove("WEFT_CONF_DIR");
    builder.environment().remove("WEFT_OPTS");
    try {
      Files.writeString(log, "==== " + java.time.Instant.now() + " " + String.join(" ", command) + "\n",
          StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      Process process = builder.start();
      started.add(process.toHandle());
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass + ": " + e.getMessage(), e);
    }
  }

  private Path dir(String... parts) {
    Path dir = workDir;
    for (String part : parts) {
      dir = dir.resolve(part);
    }
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record CliRun(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
