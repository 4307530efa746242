package io.weft.it.recovery;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.client.records.NodeReport;
import io.weft.client.records.NodeState;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.StablePorts;
import io.weft.dist.RmHaStates;
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
public final class ProcessCluster implements AutoCloseable {
  /** The examples jar, built by the examples module and kept off the test classpath. */
  public static final Path EXAMPLES_JAR = Path.of(System.getProperty("weft.test.examplesJar", "missing-examples.jar"));
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
  /** Without HA one ResourceManager; with HA (see {@link #withHa}) one per id rm1, rm2, ... */
  private final int[] rmPorts;
  private final int[] rmWebPorts;
  private final int[] nmPorts;
  private final int[] nmWebPorts;
  private final Process[] rms;
  /** With HA: the ZooKeeper ensemble's connect string; null without HA. */
  private final String zkAddress;
  private final Process[] nms;
  /** Where each NM's log stood when it was last started: its registration is looked for after it. */
  private final long[] nmLogOffsets;
  /** Every daemon process this cluster started, to make sure {@link #close()} leaves none behind. */
  private final List<ProcessHandle> started = new ArrayList<>();

  /**
   * @param config extra {@code --conf} values every daemon and the client get (intervals, limits, ...)
   */
  public ProcessCluster(Path workDir, int nodeManagers, Map<String, String> config) {
    this(workDir, nodeManagers, config, 1, null);
  }

  private ProcessCluster(Path workDir, int nodeManagers, Map<String, String> config, int resourceManagers,
      String zkAddress) {
    this.workDir = requireNonNull(workDir).toAbsolutePath().normalize();
    this.nodeManagers = nodeManagers;
    this.zkAddress = zkAddress;
    List<Integer> ports = StablePorts.free(HOST, 2 * resourceManagers + 2 * nodeManagers);
    this.rmPorts = new int[resourceManagers];
    this.rmWebPorts = new int[resourceManagers];
    for (int r = 0; r < resourceManagers; r++) {
      rmPorts[r] = ports.get(2 * r);
      rmWebPorts[r] = ports.get(2 * r + 1);
    }
    int nmBase = 2 * resourceManagers;
    this.nmPorts = new int[nodeManagers];
    this.nmWebPorts = new int[nodeManagers];
    for (int i = 0; i < nodeManagers; i++) {
      nmPorts[i] = ports.get(nmBase + 2 * i);
      nmWebPorts[i] = ports.get(nmBase + 2 * i + 1);
    }
    this.rms = new Process[resourceManagers];
    this.nms = new Process[nodeManagers];
    this.nmLogOffsets = new long[nodeManagers];
    Map<String, String> shared = new LinkedHashMap<>(config);
    if (isHa()) {
      List<RmEndpoints.Endpoint> endpoints = new ArrayList<>();
      for (int r = 0; r < resourceManagers; r++) {
        endpoints.add(new RmEndpoints.Endpoint(rmId(r), new HostPort(HOST, rmPorts[r]), new HostPort(HOST, rmWebPorts[r])));
      }
      shared.putAll(RmEndpoints.haKeys(endpoints));
      shared.put("weft.resourcemanager.zk-address", zkAddress);
      shared.putIfAbsent("weft.resourcemanager.cluster-id", "process-cluster");
    } else {
      shared.put(CommonKeys.RM_ADDRESS.key(), HOST + ":" + rmPorts[0]);
    }
    this.config = Map.copyOf(shared);
  }

  /**
   * A cluster of {@code resourceManagers} ResourceManagers in HA (ids rm1, rm2, ...) elected through
   * the ZooKeeper at {@code zkAddress}, which the caller runs; every daemon and client gets the HA keys.
   */
  public static ProcessCluster withHa(Path workDir, int resourceManagers, int nodeManagers,
      Map<String, String> config, String zkAddress) {
    return new ProcessCluster(workDir, nodeManagers, config, resourceManagers, requireNonNull(zkAddress));
  }

