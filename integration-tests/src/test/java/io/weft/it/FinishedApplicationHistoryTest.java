package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weft.client.WeftClient;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.driver.Dataset;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import io.weft.history.HistoryServer;
import io.weft.it.MiniWeftCluster.CliRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Issue 16's history server on a real cluster: drivers (client mode in this JVM, cluster mode in an AM container)
 * write their event logs over gRPC to the store of the cluster's history server, which serves them; the RM knows
 * the history server's web address. After the end, the history server answers the JSON the live driver UI gave, directly and
 * through the RM's proxy link; a driver killed with SIGKILL leaves an incomplete application.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FinishedApplicationHistoryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration APP_TIMEOUT = Duration.ofMinutes(3);
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
  private HistoryServer history;
  private MiniWeftCluster cluster;
  private String store;
  private String historyWeb;

  @BeforeAll
  void start(@TempDir Path workDir) {
    cluster = new MiniWeftCluster(workDir, 2, WeftConfig.empty());
    // the cluster's own history server: drivers write to its store over gRPC, the RM's proxy sends browsers there
    history = cluster.cluster().historyServer();
    historyWeb = "http://" + history.webAddress();
    store = history.address().toString();
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void clientMode_theHistoryServerAnswersWhatTheLiveUiShowed_directlyAndThroughTheRmProxy() throws Exception {
    WeftConf conf = new WeftConf(false).setMaster("weft://" + cluster.cluster().rmAddress())
        .setAppName("history client mode").set("weft.executor.instances", "2").set("weft.executor.memory", "512m")
        .set(CommonKeys.HISTORY_ADDRESS.key(), store);
    String appId;
    Map<String, JsonNode> live = new LinkedHashMap<>();
    String proxy;
    try (WeftContext context = new WeftContext(conf)) {
      appId = context.applicationId();
      Dataset<Integer> numbers = context.parallelize(IntStream.range(0, 2000).map(i -> i % 300).boxed().toList(), 4);
      assertThat(numbers.distinct(3).count()).isEqualTo(300);
      assertThat(numbers.count()).isEqualTo(2000);
      proxy = "http://" + cluster.cluster().rmWebAddress() + "/proxy/" + appId + "/";
      // the jobs may finish on one executor while the other still starts; it registers before the close and the
      // history has it, so the live snapshot waits for it too
      String executors = proxy + "api/v1/executors";
      await("both executors in the live UI").atMost(APP_TIMEOUT).until(() -> get(executors), e -> e.size() == 2);
      for (String path : List.of("jobs", "stages", "executors", "stages/1/0/tasks")) {
        live.put(path, get(proxy + "api/v1/" + path));
      }
    }
    awaitState(appId, YarnApplicationState.FINISHED);

    String api = historyWeb + "/api/v1/applications/" + appId + "/";
    assertThat(get(api + "jobs")).isEqualTo(live.get("jobs"));
    assertThat(live.get("jobs")).hasSize(2);
    assertThat(get(api + "stages")).isEqualTo(live.get("stages"));
    assertThat(get(api + "stages/1/0/tasks")).isEqualTo(live.get("stages/1/0/tasks"));
    assertThat(withoutRemoval(get(api + "executors"))).isEqualTo(withoutRemoval(live.get("executors")));

    // the RM's proxy link, and the tracking URL the console's History link follows, now lead to the history server
    HttpResponse<String> viaProxy = send(proxy + "api/v1/jobs");
    assertThat(viaProxy.uri().toString()).isEqualTo(historyWeb + "/history/" + appId + "/api/v1/jobs");
    assertThat(JSON.readTree(viaProxy.body())).isEqualTo(live.get("jobs"));
    HttpResponse<String> page = send(proxy + "stages");
    assertThat(page.body()).contains("History of " + appId, "COMPLETE");

    JsonNode listed = find(get(historyWeb + "/api/v1/applications"), appId);
    assertThat(listed.get("name").asText()).isEqualTo("history client mode");
    assertThat(listed.get("attempts").get(0).get("completed").asBoolean()).isTrue();
  }

  @Test
  void clusterMode_pisJobsAndTasksAreServedAfterTheEnd() throws Exception {
    CliRun run = cluster.cli("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.Pi",
        "--name", "history pi", "--num-executors", "2", "--executor-memory", "512m", "--driver-memory", "512m",
        "--conf", CommonKeys.HISTORY_ADDRESS.key() + "=" + store, MiniWeftCluster.EXAMPLES_JAR.toString(), "6");
    assertThat(run.exit()).as("%s", run).isZero();
    String appId = run.submittedApplication().toString();
    awaitState(appId, YarnApplicationState.FINISHED);

    JsonNode jobs = await("the published event log").atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> get(historyWeb + "/api/v1/applications/" + appId + "/jobs"), j -> j.size() == 1);
    assertThat(jobs.get(0).get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(jobs.get(0).get("numTasks").asInt()).isEqualTo(6);
    assertThat(jobs.get(0).get("numCompletedTasks").asInt()).isEqualTo(6);
    JsonNode stages = get("http://" + cluster.cluster().rmWebAddress() + "/proxy/" + appId + "/api/v1/stages");
    assertThat(stages).hasSize(1);
    assertThat(stages.get(0).get("numCompleteTasks").asInt()).isEqualTo(6);
    JsonNode listed = find(get(historyWeb + "/api/v1/applications?status=completed"), appId);
    assertThat(listed.get("name").asText()).isEqualTo("history pi");
    JsonNode environment = get(historyWeb + "/api/v1/applications/" + appId + "/environment");
    assertThat(environment.get("weftProperties").get(CommonKeys.HISTORY_ADDRESS.key()).asText()).isEqualTo(store);
  }

  @Test
  void aClusterModeDriverKilledWithSigkill_leavesAnIncompleteApplication() throws Exception {
    CompletableFuture<CliRun> submit = CompletableFuture.supplyAsync(() -> cluster.cli("submit", "--deploy-mode",
        "cluster", "--class", "io.weft.examples.FaultDemo", "--name", "history killed", "--num-executors", "1",
        "--executor-memory", "512m", "--driver-memory", "512m", "--conf", "weft.am.maxAttempts=1",
        "--conf", CommonKeys.HISTORY_ADDRESS.key() + "=" + store, MiniWeftCluster.EXAMPLES_JAR.toString(), "slow", "5000"));
    ApplicationId app;
    try (WeftClient client = cluster.client()) {
      app = await("the application").atMost(APP_TIMEOUT).until(() -> client.getApplications().stream()
          .filter(r -> r.getName().equals("history killed")).map(r -> r.getApplicationId()).findFirst(),
          java.util.Optional::isPresent).orElseThrow();
    }
    String api = historyWeb + "/api/v1/applications/" + app + "/jobs";
    await("the running job in the event log in progress").atMost(APP_TIMEOUT).ignoreExceptions()
        .until(() -> get(api), jobs -> jobs.size() == 1 && jobs.get(0).get("numActiveTasks").asInt() > 0);

    String amContainer = "container_" + app.toString().substring("application_".length()) + "_01_000001";
    List<ProcessHandle> am = cluster.containerProcesses().stream()
        .filter(p -> cwdName(p).equals(amContainer)).toList();
    assertThat(am).as("the AM's process").isNotEmpty();
    am.forEach(ProcessHandle::destroyForcibly); // SIGKILL: the driver cannot close its log
    assertThat(submit.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).exit()).isNotZero();

    JsonNode listed = find(get(historyWeb + "/api/v1/applications?status=running"), app.toString());
    assertThat(listed.get("attempts").get(0).get("completed").asBoolean()).isFalse();
    assertThat(get(api).get(0).get("status").asText()).isEqualTo("RUNNING");
    assertThat(send(historyWeb + "/").body()).contains("Incomplete", app.toString(), "history killed");
    await("container processes to exit").atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(cluster.containerProcesses()).isEmpty());
  }

  @Test
  void aClientModeDriverJvmKilledWithSigkill_leavesAnIncompleteApplication(@TempDir Path clientDir) throws Exception {
    // the driver lives in the client's JVM: a JVM of its own, as a user's shell runs weft submit
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx512m", "-Dweft.resourcemanager.address=" + cluster.cluster().rmAddress(),
        "-D" + CommonKeys.HISTORY_ADDRESS.key() + "=" + store, "-cp", System.getProperty("java.class.path"),
        "io.weft.client.cli.WeftCli", "submit", "--deploy-mode", "client", "--class", "io.weft.examples.FaultDemo",
        "--name", "history client killed", "--num-executors", "1", "--executor-memory", "512m",
        MiniWeftCluster.EXAMPLES_JAR.toString(), "slow", "5000"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(clientDir.toFile())
        .redirectOutput(clientDir.resolve("client.out").toFile()).redirectError(clientDir.resolve("client.err").toFile());
    builder.environment().remove("WEFT_HOME");
    builder.environment().remove("WEFT_CONF_DIR");
    builder.environment().remove("WEFT_OPTS");
    Process client = builder.start();
    ApplicationId app;
    try (WeftClient rm = cluster.client()) {
      app = await("the application").atMost(APP_TIMEOUT).until(() -> rm.getApplications().stream()
          // FaultDemo names its context itself, over --name
          .filter(r -> r.getName().equals("FaultDemo slow")).map(r -> r.getApplicationId()).findFirst(),
          java.util.Optional::isPresent).orElseThrow();
      String api = historyWeb + "/api/v1/applications/" + app + "/jobs";
      await("the running job in the event log in progress").atMost(APP_TIMEOUT).ignoreExceptions()
          .until(() -> get(api), jobs -> jobs.size() == 1 && jobs.get(0).get("numActiveTasks").asInt() > 0);

      client.toHandle().destroyForcibly(); // SIGKILL of the client JVM: the driver cannot close its log
      client.waitFor(30, TimeUnit.SECONDS);

      JsonNode listed = find(get(historyWeb + "/api/v1/applications?status=running"), app.toString());
      assertThat(listed.get("attempts").get(0).get("completed").asBoolean()).isFalse();
      assertThat(get(api).get(0).get("status").asText()).isEqualTo("RUNNING");
      rm.killApplication(app); // its ExecutorLauncher would wait for the dead driver
    } finally {
      client.destroyForcibly();
    }
    await("container processes to exit").atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(cluster.containerProcesses()).isEmpty());
  }

  @Test
  void screenshotsOfTheListingAndAFinishedApplicationsJobsPage(@TempDir Path browserDir) throws Exception {
    CliRun run = cluster.cli("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.Pi",
        "--name", "history screenshot", "--num-executors", "2", "--executor-memory", "512m", "--driver-memory",
        "512m", "--conf", CommonKeys.HISTORY_ADDRESS.key() + "=" + store, MiniWeftCluster.EXAMPLES_JAR.toString(), "4");
    assertThat(run.exit()).as("%s", run).isZero();
    String appId = run.submittedApplication().toString();
    awaitState(appId, YarnApplicationState.FINISHED);
    try (Browser browser = new Browser(browserDir)) {
      browser.driver.get(historyWeb + "/");
      assertThat(browser.driver.findElement(By.tagName("main")).getText()).contains(appId, "history screenshot");
      browser.screenshot("history-listing");
      browser.driver.get("http://" + cluster.cluster().rmWebAddress() + "/proxy/" + appId + "/jobs");
      assertThat(browser.driver.getCurrentUrl()).isEqualTo(historyWeb + "/history/" + appId + "/jobs");
      assertThat(browser.driver.findElement(By.id("history-banner")).getText()).contains("completed");
      assertThat(browser.driver.findElement(By.tagName("table")).getText()).contains("SUCCEEDED");
      browser.screenshot("history-jobs");
    }
  }

  private void awaitState(String appId, YarnApplicationState state) {
    try (WeftClient client = cluster.client()) {
      await(appId + " " + state).atMost(APP_TIMEOUT).until(() -> client.getApplicationReport(
          ApplicationId.parse(appId)).getYarnApplicationState() == state);
    }
  }

  private static JsonNode find(JsonNode apps, String appId) {
    for (JsonNode app : apps) {
      if (app.get("id").asText().equals(appId)) {
        return app;
      }
    }
    throw new AssertionError(appId + " is not listed in " + apps);
  }

  private static JsonNode withoutRemoval(JsonNode executors) {
    JsonNode copy = executors.deepCopy();
    copy.forEach(e -> ((ObjectNode) e).remove(List.of("isActive", "removeTime", "removeReason")));
    return copy;
  }

  private static String cwdName(ProcessHandle p) {
    try {
      return java.nio.file.Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).getFileName()
          .toString();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private JsonNode get(String url) throws Exception {
    return JSON.readTree(send(url).body());
  }

  private HttpResponse<String> send(String url) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(url + ": " + answer.body()).isEqualTo(200);
    return answer;
  }
}
