package io.weft.bench;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.FileLogStore;
import io.weft.driver.eventlog.EventLogWriter;
import io.weft.driver.eventlog.EventLogs;
import io.weft.driver.status.DriverEvent;
import io.weft.history.HistoryKeys;
import io.weft.history.HistoryServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 16's history-server figure: the heap of a history server that retains N finished applications (default
 * 1,000), each with an event log of 2 jobs of 3 stages of 100 tasks and 2 executors, written by the driver's own
 * {@link EventLogWriter}. Measured after a full GC: with the logs on disk only, after the listing was served, and
 * after the UIs of 100 applications were opened (the cache keeps {@code weft.historyserver.cache.max-applications},
 * 50 by default).
 *
 * <p>Usage: {@code HistoryServerMemory [applications]}.
 */
public final class HistoryServerMemory {
  private static final int TASKS_PER_STAGE = 100;

  private HistoryServerMemory() {}

  public static void main(String[] args) throws Exception {
    int applications = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path dir = Files.createTempDirectory("weft-bench-history");
    FileLogStore store = new FileLogStore(dir);
    long written = System.nanoTime();
    for (int i = 1; i <= applications; i++) {
      writeEventLog(store, new ApplicationId(1_700_000_000_000L, i));
    }
    System.out.printf(Locale.ROOT, "wrote %,d event logs (%,d tasks each) in %.1f s, %,d KB on disk%n", applications,
        2 * 3 * TASKS_PER_STAGE, (System.nanoTime() - written) / 1e9, sizeOf(dir) / 1024);
    long base = heapAfterGc();
    try (HistoryServer server = new HistoryServer(WeftConfig.empty()
        .with(CommonKeys.HISTORY_ADDRESS, "127.0.0.1:0").with(CommonKeys.HISTORY_WEBAPP_ADDRESS, "127.0.0.1:0")
        .with(HistoryKeys.DIR, dir.toString()))) {
      server.start();
      String web = "http://" + server.webAddress();
      HttpClient http = HttpClient.newHttpClient();
      long listed = System.nanoTime();
      get(http, web + "/");
      get(http, web + "/api/v1/applications");
      System.out.printf(Locale.ROOT, "listing of %,d applications served in %.2f s (the first time)%n", applications,
          (System.nanoTime() - listed) / 1e9);
      long afterListing = heapAfterGc();
      long opened = System.nanoTime();
      for (int i = 1; i <= 100; i++) {
        get(http, web + "/history/" + new ApplicationId(1_700_000_000_000L, i) + "/jobs");
      }
      System.out.printf(Locale.ROOT, "100 finished applications' jobs pages opened in %.1f s%n",
          (System.nanoTime() - opened) / 1e9);
      long afterUis = heapAfterGc();
      System.out.printf(Locale.ROOT, "history server heap over the JVM's own after GC: %.1f MB with the %,d logs "
          + "listed, %.1f MB after 100 applications' UIs were opened (50 kept in the cache)%n",
          (afterListing - base) / 1048576.0, applications, (afterUis - base) / 1048576.0);
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }

  private static void writeEventLog(FileLogStore store, ApplicationId app) {
    EventLogWriter writer = new EventLogWriter(() -> store, store.root().toString(), Clock.systemUTC());
    EventLogs.start(writer, app.toString(), "bench " + app.sequence(), "bench", Map.of("weft.executor.instances",
        "2"), List.of());
    Instant t = Instant.parse("2026-12-01T00:00:00Z");
    writer.onEvent(new DriverEvent.ExecutorAdded("1", "node-1", 2, "", t));
    writer.onEvent(new DriverEvent.ExecutorAdded("2", "node-2", 2, "", t));
    long taskId = 0;
    int stageId = 0;
    for (int job = 0; job < 2; job++) {
      writer.onEvent(new DriverEvent.JobStarted(job, "count at Bench.java:" + job, t));
      for (int stage = 0; stage < 3; stage++, stageId++) {
        List<Integer> parents = stage == 0 ? List.of() : List.of(stageId - 1);
        writer.onEvent(new DriverEvent.StageSubmitted(job, stageId, 0, stage == 2 ? "ResultStage" : "ShuffleMapStage",
            TASKS_PER_STAGE, 1 << 20, parents, "map at Bench.java:" + stage, t));
        for (int partition = 0; partition < TASKS_PER_STAGE; partition++, taskId++) {
          writer.onEvent(new DriverEvent.TaskStarted(taskId, stageId, 0, partition, 0, partition % 2 == 0 ? "1" : "2",
              t));
          writer.onEvent(new DriverEvent.TaskEnded(taskId, "",
              new DriverEvent.TaskMetrics(40 + partition, partition % 7, 10_000, 8_000, 1_000, 900), t.plusMillis(50)));
        }
        writer.onEvent(new DriverEvent.StageEnded(stageId, 0, 800_000, "", t.plusSeconds(1)));
      }
      writer.onEvent(new DriverEvent.JobEnded(job, "", t.plusSeconds(2)));
    }
    writer.close();
  }

  private static void get(HttpClient http, String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static long heapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long sizeOf(Path dir) throws Exception {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
