package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.ApplicationFilter;
import io.weft.client.WeftClient;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.it.MiniWeftCluster.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The console in a real headless Chromium against a MiniWeftCluster running Pi: the application
 * appears and reaches FINISHED without a reload, its log link shows the driver's output, the nodes
 * page shows both nodes, a hostile name renders as text, and the Kill button kills a running app.
 * Screenshots of every page go to {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {
  private static final Duration APP_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

  private MiniWeftCluster cluster;
  private Browser browser;
  private String console;

  @BeforeAll
  void start(@TempDir Path workDir, @TempDir Path browserDir) {
    cluster = new MiniWeftCluster(workDir, 2, WeftConfig.empty());
    console = "http://" + cluster.cluster().rmWebAddress();
    browser = new Browser(browserDir);
  }

  @AfterAll
  void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
  }

  private CompletableFuture<CliRun> submitInBackground(String name, String mainClass, String... args) {
    CompletableFuture<CliRun> run = new CompletableFuture<>();
    List<String> argv = new java.util.ArrayList<>(List.of("submit", "--deploy-mode", "cluster", "--class", mainClass,
        "--name", name, "--num-executors", "2", "--executor-memory", "512m", "--driver-memory", "512m",
        MiniWeftCluster.EXAMPLES_JAR.toString()));
    argv.addAll(List.of(args));
    Thread t = new Thread(() -> run.complete(cluster.cli(argv.toArray(String[]::new))), "submit-" + name);
    t.setDaemon(true);
    t.start();
    return run;
  }

  private ApplicationId awaitApp(String name, YarnApplicationState... states) {
    try (WeftClient client = cluster.client()) {
      return await("application " + name + " in " + List.of(states)).atMost(APP_TIMEOUT).until(
          () -> client.getApplications(ApplicationFilter.builder().states(states).build())
              .stream().filter(r -> r.getName().equals(name)).findFirst()
              .map(r -> r.getApplicationId()), Optional::isPresent).orElseThrow();
    }
  }

  private WebElement awaitElement(By by) {
    return await("element " + by + " on " + browser.driver.getCurrentUrl()).atMost(PAGE_TIMEOUT)
        .ignoreExceptions().until(() -> browser.driver.findElement(by), e -> e != null);
  }

  private void awaitText(By by, String text) {
    await("'" + text + "' in " + by + " on " + browser.driver.getCurrentUrl()).atMost(APP_TIMEOUT)
        .ignoreExceptions().until(() -> browser.driver.findElement(by).getText(), t -> t.contains(text));
  }

  @Test
  void pi_appearsLive_reachesFinished_andItsAmLogLinkShowsPi() throws Exception {
    browser.driver.get(console + "/cluster/apps");
    awaitElement(By.id("range"));
    CompletableFuture<CliRun> run = submitInBackground("browser-pi", "io.weft.examples.Pi", "10");

    ApplicationId id = awaitApp("browser-pi");
    By row = By.cssSelector("tr[data-app='" + id + "']");
    awaitElement(row);
    awaitText(row, "FINISHED");
    assertThat(browser.driver.findElement(row).getText()).contains("SUCCEEDED").contains("browser-pi");
    browser.screenshot("applications");
    assertThat(run.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).exit()).isZero();

    browser.driver.findElement(row).findElement(By.linkText(id.toString())).click();
    awaitText(By.id("app-state"), "FINISHED");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/cluster/app/" + id);
    browser.screenshot("application");
    awaitElement(By.cssSelector("td.am-logs a")).click();
    awaitText(By.id("log"), "Pi is roughly 3.1");
    // the console's log links go through the RM, which asks the container's NodeManager
    assertThat(browser.driver.getCurrentUrl()).startsWith(console + "/logs/container_");
    browser.screenshot("container-log");

    browser.driver.get(console + "/cluster");
    awaitText(By.id("content"), "completed");
    browser.screenshot("overview");
    browser.driver.get(console + "/cluster/scheduler");
    awaitText(By.id("content"), "capacityScheduler");
    browser.screenshot("scheduler");
  }

  @Test
  void trackingLink_ofARunningApp_reachesTheDriverUiThroughTheProxy() throws Exception {
    CompletableFuture<CliRun> run = submitInBackground("browser-driver-ui", "io.weft.examples.SleepJob", "600", "2");
    ApplicationId id = awaitApp("browser-driver-ui", YarnApplicationState.RUNNING);
    try {
      browser.driver.get(console + "/cluster/app/" + id);
      // the AM registered the driver UI as its tracking URL, so the console links to the ApplicationMaster
      awaitElement(By.linkText("ApplicationMaster")).click();
      awaitText(By.tagName("body"), "count at SleepJob.java");
      assertThat(browser.driver.getCurrentUrl()).isEqualTo(console + "/proxy/" + id + "/");
      assertThat(browser.driver.findElement(By.tagName("header")).getText()).contains(id.toString());
      browser.screenshot("driver-jobs");

      browser.driver.findElement(By.linkText("Stages")).click();
      awaitText(By.tagName("body"), "ResultStage");
      browser.screenshot("driver-stages");
      browser.driver.findElement(By.linkText("0.0")).click();
      awaitText(By.tagName("body"), "RUNNING");
      assertThat(browser.driver.getCurrentUrl()).isEqualTo(console + "/proxy/" + id + "/stage?id=0&attempt=0");
      browser.screenshot("driver-stage");
      browser.driver.findElement(By.linkText("Executors")).click();
      awaitText(By.tagName("body"), "stderr");
      // the stage runs as soon as one executor has registered: the page lists the second once it has too
      await("both executors on " + browser.driver.getCurrentUrl()).atMost(APP_TIMEOUT).ignoreExceptions()
          .until(() -> {
            browser.driver.navigate().refresh();
            return browser.driver.findElements(By.linkText("stdout")).size();
          }, n -> n == 2);
      browser.screenshot("driver-executors");
      browser.driver.findElement(By.linkText("Environment")).click();
      awaitText(By.tagName("body"), "weft.app.name");
      browser.screenshot("driver-environment");

      // the scheduler page: the running application's user with what it holds, and the queue's AM limit
      browser.driver.get(console + "/cluster/scheduler");
      By user = By.cssSelector("tr.queue-users[data-queue='root.default'] tr.user");
      awaitElement(user);
      await("the user's usage on " + browser.driver.getCurrentUrl()).atMost(PAGE_TIMEOUT).ignoreExceptions()
          .untilAsserted(() -> assertThat(browser.driver.findElement(user).getText())
              .matches(".* [1-9]\\d* MB, [1-9]\\d* vcores [1-9]\\d* MB, 1 vcores 1 0 .*"));
      assertThat(browser.driver.findElement(By.cssSelector("tr.queue[data-queue='root.default'] td.am")).getText())
          .matches("(?s)[1-9]\\d* / [1-9]\\d* MB\\s+10% of the guarantee");
      browser.screenshot("scheduler-users");
    } finally {
      try (WeftClient client = cluster.client()) {
        client.killApplication(id);
      }
    }
    run.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    // once the application has ended, the same link shows its final state instead of an error
    browser.driver.get(console + "/proxy/" + id + "/");
    awaitText(By.tagName("body"), "KILLED");
    browser.screenshot("proxy-final-state");
  }

  @Test
  void nodesPage_showsBothNodes() {
    browser.driver.get(console + "/cluster/nodes");
    awaitText(By.id("node-count"), "2 nodes");
    assertThat(browser.driver.findElements(By.cssSelector("tr.node"))).hasSize(2)
        .allSatisfy(r -> assertThat(r.getText()).contains("RUNNING"));
    // What each NodeManager measured: its containers, then its whole host.
    assertThat(browser.driver.findElements(By.cssSelector("tr.node td.measured"))).hasSize(2)
        .allSatisfy(td -> assertThat(td.getText())
            .matches("\\d+ MB, \\d+\\.\\d vcores \\(host \\d+ MB, \\d+\\.\\d vcores\\)"));
    browser.screenshot("nodes");
    browser.driver.findElements(By.cssSelector("tr.node a")).get(0).click();
    awaitText(By.tagName("body"), "Registered with the RM");
    browser.screenshot("node");
  }

  @Test
  void applicationNamedLikeAScript_showsAsText() throws Exception {
    String name = "<script>alert(1)</script>";
    CompletableFuture<CliRun> run = submitInBackground(name, "io.weft.examples.Pi", "2");
    ApplicationId id = awaitApp(name);

    browser.driver.get(console + "/cluster/apps?search=" + id);
    awaitText(By.cssSelector("tr[data-app='" + id + "'] td.app-name"), name);
    assertNoAlert();
    browser.driver.get(console + "/cluster/app/" + id);
    awaitText(By.id("app-name"), name);
    assertNoAlert();
    browser.screenshot("escaped-name");
    run.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void unmanagedApplication_saysItsAmRunsInItsClient_withNoAmContainerNorLogLink() {
    try (WeftClient client = cluster.client()) {
      ApplicationId id = client.createApplication().id();
      new io.weft.client.UnmanagedAmLauncher(client, cluster.cluster().clientConfig())
          .submit(io.weft.client.AppSubmission.builder(id).name("browser-unmanaged").unmanaged().build());

      browser.driver.get(console + "/cluster/app/" + id);
      awaitText(By.id("app-am"), "unmanaged: runs in its client, no AM container");
      awaitText(By.id("content"), "none (unmanaged)");
      assertThat(browser.driver.findElement(By.cssSelector("td.am-logs")).getText()).isEqualTo("N/A");
      assertThat(browser.driver.findElements(By.cssSelector("td.am-logs a"))).isEmpty();
      browser.screenshot("unmanaged-application");
      client.killApplication(id);
    }
  }

  private void assertNoAlert() {
    try {
      browser.driver.switchTo().alert();
      throw new AssertionError("a script in an application name ran and opened an alert");
    } catch (NoAlertPresentException expected) {
      // the name was shown as text
    }
  }

  @Test
  void killButton_asksForConfirmation_andKillsARunningApp() throws Exception {
    CompletableFuture<CliRun> run = submitInBackground("browser-sleep", "io.weft.examples.SleepJob", "600", "2");
    ApplicationId id = awaitApp("browser-sleep", YarnApplicationState.RUNNING);

    browser.driver.get(console + "/cluster/app/" + id);
    awaitText(By.id("app-state"), "RUNNING");
    awaitElement(By.id("kill")).click();
    await("the confirmation").atMost(PAGE_TIMEOUT).ignoreExceptions()
        .until(() -> browser.driver.switchTo().alert(), a -> a != null);
    assertThat(browser.driver.switchTo().alert().getText()).contains("Kill application " + id);
    browser.driver.switchTo().alert().accept();

    awaitText(By.id("app-state"), "KILLED");
    browser.screenshot("killed");
    CliRun follow = run.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(follow.out()).contains("(state: KILLED)");
    await("the killed app's containers to exit").atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cluster.containerProcesses()).isEmpty());
  }
}
