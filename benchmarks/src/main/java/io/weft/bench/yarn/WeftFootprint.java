package io.weft.bench.yarn;

import io.grpc.ManagedChannel;
import io.weft.client.WeftClient;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.bench.Daemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weft's side of the harness's footprint measurement ({@code Footprint --target daemons}): the RM and two
 * NMs each as a process of its own, started by {@code bin/weft resourcemanager} / {@code bin/weft nodemanager}
 * with JVM default flags (logging at WARN, as the harness's YARN daemons). Samples each daemon's VmRSS, VmHWM
 * and live heap after a full GC 15 s after both NMs registered, then runs {@code --apps} tiny applications
 * ({@code --concurrency} at a time; each asks for one 1 GB container that runs {@code true}, with its AM's work
 * done in this JVM: {@link DriverHostedAm}) and samples again 15 s after the last one finished. Figures:
 * {@code footprint.weft.idle.rm_rss}, …
 *
 * <p>Usage: {@code WeftFootprint [--apps 1000] [--concurrency 8] [--settle-ms 15000] [--work DIR]}; WEFT_HOME
 * names the installation whose {@code bin/weft} (or, from a source tree, the repository's) starts the daemons.
 */
public final class WeftFootprint {
  static final String PREFIX = "footprint.weft";

  private WeftFootprint() {}

  public static void main(String[] args) {
    try {
      run(args);
      System.exit(0);
    } catch (Throwable t) {
      t.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(String[] a) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i + 1 < a.length; i += 2) {
      o.put(a[i].replaceFirst("^--", ""), a[i + 1]);
    }
    int apps = Integer.parseInt(o.getOrDefault("apps", "1000"));
    int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "8"));
    long settleMs = Long.parseLong(o.getOrDefault("settle-ms", "15000"));
    Path work = Path.of(o.getOrDefault("work", "benchmarks/target/footprint-work")).toAbsolutePath();
    Files.createDirectories(work);
    Path launcher = Path.of("bin/weft").toAbsolutePath();

    List<Daemon> daemons = Collections.synchronizedList(new ArrayList<>());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(daemons), "stop-daemons"));
    try {
      HostPort rmAddress = new HostPort("127.0.0.1", Daemon.freePort());
      daemons.add(Daemon.start("rm", launcher, work, List.of("resourcemanager",
          "--conf", "weft.resourcemanager.address=" + rmAddress,
          "--conf", "weft.resourcemanager.webapp.address=127.0.0.1:0",
          "--conf", "weft.resourcemanager.staging-dir=" + work.resolve("rm-staging"),
          // The default durable store, started empty each run as YARN's RM is in the harness.
          "--conf", "weft.resourcemanager.store.dir=" + emptied(work.resolve("rm-state")))));
      for (int i = 1; i <= 2; i++) {
        Path dir = work.resolve("nm" + i);
        daemons.add(Daemon.start("nm" + i, launcher, work, List.of("nodemanager",
            "--conf", "weft.resourcemanager.address=" + rmAddress,
            "--conf", "weft.nodemanager.address=127.0.0.1:0",
            "--conf", "weft.nodemanager.webapp.address=127.0.0.1:0",
            "--conf", "weft.nodemanager.resource.memory-mb=16384",
            "--conf", "weft.nodemanager.resource.cpu-vcores=16",
            "--conf", "weft.nodemanager.local-dirs=" + dir.resolve("local"),
            "--conf", "weft.nodemanager.log-dirs=" + dir.resolve("logs"))));
      }
      try (WeftClient client = WeftClient.connect(rmAddress)) {
        awaitNodes(client, daemons);
        ResultLines.emitText(System.out, PREFIX + ".config.jvm_opts", "JVM-defaults-" + Runtime.version(), "");
        Thread.sleep(settleMs);
        sample(PREFIX + ".idle", daemons);

        long t0 = System.nanoTime();
        int ok = runTinyApps(client, rmAddress, work, apps, concurrency);
        double secs = (System.nanoTime() - t0) / 1e9;
        ResultLines.emit(System.out, PREFIX + ".tiny_apps_completed", ok, "apps");
        ResultLines.emit(System.out, PREFIX + ".tiny_apps_wall_time", secs, "s");
        ResultLines.emit(System.out, PREFIX + ".tiny_apps_per_s", ok / secs, "apps/s");
        Thread.sleep(settleMs);
        sample(PREFIX + ".after_" + ok + "_apps", daemons);
      }
    } finally {
      stopAll(daemons);
    }
  }

  private static Path emptied(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return dir;
  }

  private static void sample(String prefix, List<Daemon> daemons) throws IOException, InterruptedException {
    long total = 0;
    for (Daemon d : daemons) {
      long rss = Footprints.rssMib(d.pid());
      total += rss;
      ResultLines.emit(System.out, prefix + "." + d.name() + "_rss", rss, "MiB");
      ResultLines.emit(System.out, prefix + "." + d.name() + "_peak_rss", Footprints.peakRssMib(d.pid()), "MiB");
      ResultLines.emit(System.out, prefix + "." + d.name() + "_heap_used_after_full_gc",
          Footprints.heapAfterFullGcMib(d.pid()), "MiB");
    }
    ResultLines.emit(System.out, prefix + ".rm_plus_2nm_rss", total, "MiB");
  }

  /** Runs {@code apps} tiny applications, {@code concurrency} at a time; returns how many succeeded. */
  private static int runTinyApps(WeftClient client, HostPort rmAddress, Path work, int apps, int concurrency)
      throws Exception {
    Path handoff = Files.createDirectories(work.resolve("am-handoff"));
    ManagedChannel rm = Channels.forAddress(rmAddress);
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      DriverHostedAm tinyApp = new DriverHostedAm(client, rm, handoff);
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < apps; i++) {
        runs.add(pool.submit(() -> {
          try {
            (tinyApp.runOne() ? ok : failed).incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
            e.printStackTrace();
          }
        }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
      if (failed.get() > 0) {
        System.out.println("# tiny apps failed: " + failed.get());
      }
      return ok.get();
    } finally {
      pool.shutdownNow();
      Channels.close(rm);
    }
  }

  private static void awaitNodes(WeftClient client, List<Daemon> daemons) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      try {
        if (client.getClusterMetrics().getNumActiveNodeManagers() >= 2) {
          return;
        }
      } catch (RuntimeException e) {
        // the RM is still starting
      }
      for (Daemon d : daemons) {
        if (!d.process().isAlive()) {
          throw new IllegalStateException(d.name() + " exited with " + d.process().exitValue() + "; see " + d.log());
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("2 NodeManagers did not register within 120 s");
      }
      Thread.sleep(50);
    }
  }

  /** NodeManagers first, then the ResourceManager; each by SIGTERM to its own pid. */
  private static void stopAll(List<Daemon> daemons) {
    synchronized (daemons) {
      for (int i = daemons.size() - 1; i >= 0; i--) {
        daemons.get(i).stop();
      }
      daemons.clear();
    }
  }
}
