package io.weft.history.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.InsecureChannelCredentials;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.GrpcLogStore;
import io.weft.common.logstore.LogStore;
import io.weft.common.rpc.Channels;
import io.weft.history.HistoryKeys;
import io.weft.history.HistoryServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With simple authentication and {@code weft.acl.enable}, the store's reads are checked against the user a caller
 * claims (as the RM's web pages check {@code user.name}): the owner the NodeManagers recorded and the administrators.
 * Without ACLs, as in YARN, everyone reads everything.
 */
class LogStoreReadAclTest {
  private static final ApplicationId APP = new ApplicationId(1_764_000_000_000L, 7);

  @TempDir Path dir;

  @Test
  void withAcls_theClaimedUserMustBeTheOwnerOrAnAdministrator() throws Exception {
    try (HistoryServer history = historyServer(Map.of("weft.acl.enable", "true", "weft.admin.acl", "carol"));
        LogStore alice = as(history, "alice"); LogStore bob = as(history, "bob"); LogStore carol = as(history, "carol")) {
      upload(alice, "alice");
      assertThat(alice.list(APP)).hasSize(1);
      assertThat(carol.list(APP)).hasSize(1);
      assertThatThrownBy(() -> bob.list(APP)).isInstanceOf(IOException.class)
          .hasMessageContaining("PERMISSION_DENIED")
          .hasMessageContaining("user bob may not read the logs of " + APP + ": only its owner (alice)");
      assertThatThrownBy(() -> bob.open(APP, "node_1", 0).read()).isInstanceOf(IOException.class)
          .hasMessageContaining("user bob may not read");
      assertThat(bob.applications()).isEmpty();
      assertThat(alice.applications()).hasSize(1);
    }
  }

  @Test
  void withoutAcls_everyoneReads() throws Exception {
    try (HistoryServer history = historyServer(Map.of()); LogStore alice = as(history, "alice");
        LogStore bob = as(history, "bob")) {
      upload(alice, "alice");
      assertThat(bob.list(APP)).hasSize(1);
    }
  }

  private static void upload(LogStore store, String owner) throws IOException {
    try (OutputStream out = store.create(APP, "node_1", owner)) {
      out.write("a log".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private static LogStore as(HistoryServer history, String user) {
    return new GrpcLogStore(Channels.forAddressAs(history.address(), InsecureChannelCredentials.create(), user),
        history.address(), Duration.ofSeconds(10), Duration.ofMinutes(1));
  }

  private HistoryServer historyServer(Map<String, String> extra) {
    WeftConfig config = WeftConfig.of(extra).with(CommonKeys.HISTORY_ADDRESS, "127.0.0.1:0")
        .with(CommonKeys.HISTORY_WEBAPP_ADDRESS, "127.0.0.1:0").with(HistoryKeys.DIR, dir.resolve("h").toString());
    HistoryServer server = new HistoryServer(config);
    server.start();
    return server;
  }
}
