package io.weft.bench;

import io.weft.client.WeftClient;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.HostPort;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import io.weft.common.security.MasterKey;
import io.weft.rm.app.AppState;
import io.weft.rm.app.ApplicationSubmission;
import io.weft.rm.app.AttemptState;
import io.weft.rm.app.FinalStatus;
import io.weft.rm.container.Allocation;
import io.weft.rm.store.ApplicationRecord;
import io.weft.rm.store.AttemptRecord;
import io.weft.rm.store.RmIdentity;
import io.weft.rm.store.StateStore;
import io.weft.rm.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * How long a restarted RM takes to serve again with many applications in its store: the store is filled
 * with {@code --apps} ended applications (each with its attempt), then {@code bin/weft resourcemanager} is
 * started on it {@code --runs} times, each a new process, timed from the process start until it prints
 * that it listens (recovery included: it loads the store before it serves), and until a client has
 * listed every application.
 *
 * <p>Usage: {@code RmStartWithStore [--apps 10000] [--runs 5]}, from the repository root after a build.
 */
public final class RmStartWithStore {
  private static final long TIMESTAMP = 1_700_000_000_000L;

  private RmStartWithStore() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int apps = Integer.parseInt(o.getOrDefault("apps", "10000"));
    int runs = Integer.parseInt(o.getOrDefault("runs", "5"));
    Path work = Files.createTempDirectory("weft-bench-rm-start-");
    Path storeDir = work.resolve("rm-state");
    long fillStart = System.nanoTime();
    fill(storeDir, apps);
    System.out.printf("# filled the store with %d applications in %.1f s%n", apps,
        (System.nanoTime() - fillStart) / 1e9);
    List<Double> serving = new ArrayList<>();
    List<Double> listed = new ArrayList<>();
    Path launcher = Path.of("bin/weft").toAbsolutePath();
    for (int run = 1; run <= runs; run++) {
      int port = Daemon.freePort();
      long t0 = System.nanoTime();
      Daemon rm = Daemon.start("rm-" + run, launcher, work, List.of("resourcemanager",
          "--conf", "weft.resourcemanager.address=127.0.0.1:" + port,
          "--conf", "weft.resourcemanager.webapp.address=127.0.0.1:0",
          "--conf", "weft.resourcemanager.staging-dir=" + work.resolve("rm-staging"),
          "--conf", "weft.resourcemanager.max-completed-applications=" + apps,
          "--conf", "weft.resourcemanager.store.dir=" + storeDir));
      try {
        FileEvents.awaitInDirectory(work, () -> {
          if (!rm.process().isAlive()) {
            throw new IllegalStateException("the RM exited with " + rm.process().exitValue() + "; see " + rm.log());
          }
          return Files.exists(rm.log()) && Files.readString(rm.log()).contains("ResourceManager listening on");
        }, Duration.ofMinutes(2), "the ResourceManager listening");
        double servingMs = (System.nanoTime() - t0) / 1e6;
        int count;
        try (WeftClient client = WeftClient.connect(new HostPort("127.0.0.1", port))) {
          count = client.getApplications().size();
        }
        double listedMs = (System.nanoTime() - t0) / 1e6;
        System.out.printf("# run %d: serving after %.0f ms, %d applications listed after %.0f ms%n", run, servingMs,
            count, listedMs);
        if (count != apps) {
          throw new IllegalStateException("the RM listed " + count + " applications, expected " + apps);
        }
        serving.add(servingMs);
        listed.add(listedMs);
      } finally {
        rm.stop();
      }
    }
    Stats.emit("rm_start.serving_ms", serving, "ms");
    Stats.emit("rm_start.all_listed_ms", listed, "ms");
    System.exit(0);
  }

  private static void fill(Path storeDir, int apps) {
    try (StateStore store = StateStores.open(WeftConfig.of(Map.of("weft.resourcemanager.store.dir",
        storeDir.toString())))) {
      store.load();
      store.storeIdentity(new RmIdentity(TIMESTAMP, 0, MasterKey.generate(), MasterKey.generate(), Instant.now()));
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      Instant t = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 1; i <= apps; i++) {
        ApplicationId id = new ApplicationId(TIMESTAMP, i);
        ApplicationSubmission submission = new ApplicationSubmission(id, "app-" + i, "default", "alice", "WEFT",
            List.of("bench"), 0, Resource.of(1024, 1), 2, new byte[200]);
        Instant submitted = t.plusSeconds(i);
        writes.add(store.storeApplication(ApplicationRecord.submitted(submission, submitted)
            .ended(AppState.FINISHED, FinalStatus.SUCCEEDED, "", submitted.plusSeconds(5))));
        ApplicationAttemptId attempt = new ApplicationAttemptId(id, 1);
        Allocation am = new Allocation(new ContainerId(attempt, 1), new NodeId("n1", 8041), "n1:8042",
            Resource.of(1024, 1), 0, 0, "alice");
        writes.add(store.storeAttempt(new AttemptRecord(attempt, submitted, AttemptState.FINISHED, am, "n1", 0,
            "http://n1:4040", "", 0, submitted.plusSeconds(5))));
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }
  }
}
