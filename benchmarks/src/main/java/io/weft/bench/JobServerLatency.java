package io.weft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.submit.ClusterModeSubmitter;
import io.weft.client.submit.SubmitOptions;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.AppMasterArgs.DeployMode;
import io.weft.common.lifecycle.Poll;
import io.weft.common.web.Json;
import io.weft.dist.LocalCluster;
import io.weft.jobserver.server.JobServerMain;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Issue 19's figure: the latency of a small job ({@link SmallJob}) submitted to a warm job server against
 * {@code weft submit --deploy-mode cluster} of the same job, both on one {@link LocalCluster} (RM and NMs in this
 * JVM, containers real processes) in one run. Warm: from {@code POST /jobs} until {@code GET /jobs/<id>} says
 * SUCCEEDED (asked every 5 ms), for a class on the server's class path and for an isolated job whose jar is
 * uploaded. Cold: from the submission until the RM reports FINISHED. Both with 2 executors.
 *
 * <p>Usage: {@code JobServerLatency [runs]} (default 5).
 */
public final class JobServerLatency {
  private static final int EXECUTORS = 2;
  private static final int EXECUTOR_HEAP_MB = 256;
  private static final int DRIVER_HEAP_MB = 256;
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

  private JobServerLatency() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path workDir = Files.createTempDirectory("weft-bench-jobserver-");
    Path benchJar = Path.of(SmallJob.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path serverJar = Path.of(JobServerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    System.out.printf("machine: %d cores, java %s; runs=%d, %d executors; work dir %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), runs, EXECUTORS, workDir);
    try (LocalCluster cluster = LocalCluster.builder(workDir).nodeManagers(2).nodeMemoryMb(4096).nodeVcores(6)
        .config(WeftConfig.empty()).build()) {
      cluster.start();
      try (WeftClient client = WeftClient.connect(cluster.clientConfig())) {
        List<Double> cold = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
          cold.add((double) submitCold(client, benchJar));
          System.out.printf("  weft submit run %d: %.0f ms%n", i + 1, cold.get(i));
        }
        ApplicationId server = submit(client, JobServerMain.class.getName(), serverJar, "bench-jobserver");
        String driver = awaitDriverUrl(client, server);
        HttpClient http = HttpClient.newHttpClient();
        runJob(http, driver, json(SmallJob.class.getName()), "application/json", ""); // the first job loads classes
        List<Double> warm = new ArrayList<>();
        List<Double> isolated = new ArrayList<>();
        byte[] jar = Files.readAllBytes(benchJar);
        for (int i = 0; i < runs; i++) {
          warm.add((double) runJob(http, driver, json(SmallJob.class.getName()), "application/json", ""));
          isolated.add((double) runJob(http, driver, jar, "application/java-archive",
              "?isolated=true&className=" + SmallJob.class.getName()));
          System.out.printf("  job server run %d: %.0f ms (class path), %.0f ms (isolated, %d KB jar uploaded)%n",
              i + 1, warm.get(i), isolated.get(i), jar.length / 1024);
        }
        client.killApplication(server);
        System.out.println("weft submit (cluster mode), submit -> FINISHED: " + Stats.summary(cold, "ms"));
        System.out.println("warm job server, POST /jobs -> SUCCEEDED (class on the server): "
            + Stats.summary(warm, "ms"));
        System.out.println("warm job server, POST /jobs -> SUCCEEDED (isolated, jar uploaded): "
            + Stats.summary(isolated, "ms"));
        Stats.emit("submit_cluster_mode", cold, "ms");
        Stats.emit("jobserver_warm", warm, "ms");
        Stats.emit("jobserver_warm_isolated", isolated, "ms");
        System.out.printf("median ratio, weft submit / warm job server: %.1fx (isolated: %.1fx)%n",
            median(cold) / median(warm), median(cold) / median(isolated));
      }
    }
  }

  private static long submitCold(WeftClient client, Path jar) {
    long start = System.nanoTime();
    ApplicationId id = submit(client, SmallJob.class.getName(), jar, "bench-small-job");
    ApplicationReport last = client.watch(id, report -> { });
    if (last.getFinalApplicationStatus() != FinalApplicationStatus.SUCCEEDED) {
      throw new IllegalStateException(id + " ended " + last.getFinalApplicationStatus() + ": " + last.getDiagnostics());
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static ApplicationId submit(WeftClient client, String mainClass, Path jar, String name) {
    SubmitOptions options = new SubmitOptions("weft", DeployMode.CLUSTER, mainClass, name, "default", EXECUTORS,
        EXECUTOR_HEAP_MB, 1, DRIVER_HEAP_MB, 1, Map.of(), jar, List.of());
    return new ClusterModeSubmitter(client, new PrintStream(OutputStream.nullOutputStream())).submit(options);
  }

  /** The driver's own URL, once the job server answers its status with both executors registered. */
  private static String awaitDriverUrl(WeftClient client, ApplicationId id) throws InterruptedException {
    return DriverRest.await(client, id, "driver/status", (url, status) -> status.path("executors").size() == EXECUTORS
        ? Optional.of(status.path("url").asText()) : Optional.empty(), JOB_TIMEOUT,
        "(the job server) did not answer with " + EXECUTORS + " executors");
  }

  /** Submits one job and answers the ms until it SUCCEEDED. */
  private static long runJob(HttpClient http, String driver, byte[] body, String type, String query)
      throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(driver + "jobs" + query))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("POST /jobs answered " + created.statusCode() + ": " + created.body());
    }
    String id = Json.read(created.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();
    JsonNode job = Poll.until(() -> {
      try {
        JsonNode now = Json.read(http.send(HttpRequest.newBuilder(URI.create(driver + "jobs/" + id)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray()).body());
        return now.path("state").asText().matches("SUCCEEDED|FAILED|CANCELLED") ? Optional.of(now) : Optional.empty();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }, Duration.ofMillis(5), JOB_TIMEOUT).orElseThrow(() -> new IllegalStateException("job " + id + " did not end"));
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (!job.path("state").asText().equals("SUCCEEDED")) {
      throw new IllegalStateException("job " + id + " ended " + job);
    }
    return ms;
  }

  private static byte[] json(String className) {
    return ("{\"className\": \"" + className + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
