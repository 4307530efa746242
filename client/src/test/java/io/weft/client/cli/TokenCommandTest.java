package io.weft.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.ContainerLaunchContext;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.WeftException;
import io.weft.common.resource.Resource;
import io.weft.rm.ResourceManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/weft security token and WeftClient's token against a real RM with token authentication. */
class TokenCommandTest {
  @TempDir Path dir;
  ResourceManager rm;
  Path adminToken;

  @BeforeEach
  void start() {
    adminToken = dir.resolve("admin-token");
    rm = new ResourceManager(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:0",
        CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0", "weft.resourcemanager.staging-dir",
        dir.resolve("staging").toString(), "weft.resourcemanager.store.dir", dir.resolve("rm-state").toString(),
        CommonKeys.SECURITY_AUTHENTICATION.key(), "token", "weft.admin.acl", "admin",
        "weft.security.token.bootstrap-user", "admin", "weft.security.token.bootstrap-file", adminToken.toString())));
    rm.start();
  }

  @AfterEach
  void stop() {
    rm.close();
  }

  private WeftConfig clientConfig(Path tokenFile) {
    Map<String, String> values = new HashMap<>(Map.of(CommonKeys.RM_ADDRESS.key(), rm.address().toString(),
        CommonKeys.RM_CONNECT_MAX_WAIT.key(), "0"));
    if (tokenFile != null) {
      values.put(CommonKeys.SECURITY_TOKEN_FILE.key(), tokenFile.toString());
    }
    return WeftConfig.of(values);
  }

  private record Run(int exit, String out, String err) {}

  private Run weft(Path tokenFile, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = new WeftCli(new CliContext(clientConfig(tokenFile), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))).run(args);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anAdminCreatesAToken_theUserCallsWithIt_andUserNameChangesNothing() throws Exception {
    Path aliceToken = dir.resolve("alice-token");
    Run created = weft(adminToken, "security", "token", "create", "--user", "alice", "--expiry", "1d", "--save",
        aliceToken.toString());
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out().strip()).startsWith("weft1.").isEqualTo(Files.readString(aliceToken).strip());

    String previous = System.getProperty("user.name");
    System.setProperty("user.name", "bob"); // WEFT_OPTS=-Duser.name=bob: the weft-user header claims bob
    try (WeftClient client = WeftClient.connect(clientConfig(aliceToken))) {
      WeftClient.NewApplication app = client.createApplication();
      client.submitApplication(ApplicationSubmissionContext.newBuilder().applicationId(app.id())
          .applicationName("x").queue("default").user("bob").applicationType("WEFT")
          .resource(Resource.of(1024, 1))
          .amContainerSpec(ContainerLaunchContext.newBuilder().commands(List.of("true")).build()).build());
      assertThat(client.getApplicationReport(app.id()).getUser()).isEqualTo("alice");
    } finally {
      System.setProperty("user.name", previous);
    }

    Run list = weft(adminToken, "security", "token", "list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("alice").contains("admin");
    Run byAlice = weft(aliceToken, "security", "token", "list");
    assertThat(byAlice.exit()).isEqualTo(1);
    assertThat(byAlice.err()).contains("alice").contains("weft.admin.acl");
  }

  @Test
  void withoutAToken_theClientIsRefused_unauthenticated() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("WEFT_TOKEN") == null, "WEFT_TOKEN is set");
    String home = System.getProperty("user.home");
    System.setProperty("user.home", dir.toString()); // no ~/.weft/token
    try (WeftClient client = WeftClient.connect(clientConfig(null))) {
      assertThatThrownBy(client::getApplications).isInstanceOfSatisfying(WeftException.class,
          e -> assertThat(e.code()).isEqualTo(WeftException.Code.UNAUTHENTICATED));
    } finally {
      System.setProperty("user.home", home);
    }
  }

  @Test
  void aBadExpiry_isNamed() {
    Run bad = weft(adminToken, "security", "token", "create", "--user", "alice", "--expiry", "soon");
    assertThat(bad.exit()).isEqualTo(WeftCli.USAGE_ERROR);
    assertThat(bad.err()).contains("'soon'");
  }
}