  boolean isHa() {
    return zkAddress != null;
  }

  /** The HA id of ResourceManager {@code r}: rm1, rm2, ... */
  public static String rmId(int r) {
    return "rm" + (r + 1);
  }

  private List<String> rmIds() {
    List<String> ids = new ArrayList<>();
    for (int r = 0; r < rms.length; r++) {
      ids.add(rmId(r));
    }
    return ids;
  }

  public int resourceManagers() {
    return rms.length;
  }

  /** Starts the RM(s), then every NM, and returns once the (active) RM lists every NM as RUNNING. */
  public synchronized ProcessCluster start() {
    try {
      for (int r = 0; r < rms.length; r++) {
        startRm(r);
      }
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
  public synchronized void startRm() {
    startRm(0);
  }

  /** Starts ResourceManager {@code r} (again) on its ports and store; returns once it listens. */
  public synchronized void startRm(int r) {
    if (rms[r] != null && rms[r].isAlive()) {
      throw new IllegalStateException(rmName(r) + " is already running as pid " + rms[r].pid());
    }
    Path log = rmLogFile(r);
    long logOffset = OsProcesses.size(log);
    Map<String, String> conf = new LinkedHashMap<>(config);
    String dirName = isHa() ? rmId(r) : "rm";
    if (isHa()) {
      conf.put("weft.resourcemanager.ha.id", rmId(r));
    } else {
      conf.put(CommonKeys.RM_WEBAPP_ADDRESS.key(), HOST + ":" + rmWebPorts[r]);
    }
    conf.put("weft.resourcemanager.staging-dir", dir(dirName, "staging").toString());
    conf.put("weft.resourcemanager.store.dir", dir(dirName, "store").toString());
    conf.putIfAbsent("weft.resourcemanager.recovery.enabled", "true");
    rms[r] = launch("io.weft.rm.ResourceManagerMain", conf, dir(dirName), log);
    Process process = rms[r];
    // An HA RM may wait as a standby, or for ZooKeeper: it is up once its web server says which.
    await(rmName(r) + " (pid " + process.pid() + ") to " + (isHa() ? "answer /ws/v1/cluster/info" : "print '"
        + RM_READY + "'") + ", its log " + log).atMost(DAEMON_START).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> {
          String text = OsProcesses.readFrom(log, logOffset);
          if (!process.isAlive()) {
            throw new IllegalStateException(
                rmName(r) + " exited with " + process.exitValue() + " before it listened:\n" + text);
          }
          if (isHa()) {
            assertThat(haState(r)).isIn("ACTIVE", "STANDBY", "INITIALIZING");
          } else {
            assertThat(text).contains(RM_READY);
          }
        });
  }

  /**
   * What ResourceManager {@code r} says of itself in {@code /ws/v1/cluster/info}: its {@code haState}
   * (ACTIVE, STANDBY, INITIALIZING, ...), or UNREACHABLE when its web server does not answer.
   */
  public String haState(int r) {
    return RmHaStates.of(rmWebAddress(r));
  }

  /** Every RM's {@link #haState}, by id. */
  public Map<String, String> haStates() {
    Map<String, String> states = new TreeMap<>();
    for (int r = 0; r < rms.length; r++) {
      states.put(rmId(r), haState(r));
    }
    return states;
  }

  /** Waits until exactly one RM is ACTIVE and returns it. */
  public int awaitOneActive(Duration within) {
    int[] active = {-1};
    await("exactly one ResourceManager ACTIVE").atMost(within).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> {
          Map<String, String> states = haStates();
          assertThat(states.values()).as("HA states %s", states).containsOnlyOnce("ACTIVE");
          active[0] = rmIds().indexOf(states.entrySet().stream().filter(e -> e.getValue().equals("ACTIVE"))
              .findFirst().orElseThrow().getKey());
        });
    return active[0];
  }

  private String rmName(int r) {
    return isHa() ? "ResourceManager " + rmId(r) : "the RM";
  }

