package io.weft.rm;

import static io.weft.rm.HaCluster.inState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weft.common.web.Json;
import io.weft.rm.ha.HaKeys;
import io.weft.rm.ha.HaPaths;
import io.weft.rm.ha.HaServiceState;
import io.weft.rm.store.StateStoreException;
import io.weft.rm.store.ZkStoreFormatter;
import io.weft.rm.ha.ZkClientTls;
import io.weft.rm.ha.ZkSecurity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HA ResourceManagers with {@code weft.resourcemanager.zk-auth} against a real ZooKeeper: what they write
 * (the identity with the master keys, the fence, the election) is theirs alone; a client without the
 * credential, or with a wrong one, can neither read nor delete it; the other RM, holding it, takes over and
 * recovers the state.
 */
class ZooKeeperAclTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CREDENTIAL = "weft-rm:s3cret-for-the-test";

  @TempDir Path dir;
  private TestingServer zk;
  private HaCluster cluster;
  private final List<CuratorFramework> clients = new java.util.ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    clients.forEach(CuratorFramework::close);
    if (cluster != null) {
      cluster.close();
    }
    if (zk != null) {
      zk.close();
    }
  }

  @Test
  void rmsWithZkAuth_keepTheStateToThemselves_andTheOtherRmRecoversItAfterFailover() throws Exception {
    zk = new TestingServer(true);
    cluster = new HaCluster(zk.getConnectString(), dir, Map.of(HaKeys.ZK_AUTH.key(), "digest:" + CREDENTIAL));
    HaPaths paths = HaPaths.of(cluster.config);
    HaResourceManager rm1 = cluster.start("rm1");
    await().atMost(WAIT).until(() -> rm1.status().state() == HaServiceState.ACTIVE);
    HaResourceManager rm2 = cluster.start("rm2");
    await().atMost(WAIT).until(() -> rm2.status().state() == HaServiceState.STANDBY);
    JsonNode before = clusterInfo(rm1);

    CuratorFramework stranger = client(null);
    CuratorFramework impostor = client("weft-rm:guessed");
    String identity = paths.store() + "/identity";
    for (CuratorFramework outsider : List.of(stranger, impostor)) {
      assertThatThrownBy(() -> outsider.getData().forPath(identity))
          .isInstanceOf(KeeperException.NoAuthException.class);
      assertThatThrownBy(() -> outsider.getChildren().forPath(paths.store() + "/apps"))
          .isInstanceOf(KeeperException.NoAuthException.class);
      assertThatThrownBy(() -> outsider.delete().deletingChildrenIfNeeded().forPath(paths.store()))
          .isInstanceOf(KeeperException.NoAuthException.class);
      assertThatThrownBy(() -> outsider.delete().forPath(paths.fence()))
          .isInstanceOf(KeeperException.NoAuthException.class);
      assertThatThrownBy(() -> outsider.setData().forPath(identity, new byte[] {1}))
          .isInstanceOf(KeeperException.NoAuthException.class);
    }
    assertThatThrownBy(() -> ZkStoreFormatter.format(zk.getConnectString(), WAIT, paths, ZkSecurity.OPEN,
        ZkClientTls.OFF))
        .isInstanceOf(StateStoreException.class).hasMessageContaining("NoAuth");
    CuratorFramework holder = client(CREDENTIAL);
    ACL rmsOnly = new ACL(ZooDefs.Perms.ALL, new Id("digest", ZkSecurity.digestId(CREDENTIAL)));
    for (String path : List.of(paths.cluster(), paths.store(), identity, paths.fence(), paths.election())) {
      assertThat(holder.getACL().forPath(path)).as(path).containsExactly(rmsOnly);
    }
    assertThat(holder.getData().forPath(identity)).isNotEmpty();

    rm1.close();
    await().atMost(WAIT).until(() -> rm2.status().state() == HaServiceState.ACTIVE);

    JsonNode after = clusterInfo(rm2);
    assertThat(after.get("id").asLong()).as("the cluster timestamp rm2 recovered").isEqualTo(before.get("id").asLong());
    assertThat(after.get("rmEpoch").asInt()).isGreaterThan(before.get("rmEpoch").asInt());
    assertThat(inState(HaServiceState.ACTIVE, rm1, rm2)).contains(rm2);
  }

  @Test
  void aStoreWrittenWithoutZkAuth_isProtectedWhenAnRmWithZkAuthBecomesActive() throws Exception {
    zk = new TestingServer(true);
    HaCluster open = new HaCluster(zk.getConnectString(), dir);
    HaResourceManager before = open.start("rm1");
    await().atMost(WAIT).until(() -> before.status().state() == HaServiceState.ACTIVE);
    JsonNode openInfo = clusterInfo(before);
    open.close();
    HaPaths paths = HaPaths.of(open.config);
    CuratorFramework stranger = client(null);
    assertThat(stranger.getData().forPath(paths.store() + "/identity")).as("the open store").isNotEmpty();

    cluster = new HaCluster(zk.getConnectString(), dir, Map.of(HaKeys.ZK_AUTH.key(), "digest:" + CREDENTIAL));
    HaResourceManager rm = cluster.start("rm1");
    await().atMost(WAIT).until(() -> rm.status().state() == HaServiceState.ACTIVE);

    assertThat(clusterInfo(rm).get("id").asLong()).isEqualTo(openInfo.get("id").asLong());
    assertThatThrownBy(() -> stranger.getData().forPath(paths.store() + "/identity"))
        .isInstanceOf(KeeperException.NoAuthException.class);
    assertThatThrownBy(() -> stranger.delete().forPath(paths.fence()))
        .isInstanceOf(KeeperException.NoAuthException.class);
  }

  private JsonNode clusterInfo(HaResourceManager rm) throws Exception {
    HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create("http://" + rm.webAddress()
        + "/ws/v1/cluster/info")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
    return Json.read(info.body().getBytes(StandardCharsets.UTF_8)).get("clusterInfo");
  }

  /** A plain Curator client, with {@code digest} credentials {@code user:password} or none. */
  private CuratorFramework client(String digest) throws InterruptedException {
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder().connectString(zk.getConnectString())
        .retryPolicy(new RetryNTimes(3, 100));
    if (digest != null) {
      builder.authorization("digest", digest.getBytes(StandardCharsets.UTF_8));
    }
    CuratorFramework client = builder.build();
    clients.add(client);
    client.start();
    client.blockUntilConnected();
    return client;
  }
}
