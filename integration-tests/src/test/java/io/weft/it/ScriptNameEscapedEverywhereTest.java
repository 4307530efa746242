package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.client.WeftClient;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.it.MiniWeftCluster.CliRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

/**
 * An application named {@code <script>alert(1)</script>} (issue 13): on a real cluster, running a
 * real driver, every page that can show the name, the RM console, the driver UI through the proxy,
 * the NodeManager's pages and the AM's logs, is read raw and the script never appears unescaped;
 * every answer says {@code nosniff}, and JSON is served as JSON. The console, which its script
 * renders, is also read in a real headless Chromium: the DOM holds the name as text, no alert
 * opens, and the kill confirmation names the application by id.
 */
class ScriptNameEscapedEverywhereTest {
  private static final String NAME = "<script>alert(1)</script>";
  private static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
  private static final Duration APP_TIMEOUT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  // after the end the proxy sends a driver's application on to the history server, whose pages must escape it too
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
  private final List<String> checked = new ArrayList<>();

  private HttpResponse<String> fetch(String url) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(url + ": " + answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(url).hasValue("nosniff");
    checked.add(url);
    return answer;
  }

  /** An HTML (or text) page: the name may only appear escaped. */
  private String page(String url) throws Exception {
    HttpResponse<String> answer = fetch(url);
    assertThat(answer.body()).as(url + " shows the name unescaped").doesNotContain(NAME).doesNotContain("<script>alert");
    return answer.body();
  }

  /** A JSON answer: the name appears as a JSON string, harmless when served as JSON that must not be sniffed. */
  private JsonNode json(String url) throws Exception {
    HttpResponse<String> answer = fetch(url);
    assertThat(answer.headers().firstValue("Content-Type")).as(url).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    return JSON.readTree(answer.body());
  }

  @Test
  void applicationNamedLikeAScript_isEscapedOnEveryPage(@TempDir Path workDir, @TempDir Path browserDir)
      throws Exception {
    try (MiniWeftCluster cluster = new MiniWeftCluster(workDir, 1, WeftConfig.empty())) {
      String rm = "http://" + cluster.cluster().rmWebAddress();
      CompletableFuture<CliRun> run = new CompletableFuture<>();
      Thread submit = new Thread(() -> run.complete(cluster.cli("submit", "--deploy-mode", "cluster", "--class",
          "io.weft.examples.SleepJob", "--name", NAME, "--num-executors", "1", "--executor-memory", "512m",
          "--driver-memory", "512m", "--conf", "weft.label=" + NAME, MiniWeftCluster.EXAMPLES_JAR.toString(), "600",
          "1")), "submit");
      submit.setDaemon(true);
      submit.start();
      ApplicationId id = runningApp(cluster);

      JsonNode app = json(rm + "/ws/v1/cluster/apps/" + id).path("app");
      assertThat(app.path("name").asText()).isEqualTo(NAME);
      json(rm + "/ws/v1/cluster/apps");
      json(rm + "/ws/v1/cluster/scheduler");
      String proxied = rm + "/proxy/" + id + "/";
      await("a job on the driver UI behind the proxy").atMost(APP_TIMEOUT).ignoreExceptions()
          .until(() -> json(proxied + "api/v1/jobs").size() > 0);
      StringBuilder driverPages = new StringBuilder();
      for (String path : List.of("", "jobs", "job?id=0", "stages", "stage?id=0&attempt=0", "executors",
          "environment")) {
        driverPages.append(page(proxied + path));
      }
      // SleepJob names its own context (DriverUiTest covers a driver named like a script); a property
      // set at submission reaches the driver UI's environment page
      assertThat(driverPages).as("the driver UI shows the property, escaped").contains(ESCAPED);
      json(proxied + "api/v1/application");
      for (String path : List.of("/cluster", "/cluster/apps", "/cluster/app/" + id, "/cluster/scheduler",
          "/cluster/nodes")) {
        page(rm + path);
      }
      String nm = "http://" + cluster.cluster().nodeManagers().get(0).webAddress();
      page(nm + "/node");
      json(nm + "/ws/v1/node/apps");
      json(nm + "/ws/v1/node/containers");
      String amLogs = app.path("amContainerLogs").asText();
      String amContainer = amLogs.substring(amLogs.indexOf("/containerlogs/") + "/containerlogs/".length())
          .split("/")[0];
      page(amLogs);
      page(rm + "/logs/" + amContainer);
      for (String file : List.of("stdout", "stderr")) {
        page(amLogs + "/" + file);
        page(rm + "/logs/" + amContainer + "/" + file);
      }

      try (Browser browser = new Browser(browserDir)) {
        for (String path : List.of("/cluster/apps", "/cluster/app/" + id, "/cluster/scheduler", "/cluster")) {
          browser.driver.get(rm + path);
          boolean showsNames = path.startsWith("/cluster/app");
          await("the page " + path + " rendered").atMost(APP_TIMEOUT).ignoreExceptions().until(() -> {
            String text = browser.driver.findElement(By.id("content")).getText();
            return !text.contains("Loading") && (!showsNames || text.contains(NAME));
          });
          assertNoAlert(browser);
          assertThat(browser.driver.getPageSource()).as("the DOM of " + path).doesNotContain(NAME);
        }
        browser.driver.get(proxied + "environment");
        assertNoAlert(browser);
        assertThat(browser.driver.findElement(By.tagName("body")).getText()).contains(NAME);

        browser.driver.get(rm + "/cluster/app/" + id);
        await("the kill button").atMost(APP_TIMEOUT).ignoreExceptions()
            .until(() -> browser.driver.findElement(By.id("kill")).isDisplayed());
        browser.driver.findElement(By.id("kill")).click();
        String confirmation = await("the confirmation").atMost(APP_TIMEOUT).ignoreExceptions()
            .until(() -> browser.driver.switchTo().alert().getText(), text -> text != null);
        assertThat(confirmation).isEqualTo("Kill application " + id + "?");
        browser.driver.switchTo().alert().accept();
        // the page sends the kill after the confirmation; closing the browser before it went out would lose it
        String killed = await("the page to report the RM's answer to the kill").atMost(APP_TIMEOUT)
            .ignoreExceptions().until(() -> browser.driver.findElement(By.id("kill-status")).getText(),
                note -> !note.isEmpty() && !note.startsWith("Killing"));
        assertThat(killed).doesNotStartWith("Kill failed");
      }
      assertThat(run.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).out()).contains("(state: KILLED)");
      page(rm + "/proxy/" + id + "/");
      assertThat(checked).hasSizeGreaterThan(25);
    }
  }

  private static ApplicationId runningApp(MiniWeftCluster cluster) {
    try (WeftClient client = cluster.client()) {
      return await("the application running").atMost(APP_TIMEOUT).until(() -> client.getApplications(
          EnumSet.of(YarnApplicationState.RUNNING)).stream()
          .filter(r -> r.getName().equals(NAME)).findFirst().map(r -> r.getApplicationId()),
          Optional::isPresent).orElseThrow();
    }
  }

  private static void assertNoAlert(Browser browser) {
    try {
      browser.driver.switchTo().alert();
      throw new AssertionError("a script in the application name ran and opened an alert on "
          + browser.driver.getCurrentUrl());
    } catch (NoAlertPresentException expected) {
      // shown as text
    }
  }
}