  /** kill -9 of the RM; returns once the process is gone. */
  public synchronized void killRm() {
    killRm(0);
  }

  /** kill -9 of ResourceManager {@code r}; returns once the process is gone. */
  public synchronized void killRm(int r) {
    OsProcesses.kill(rms[r], true, DAEMON_EXIT);
  }

  /** SIGTERM to the RM (its shutdown hook runs); returns once the process is gone. */
  public synchronized void stopRm() {
    OsProcesses.kill(rms[0], false, DAEMON_EXIT);
  }

  public synchronized boolean rmAlive() {
    return rmAlive(0);
  }

  public synchronized boolean rmAlive(int r) {
    return rms[r] != null && rms[r].isAlive();
  }

  public synchronized long rmPid() {
    return rms[0].pid();
  }

  public synchronized long rmPid(int r) {
    return rms[r].pid();
  }

  public HostPort rmAddress() {
    return rmAddress(0);
  }

  public HostPort rmAddress(int r) {
    return HostPort.parse(HOST + ":" + rmPorts[r], "RM address");
  }

  HostPort rmWebAddress() {
    return rmWebAddress(0);
  }

  HostPort rmWebAddress(int r) {
    return HostPort.parse(HOST + ":" + rmWebPorts[r], "RM web address");
  }

  public Path rmLogFile() {
    return rmLogFile(0);
  }

  public Path rmLogFile(int r) {
    return workDir.resolve(isHa() ? rmId(r) + ".log" : "rm.log");
  }

  String rmLog() {
    return rmLog(0);
  }

  String rmLog(int r) {
    return OsProcesses.readFrom(rmLogFile(r), 0);
  }

  // ---------------------------------------------------------------- NodeManagers

  /**
   * Starts NM {@code i} (again) on its ports and dirs; returns once it has logged its registration
   * with the RM and the RM lists it as RUNNING.
   */
  public synchronized void startNm(int i) {
    launchNm(i);
    awaitNodeRunning(i);
  }

  private void launchNm(int i) {
    if (nms[i] != null && nms[i].isAlive()) {
      throw new IllegalStateException("NM " + i + " is already running as pid " + nms[i].pid());
    }
    Map<String, String> conf = new LinkedHashMap<>(config);
    conf.put("weft.nodemanager.address", nodeId(i));
    conf.put("weft.nodemanager.webapp.address", HOST + ":" + nmWebPorts[i]);
    conf.putIfAbsent("weft.nodemanager.resource.memory-mb", "8192");
    conf.putIfAbsent("weft.nodemanager.resource.cpu-vcores", "8");
    conf.put("weft.nodemanager.local-dirs", dir("nm-" + i, "local").toString());
    conf.put("weft.nodemanager.log-dirs", dir("nm-" + i, "logs").toString());
    conf.put("weft.nodemanager.recovery.dir", dir("nm-" + i, "recovery").toString());
    conf.putIfAbsent("weft.nodemanager.recovery.enabled", "true");
    // As LocalCluster: no idle JVMs started ahead unless a test asks for them (docs/warm-jvms.md).
    conf.putIfAbsent("weft.nodemanager.warm-jvms.enabled", "false");
    // Containers are Weft JVMs too (AMs, executors): the test's class path has all of Weft on it.
    conf.put("weft.nodemanager.container-classpath", System.getProperty("java.class.path"));
    nmLogOffsets[i] = OsProcesses.size(nmLogFile(i));
    nms[i] = launch("io.weft.nm.NodeManagerMain", conf, dir("nm-" + i), nmLogFile(i));
  }

  /** kill -9 of NM {@code i}; returns once the process is gone. Its containers live on (own sessions). */
  public synchronized void killNm(int i) {
    OsProcesses.kill(nms[i], true, DAEMON_EXIT);
  }

  /** SIGTERM to NM {@code i}; returns once the process is gone. */
  public synchronized void stopNm(int i) {
    OsProcesses.kill(nms[i], false, DAEMON_EXIT);
  }

