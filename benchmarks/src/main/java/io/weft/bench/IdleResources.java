package io.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationResourceUsageReport;
import io.weft.client.submit.ClusterModeSubmitter;
import io.weft.client.submit.SubmitOptions;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.AppMasterArgs.DeployMode;
import io.weft.common.lifecycle.Poll;
import io.weft.dist.LocalCluster;
import io.weft.examples.IdleGapJob;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 19's figure: the cluster resources an application holds while its driver is idle, with dynamic allocation
 * and without, in one run on one {@link LocalCluster} (containers are real processes). Each side runs
 * {@link IdleGapJob} (40 tasks of 500 ms, then an idle gap) in cluster mode with 4 executors at most; once its first
 * job has ended (the driver's REST says so) the RM's resource report is read every 100 ms for
 * {@code idle timeout + 10 s}: the memory and containers held then, and, with dynamic allocation, how long after the
 * job ended the application held its AM's container alone.
 *
 * <p>Usage: {@code IdleResources [idle-timeout-seconds]} (default 10).
 */
public final class IdleResources {
  private static final int MAX_EXECUTORS = 4;
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private IdleResources() {}

  public static void main(String[] args) throws Exception {
    int idleSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Path workDir = Files.createTempDirectory("weft-bench-idle-");
    Path jar = Path.of(IdleGapJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    System.out.printf("machine: %d cores, java %s; executors of 512 MB heap, at most %d; idle timeout %d s; "
        + "work dir %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        MAX_EXECUTORS, idleSeconds, workDir);
    try (LocalCluster cluster = LocalCluster.builder(workDir).nodeManagers(2).nodeMemoryMb(8192).nodeVcores(4)
        .config(WeftConfig.empty()).build()) {
      cluster.start();
      try (WeftClient client = WeftClient.connect(cluster.clientConfig())) {
        Map<String, String> fixed = Map.of("weft.executor.instances", Integer.toString(MAX_EXECUTORS));
        Map<String, String> dynamic = Map.of("weft.dynamicAllocation.enabled", "true",
            "weft.dynamicAllocation.maxExecutors", Integer.toString(MAX_EXECUTORS),
            "weft.dynamicAllocation.executorIdleTimeout", idleSeconds + "s");
        measure(client, jar, workDir, "fixed executors", fixed, Duration.ofSeconds(idleSeconds + 10));
        measure(client, jar, workDir, "dynamic allocation", dynamic, Duration.ofSeconds(idleSeconds + 10));
      }
    }
  }

  private static void measure(WeftClient client, Path jar, Path workDir, String side, Map<String, String> conf,
      Duration watch) throws Exception {
    Path gate = workDir.resolve(side.replace(' ', '-') + "-gate");
    ApplicationId app = new ClusterModeSubmitter(client, new PrintStream(OutputStream.nullOutputStream()))
        .submit(new SubmitOptions("weft", DeployMode.CLUSTER, IdleGapJob.class.getName(), "idle-" + side, "default",
            MAX_EXECUTORS, 512, 1, 512, 1, conf, jar, List.of(gate.toString(), "40", "500")));
    String ui = awaitFirstJobEnded(client, app);
    long idleSince = System.nanoTime();
    Map<Long, ApplicationResourceUsageReport> samples = new LinkedHashMap<>();
    Poll.until(() -> { // a sample every 100 ms for the watched time
      long sinceMs = (System.nanoTime() - idleSince) / 1_000_000;
      samples.put(sinceMs, client.getApplicationReport(app).getApplicationResourceUsageReport());
      return sinceMs >= watch.toMillis() ? Optional.of(true) : Optional.empty();
    }, Duration.ofMillis(100), null);
    ApplicationResourceUsageReport busiest = samples.values().stream()
        .max(Comparator.comparingInt(ApplicationResourceUsageReport::getNumUsedContainers)).orElseThrow();
    Optional<Long> aloneSince = amAloneSince(samples);
    ApplicationResourceUsageReport last = samples.values().stream().reduce((a, b) -> b).orElseThrow();
    System.out.printf("%s: when the first job ended %d containers, %d MB; after %d s idle %d containers, %d MB; "
        + "AM alone %s%n", side, busiest.getNumUsedContainers(), busiest.getUsedResources().memoryMb(),
        watch.toSeconds(), last.getNumUsedContainers(), last.getUsedResources().memoryMb(),
        aloneSince.map(ms -> ms + " ms after the job ended (" + ui + ")").orElse("never while watched"));
    Files.createFile(gate);
    client.watch(app, report -> { });
  }

  /** From when on (ms since the job ended) every sample shows the AM's container alone. */
  private static Optional<Long> amAloneSince(Map<Long, ApplicationResourceUsageReport> samples) {
    Long since = null;
    for (var sample : samples.entrySet()) {
      since = sample.getValue().getNumUsedContainers() == 1 ? (since == null ? sample.getKey() : since) : null;
    }
    return Optional.ofNullable(since);
  }

  /** The tracking URL, once the driver's REST reports its first job SUCCEEDED. */
  private static String awaitFirstJobEnded(WeftClient client, ApplicationId app) throws InterruptedException {
    return DriverRest.await(client, app, "api/v1/jobs", (url, jobs) -> {
      for (JsonNode job : jobs) {
        if (job.path("status").asText().equals("SUCCEEDED")) {
          return Optional.of(url);
        }
      }
      return Optional.empty();
    }, TIMEOUT, "did not end its first job");
  }
}
