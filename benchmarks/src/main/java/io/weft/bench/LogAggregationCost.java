package io.weft.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.client.WeftClient;
import io.weft.client.cli.CliContext;
import io.weft.client.cli.WeftCli;
import io.weft.common.id.ApplicationId;
import io.weft.common.lifecycle.Poll;
import io.weft.common.logstore.StoredFile;
import io.weft.dist.LocalCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost of log aggregation: a distributed shell of N containers (default 100) each writing M MB (default 10) of
 * log lines to stdout runs on a {@link LocalCluster} (two NodeManagers, the history server in this JVM); measured
 * from the RM's finish time to the REST logAggregationStatus SUCCEEDED (polled every 50 ms, so up to 50 ms late),
 * and the CPU time of the NodeManagers' upload threads ({@code nm-log-aggregation-*}, gzip and gRPC client) and of
 * this whole process (upload, the history server's writes, RM, NMs) over that time.
 *
 * <p>Usage: {@code LogAggregationCost [containers] [MB per container]}.
 */
public final class LogAggregationCost {
  private static final Pattern SUBMITTED = Pattern.compile("Submitted application (application_\\d+_\\d+)");

  private LogAggregationCost() {}

  public static void main(String[] args) throws Exception {
    int containers = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int mb = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path workDir = Files.createTempDirectory("weft-bench-logs-");
    System.out.printf("machine: %d cores, java %s; %d containers x %d MB of logs; work dir %s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), containers, mb, workDir);
    // Lines of a counter and the same text: more compressible than most real logs (the output says how much).
    String command = "seq -f '%012g INFO some.component.Worker - processed record; state=ok elapsed_ms=17' 1 "
        + (mb * 1024L * 1024 / 70 + 1) + " | head -c " + (mb * 1024L * 1024);
    try (LocalCluster cluster = LocalCluster.builder(workDir).nodeManagers(2)
        .nodeMemoryMb((containers / 2 + 1) * 128L + 2048).nodeVcores(containers / 2 + 4).build()) {
      cluster.start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int exit = new WeftCli(new CliContext(cluster.clientConfig(), new PrintStream(out, true, StandardCharsets.UTF_8),
          System.err)).run("distributed-shell", "--num-containers", Integer.toString(containers),
          "--container-memory", "128m", "--shell-command", command);
      String printed = out.toString(StandardCharsets.UTF_8);
      Matcher m = SUBMITTED.matcher(printed);
      if (exit != 0 || !m.find()) {
        throw new IllegalStateException("the distributed shell failed (exit " + exit + "):\n" + printed);
      }
      ApplicationId app = ApplicationId.parse(m.group(1));
      long uploadCpuBefore = uploadThreadsCpuNanos();
      long processCpuBefore = processCpuNanos();
      long finished;
      try (WeftClient client = WeftClient.connect(cluster.clientConfig())) {
        finished = client.getApplicationReport(app).getFinishTime();
      }
      HttpClient http = HttpClient.newHttpClient();
      URI rest = URI.create("http://" + cluster.rmWebAddress() + "/ws/v1/cluster/apps/" + app);
      ObjectMapper json = new ObjectMapper();
      // polled every 50 ms on a scheduler (Poll), for at most 10 minutes
      Ended ended = Poll.until(() -> {
        String now = aggregationStatus(http, rest, json);
        return now.equals("SUCCEEDED") || now.equals("FAILED")
            ? Optional.of(new Ended(now, System.currentTimeMillis())) : Optional.<Ended>empty();
      }, Duration.ofMillis(50), Duration.ofMinutes(10))
          .orElseGet(() -> new Ended(aggregationStatus(http, rest, json), System.currentTimeMillis()));
      String status = ended.status();
      long seenAt = ended.at();
      long uploadCpu = uploadThreadsCpuNanos() - uploadCpuBefore;
      long processCpu = processCpuNanos() - processCpuBefore;
      long stored = 0;
      for (StoredFile f : cluster.historyServer().store().list(app)) {
        stored += f.length();
      }
      System.out.printf("logAggregationStatus %s %d ms after FINISHED; %d MB of logs stored as %.1f MB; CPU over "
          + "that time: upload threads %d ms, whole process (NMs, history server, RM) %d ms%n", status,
          seenAt - finished, (long) containers * mb, stored / 1024.0 / 1024.0, uploadCpu / 1_000_000,
          processCpu / 1_000_000);
      System.out.println("(the upload threads' CPU counts only the uploads that started after the shell returned; "
          + "uploads run when each node's last container is done, which can be before the RM's FINISHED)");
    }
  }

  /** The aggregation status REST reported, and when it was seen. */
  private record Ended(String status, long at) {}

  private static String aggregationStatus(HttpClient http, URI rest, ObjectMapper json) {
    try {
      return json.readTree(http.send(HttpRequest.newBuilder(rest).build(), HttpResponse.BodyHandlers.ofString())
          .body()).path("app").path("logAggregationStatus").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + rest + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + rest, e);
    }
  }

  private static long uploadThreadsCpuNanos() {
    return ThreadCpu.nanos(name -> name.startsWith("nm-log-aggregation-"));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
