package io.weft.dist;

import io.weft.client.WeftClient;
import io.weft.client.cli.CliContext;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.YarnApplicationState;
import io.weft.client.submit.ClusterModeSubmitter;
import io.weft.client.submit.SubmitOptions;
import io.weft.common.config.KeyValues;
import io.weft.common.config.MemorySize;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.AppMasterArgs.DeployMode;
import io.weft.common.lifecycle.Poll;
import io.weft.common.rpc.WeftException;
import io.weft.driver.DriverKeys;
import io.weft.jobserver.server.JobServerMain;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft jobserver}: submits a cluster-mode application whose driver is the job server (the same path as
 * {@code weft submit --deploy-mode cluster}), waits until it runs and answers, and prints its id and URLs. The
 * application lives on: stop it with {@code weft application -kill}, or let {@code weft.driver.idleTimeout} end it.
 */
@Command(name = "jobserver", mixinStandardHelpOptions = true,
    description = "Start a job server: a long-lived driver that runs jobs submitted over REST (docs/jobserver.md).")
public final class JobServerCommand implements Callable<Integer> {
  /** A job server with no job and no request for 30 minutes ends (a job server's default; weft submit's is off). */
  public static final String DEFAULT_IDLE_TIMEOUT_MS = Long.toString(java.time.Duration.ofMinutes(30).toMillis());
  private static final Set<YarnApplicationState> ENDED = EnumSet.of(YarnApplicationState.FINISHED,
      YarnApplicationState.FAILED, YarnApplicationState.KILLED);

  private final CliContext context;

  @Option(names = "--name", description = "application name (default: Weft job server)")
  String name = "Weft job server";

  @Option(names = "--queue", description = "queue to submit to (default: default)")
  String queue = "default";

  @Option(names = "--num-executors", description = "executors shared by every job (default 2)")
  int numExecutors = 2;

  @Option(names = "--executor-memory", description = "heap per executor, e.g. 1g (default 1g)")
  String executorMemory = "1g";

  @Option(names = "--executor-cores", description = "cores per executor (default 1)")
  int executorCores = 1;

  @Option(names = "--driver-memory", description = "heap of the job server's driver, e.g. 1g (default 1g)")
  String driverMemory = "1g";

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "a weft.* property, repeatable (e.g."
      + " weft.jobserver.maxConcurrentJobs=2, weft.driver.idleTimeout)")
  List<String> conf = new ArrayList<>();

  @Option(names = "--server-jar", paramLabel = "JAR", description = "the job server's jar (default: the one in"
      + " $WEFT_HOME/lib)")
  Path serverJar;

  @Option(names = "--wait", paramLabel = "SECONDS", description = "how long to wait for the job server to answer"
      + " (default 180)")
  int waitSeconds = 180;

  public JobServerCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (numExecutors < 1 || executorCores < 1) {
      throw WeftException.invalidArgument("--num-executors " + numExecutors + " and --executor-cores " + executorCores
          + " must be at least 1");
    }
    Map<String, String> driverConf = new LinkedHashMap<>();
    context.config().asMap().forEach((k, v) -> {
      if (k.startsWith("weft.")) {
        driverConf.put(k, v);
      }
    });
    driverConf.putAll(KeyValues.parse(conf, "--conf"));
    driverConf.putIfAbsent(DriverKeys.IDLE_TIMEOUT.key(), DEFAULT_IDLE_TIMEOUT_MS);
    SubmitOptions options = new SubmitOptions("weft", DeployMode.CLUSTER, JobServerMain.class.getName(), name, queue,
        numExecutors, mb(executorMemory, "--executor-memory"), executorCores, mb(driverMemory, "--driver-memory"), 1,
        driverConf, jar(), List.of());
    try (WeftClient client = WeftClient.connect(context.config(), context.err()::println)) {
      ApplicationId id = new ClusterModeSubmitter(client, context.out()).submit(options, List.of(), List.of());
      context.out().println("Submitted application " + id);
      Optional<ApplicationReport> running = Poll.until(() -> {
        ApplicationReport report = client.getApplicationReport(id);
        boolean tracked = report.getYarnApplicationState() == YarnApplicationState.RUNNING
            && !report.getTrackingUrl().isBlank();
        return tracked || ENDED.contains(report.getYarnApplicationState()) ? Optional.of(report) : Optional.empty();
      }, Duration.ofMillis(250), Duration.ofSeconds(waitSeconds));
      if (running.isEmpty() || running.get().getYarnApplicationState() != YarnApplicationState.RUNNING) {
        context.err().println("the job server " + id + " is not running" + running.map(r -> " ("
            + r.getYarnApplicationState() + ": " + r.getDiagnostics() + ")").orElse(" after " + waitSeconds + " s")
            + "; its driver's output: weft logs -applicationId " + id + " -am 1");
        return 1;
      }
      String proxy = running.get().getTrackingUrl();
      String base = proxy.endsWith("/") ? proxy : proxy + "/";
      Optional<String> status = awaitStatus(base + "driver/status");
      context.out().println("Job server status: " + base + "driver/status");
      status.ifPresentOrElse(s -> context.out().println("Job server: " + s),
          () -> context.err().println("the job server did not answer at " + base + "driver/status yet"));
      return 0;
    }
  }

  /** The driver's own URL from its status (POST and DELETE go there: the RM proxy forwards GETs only). */
  private Optional<String> awaitStatus(String statusUrl) throws InterruptedException {
    if (!statusUrl.startsWith("http://")) {
      return Optional.empty(); // a TLS cluster: this client's certificate is not at hand here
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    return Poll.until(() -> {
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(statusUrl))
            .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
          return Optional.empty();
        }
        return Optional.ofNullable(io.weft.common.web.Json.read(answer.body().getBytes(
            java.nio.charset.StandardCharsets.UTF_8)).path("url").textValue());
      } catch (java.io.IOException e) {
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.of("");
      }
    }, Duration.ofMillis(250), Duration.ofSeconds(waitSeconds)).filter(s -> !s.isEmpty());
  }

  private Path jar() {
    if (serverJar != null) {
      if (!Files.isRegularFile(serverJar)) {
        throw WeftException.invalidArgument("--server-jar " + serverJar + " does not exist");
      }
      return serverJar;
    }
    try {
      Path location = Path.of(JobServerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location)) {
        return location;
      }
      throw WeftException.failedPrecondition("the job server's classes are in " + location + ", not a jar; build"
          + " with ./mvnw package or name the jar with --server-jar");
    } catch (java.net.URISyntaxException | RuntimeException e) {
      if (e instanceof WeftException w) {
        throw w;
      }
      throw WeftException.failedPrecondition("cannot find the job server's jar: " + e + "; name it with --server-jar");
    }
  }

  private static long mb(String text, String flag) {
    long mb = MemorySize.parseMb(text, flag);
    if (mb <= 0) {
      throw WeftException.invalidArgument(flag + " '" + text + "' must be positive");
    }
    return mb;
  }
}