  public synchronized boolean nmAlive(int i) {
    return nms[i] != null && nms[i].isAlive();
  }

  /** The node id the RM knows NM {@code i} by: {@code 127.0.0.1:<its fixed port>}. */
  public String nodeId(int i) {
    return HOST + ":" + nmPorts[i];
  }

  public int nodeManagers() {
    return nodeManagers;
  }

  HostPort nmWebAddress(int i) {
    return HostPort.parse(HOST + ":" + nmWebPorts[i], "NM web address");
  }

  public Path nmLogFile(int i) {
    return workDir.resolve("nm-" + i + ".log");
  }

  /** Everything NM {@code i} has logged, across its restarts. */
  String nmLog(int i) {
    return OsProcesses.readFrom(nmLogFile(i), 0);
  }

  /** NM {@code i}'s container log root: {@code <it>/<app>/<container>/{stdout,stderr}}. */
  public Path nmLogDir(int i) {
    return workDir.resolve("nm-" + i).resolve("logs");
  }

  public Path nmLocalDir(int i) {
    return workDir.resolve("nm-" + i).resolve("local");
  }

  /** Returns once the RM lists every NM whose process is alive as RUNNING. */
  public void awaitNodesRunning() {
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
          assertThat(nodeStates()).as("node states at the RM").containsEntry(nodeId, NodeState.RUNNING);
        });
  }

  /** Every node the RM knows, by node id, with its state. */
  public Map<String, NodeState> nodeStates() {
    try (WeftClient client = client()) {
      Map<String, NodeState> states = new TreeMap<>();
      for (NodeReport node : client.getNodeReports()) {
        states.put(node.getNodeId().toString(), node.getNodeState());
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

  /** SIGSTOP to ResourceManager {@code r}. */
  synchronized void sigstopRm(int r) {
    OsProcesses.signal(rmProcess(r), "STOP");
  }

  /** SIGCONT to ResourceManager {@code r}. */
  synchronized void sigcontRm(int r) {
    OsProcesses.signal(rmProcess(r), "CONT");
  }

  private Process daemon(int index) {
    if (index < 0) {
      return rmProcess(0);
    }
    Process process = nms[index];
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("NM " + index + " is not running");
    }
    return process;
  }

  private Process rmProcess(int r) {
    Process process = rms[r];
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException(rmName(r) + " is not running");
    }
    return process;
  }

  // ---------------------------------------------------------------- clients

  /** What a client on this machine uses: the RM's address (every RM's, with HA) and the cluster's extra configuration. */
  public WeftConfig clientConfig() {
    return WeftConfig.of(config);
  }

  public WeftClient client() {
    return WeftClient.connect(clientConfig());
  }

  /** Runs {@code bin/weft <args>}'s client side against this cluster, in this JVM, capturing its output. */
  public CliRun cli(String... args) {
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
  public CompletableFuture<CliRun> cliInBackground(String... args) {
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
  public Map<String, Set<Long>> containerPids(int i) {
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
  public Map<String, Set<Long>> containerPids() {
    Map<String, Set<Long>> pids = new TreeMap<>();
    for (int i = 0; i < nodeManagers; i++) {
      pids.putAll(containerPids(i));
    }
    return pids;
  }

  /** Live processes whose working dir is inside the work dir, other than the daemons: containers, their children. */
  public List<ProcessHandle> strayProcesses() {
    Set<Long> daemons = new HashSet<>();
    synchronized (this) {
      started.forEach(p -> daemons.add(p.pid()));
    }
    return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
        .filter(p -> !daemons.contains(p.pid()))
        .filter(p -> OsProcesses.cwd(p).map(dir -> dir.startsWith(workDir)).orElse(false)).toList();
  }

  /** Daemon processes this cluster started that are still alive. */
  public synchronized List<ProcessHandle> liveDaemons() {
    return started.stream().filter(ProcessHandle::isAlive).toList();
  }

  public Path workDir() {
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

  public record CliRun(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}
