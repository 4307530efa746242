package io.weft.bench;

import io.weft.client.WeftClient;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.dist.EmbeddedZooKeeper;
import io.weft.dist.RmHaStates;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * ResourceManager failover with the default settings: an embedded ZooKeeper, two RMs in HA and two
 * NMs, each a process of its own ({@code bin/weft}), and a client-mode job of many short tasks running
 * throughout. Each round kills the active RM with {@code kill -9} and measures
 * <ul>
 *   <li>failover time: the kill until the first client call answered (a fresh {@link WeftClient} that
 *       knows both RMs asks for the cluster's applications, failing over by itself);</li>
 *   <li>the job's pause: the first task finish after the kill minus the last one before it;</li>
 * </ul>
 * then starts the killed RM again as the standby for the next round.
 *
 * <p>Usage: {@code RmFailover [--rounds 10] [--tasks 6000] [--task-ms 50] [--zk-timeout-ms N] [--work DIR]}, from the
 * repository root after a build.
 */
public final class RmFailover {
  private static final String PREFIX = "rm_failover";
  private static final List<String> IDS = List.of("rm1", "rm2");
  private static final Duration RM_WAIT = Duration.ofMinutes(2);

  private RmFailover() {}

  public static void main(String[] args) throws Exception {
    int rounds = 10;
    int tasks = 6000;
    int taskMs = 50;
    String zkTimeoutMs = ""; // empty = the default of weft.resourcemanager.zk-timeout-ms
    Path work = Files.createTempDirectory("weft-bench-failover");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--tasks" -> tasks = Integer.parseInt(args[i + 1]);
        case "--task-ms" -> taskMs = Integer.parseInt(args[i + 1]);
        case "--work" -> work = Files.createDirectories(Path.of(args[i + 1]));
        case "--zk-timeout-ms" -> zkTimeoutMs = args[i + 1];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path launcher = Path.of("bin/weft").toAbsolutePath();
    List<RmEndpoints.Endpoint> endpoints = new ArrayList<>();
    for (String id : IDS) {
      endpoints.add(new RmEndpoints.Endpoint(id, new HostPort("127.0.0.1", Daemon.freePort()),
          new HostPort("127.0.0.1", Daemon.freePort())));
    }
    Map<String, String> ha = new LinkedHashMap<>(RmEndpoints.haKeys(endpoints));
    Map<String, HostPort> webs = new LinkedHashMap<>();
    endpoints.forEach(rm -> webs.put(rm.id(), rm.web()));
    ha.put("weft.resourcemanager.cluster-id", "bench-failover");
    if (!zkTimeoutMs.isEmpty()) {
      ha.put("weft.resourcemanager.zk-timeout-ms", zkTimeoutMs);
    }
    List<Double> failovers = new ArrayList<>();
    List<Double> pauses = new ArrayList<>();
    Map<String, Daemon> rms = new LinkedHashMap<>();
    List<Daemon> nms = new ArrayList<>();
    try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(work.resolve("zookeeper"), Daemon.freePort())) {
      ha.put("weft.resourcemanager.zk-address", zk.connectString());
      try {
        for (String id : IDS) {
          rms.put(id, startRm(launcher, work, ha, id));
        }
        for (int i = 1; i <= 2; i++) {
          Path dir = work.resolve("nm" + i);
          List<String> nmArgs = new ArrayList<>(List.of("nodemanager",
              "--conf", "weft.nodemanager.address=127.0.0.1:" + Daemon.freePort(),
              "--conf", "weft.nodemanager.webapp.address=127.0.0.1:0",
              "--conf", "weft.nodemanager.local-dirs=" + dir.resolve("local"),
              "--conf", "weft.nodemanager.log-dirs=" + dir.resolve("logs"),
              "--conf", "weft.nodemanager.recovery.dir=" + dir.resolve("recovery")));
          ha.forEach((k, v) -> nmArgs.addAll(List.of("--conf", k + "=" + v)));
          nms.add(Daemon.start("nm" + i, launcher, work, nmArgs));
        }
        String active = RmHaStates.await(webs, "ACTIVE", RM_WAIT);
        Path ticks = Files.createFile(work.resolve("ticks.txt"));
        WeftConf conf = new WeftConf(false).setMaster("weft").setAppName("RmFailover")
            .set("weft.jars", benchmarksJar().toString()).set("weft.executor.instances", "2")
            .set("weft.executor.memory", "256m");
        ha.forEach(conf::set);
        String tickFile = ticks.toString();
        int ms = taskMs;
        int count = tasks;
        CompletableFuture<Void> job = CompletableFuture.runAsync(() -> {
          try (WeftContext context = new WeftContext(conf)) {
            context.parallelize(IntStream.range(0, count).boxed().toList(), count).foreach(i -> RmRestartPause.tick(tickFile, ms));
          }
        });
        awaitLines(ticks, 100, job);
        for (int round = 1; round <= rounds; round++) {
          long killedAtMs = System.currentTimeMillis();
          long killed = System.nanoTime();
          rms.get(active).kill();
          try (WeftClient client = WeftClient.connect(WeftConfig.of(ha))) {
            client.getApplications();
          }
          double failoverMs = (System.nanoTime() - killed) / 1e6;
          String successor = RmHaStates.await(without(webs, active), "ACTIVE", RM_WAIT);
          failovers.add(failoverMs);
          String pause = "";
          if (!job.isDone()) {
            awaitLinesAfter(ticks, killedAtMs, job);
            double pauseMs = pause(ticks, killedAtMs);
            pauses.add(pauseMs);
            pause = String.format(", job pause %.0f ms", pauseMs);
          }
          System.out.printf("# round %d: %s killed, %s active; first client call answered after %.0f ms%s%n", round,
              active, successor, failoverMs, pause);
          rms.put(active, startRm(launcher, work, ha, active));
          RmHaStates.await(Map.of(active, webs.get(active)), "STANDBY", RM_WAIT);
          active = successor;
        }
        job.cancel(true);
      } finally {
        nms.forEach(Daemon::stop);
        rms.values().forEach(Daemon::stop);
      }
    }
    Stats.emit(PREFIX + ".kill9_to_first_client_call_ms", failovers, "ms");
    if (!pauses.isEmpty()) {
      Stats.emit(PREFIX + ".job_pause_ms", pauses, "ms");
    }
    System.exit(0);
  }

  private static Daemon startRm(Path launcher, Path work, Map<String, String> ha, String id) throws IOException {
    List<String> args = new ArrayList<>(List.of("resourcemanager", "--conf", "weft.resourcemanager.ha.id=" + id,
        "--conf", "weft.resourcemanager.staging-dir=" + work.resolve(id + "-staging")));
    ha.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    return Daemon.start(id, launcher, work, args);
  }

  private static Map<String, HostPort> without(Map<String, HostPort> rms, String id) {
    Map<String, HostPort> others = new LinkedHashMap<>(rms);
    others.remove(id);
    return others;
  }

  private static List<Long> finishes(Path ticks) throws IOException {
    return Files.readAllLines(ticks).stream().filter(l -> !l.isBlank()).map(Long::parseLong).sorted().toList();
  }

  private static double pause(Path ticks, long killedAtMs) throws IOException {
    List<Long> finishes = finishes(ticks);
    long before = finishes.stream().filter(t -> t <= killedAtMs).reduce((a, b) -> b).orElse(killedAtMs);
    long after = finishes.stream().filter(t -> t > killedAtMs).findFirst().orElseThrow();
    return after - before;
  }

  private static void awaitLines(Path ticks, int lines, CompletableFuture<Void> job) throws Exception {
    FileEvents.awaitInDirectory(ticks.getParent(), () -> {
      if (job.isCompletedExceptionally()) {
        job.join();
      }
      return finishes(ticks).size() >= lines;
    }, Duration.ofMinutes(5), lines + " task finishes");
  }

  private static void awaitLinesAfter(Path ticks, long sinceMs, CompletableFuture<Void> job) throws Exception {
    FileEvents.awaitInDirectory(ticks.getParent(), () -> {
      if (job.isCompletedExceptionally()) {
        job.join();
      }
      return finishes(ticks).stream().anyMatch(t -> t > sinceMs);
    }, Duration.ofMinutes(5), "a task finish after the failover");
  }

  private static Path benchmarksJar() {
    return Path.of("benchmarks/target/weft-benchmarks-0.1.0-SNAPSHOT.jar").toAbsolutePath();
  }
}
