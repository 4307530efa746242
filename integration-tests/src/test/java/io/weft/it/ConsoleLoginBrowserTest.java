package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.ContainerLaunchContext;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.security.SecretFiles;
import io.weft.common.resource.Resource;
import io.weft.rm.ResourceManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The console with token authentication in a real browser: a page sends it to the login form, the
 * token opens a session, and the Kill button kills the application with the session cookie.
 */
class ConsoleLoginBrowserTest {
  @TempDir Path dir;
  @TempDir Path browserDir;

  @Test
  void login_thenTheKillButton_killsWithTheSessionCookie() throws Exception {
    Path adminToken = dir.resolve("admin-token");
    Path aliceToken = dir.resolve("alice-token");
    try (ResourceManager rm = new ResourceManager(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0",
        CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0", "weft.resourcemanager.staging-dir",
        dir.resolve("staging").toString(), "weft.resourcemanager.store.dir", dir.resolve("rm-state").toString(),
        CommonKeys.SECURITY_AUTHENTICATION.key(), "token", "weft.admin.acl", "admin",
        "weft.security.token.bootstrap-user", "admin", "weft.security.token.bootstrap-file", adminToken.toString())));
        Browser browser = new Browser(browserDir)) {
      rm.start();
      String alice;
      try (WeftClient admin = WeftClient.connect(clientConfig(rm, adminToken))) {
        alice = admin.createUserToken("alice", Duration.ZERO).token();
      }
      SecretFiles.write(aliceToken, alice);
      String app;
      try (WeftClient client = WeftClient.connect(clientConfig(rm, aliceToken))) {
        WeftClient.NewApplication created = client.createApplication();
        app = created.id().toString();
        // no NodeManager: the application waits ACCEPTED, which the Kill button can end
        client.submitApplication(ApplicationSubmissionContext.newBuilder().applicationId(created.id())
            .applicationName("waiting").queue("default").applicationType("WEFT").resource(Resource.of(1024, 1))
            .amContainerSpec(ContainerLaunchContext.newBuilder().commands(List.of("true")).build()).build());
      }

      String console = "http://" + rm.webAddress();
      browser.driver.get(console + "/cluster/app/" + app);
      await("the login form").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> browser.driver.findElement(By.name("token")), e -> e != null);
      browser.driver.findElement(By.name("token")).sendKeys(alice);
      browser.driver.findElement(By.cssSelector("#login button")).click();

      await("the application page").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> browser.driver.findElement(By.id("app-state")).getText(), t -> t.contains("ACCEPTED"));
      assertThat(browser.driver.findElement(By.id("security")).getText()).contains("Logged in as alice");
      browser.driver.findElement(By.id("kill")).click();
      await("the confirmation").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> browser.driver.switchTo().alert(), a -> a != null);
      browser.driver.switchTo().alert().accept();

      await("KILLED on the page").atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> browser.driver.findElement(By.id("app-state")).getText(), t -> t.contains("KILLED"));
      try (WeftClient client = WeftClient.connect(clientConfig(rm, aliceToken))) {
        assertThat(client.getApplicationReport(io.weft.common.id.ApplicationId.parse(app)).getYarnApplicationState())
            .isEqualTo(YarnApplicationState.KILLED);
      }
    }
  }

  private static WeftConfig clientConfig(ResourceManager rm, Path tokenFile) {
    Map<String, String> values = new HashMap<>();
    values.put(CommonKeys.RM_ADDRESS.key(), rm.address().toString());
    values.put(CommonKeys.SECURITY_TOKEN_FILE.key(), tokenFile.toString());
    return WeftConfig.of(values);
  }
}
