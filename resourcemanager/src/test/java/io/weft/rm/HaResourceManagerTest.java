package io.weft.rm;

import static io.weft.rm.HaCluster.inState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.StablePorts;
import io.weft.common.web.Json;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.GetServiceStateRequest;
import io.weft.proto.HaServiceState;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real HA ResourceManagers in this JVM, on their own ports, elected through a real ZooKeeper. */
class HaResourceManagerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private TestingServer zk;
  private HaCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
    if (zk != null) {
      zk.close();
    }
  }

  private HaCluster cluster() throws Exception {
    zk = new TestingServer(true);
    cluster = new HaCluster(zk.getConnectString(), dir);
    return cluster;
  }

  /** Waits until exactly one of the two is active and the other standby; returns {active, standby}. */
  private static HaResourceManager[] oneActiveOneStandby(HaResourceManager a, HaResourceManager b) {
    await().atMost(WAIT).until(() -> inState(io.weft.rm.ha.HaServiceState.ACTIVE, a, b).isPresent()
        && inState(io.weft.rm.ha.HaServiceState.STANDBY, a, b).isPresent());
    HaResourceManager active = inState(io.weft.rm.ha.HaServiceState.ACTIVE, a, b).orElseThrow();
    newApplication(active); // an RM says ACTIVE only once its active services serve
    return new HaResourceManager[] {active, active == a ? b : a};
  }

  private static void newApplication(HaResourceManager rm) {
    ManagedChannel channel = HaCluster.channel(rm);
    try {
      ApplicationClientServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .getNewApplication(GetNewApplicationRequest.getDefaultInstance());
    } finally {
      Channels.close(channel);
    }
  }

  private static HaServiceState serviceState(HaResourceManager rm) {
    ManagedChannel channel = HaCluster.channel(rm);
    try {
      return ResourceManagerAdministrationServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
          .getServiceState(GetServiceStateRequest.getDefaultInstance()).getState();
    } finally {
      Channels.close(channel);
    }
  }

  private HttpResponse<String> get(HaResourceManager rm, String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://" + rm.webAddress() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode clusterInfo(HaResourceManager rm) throws Exception {
    HttpResponse<String> info = get(rm, "/ws/v1/cluster/info");
    assertThat(info.statusCode()).as(info.body()).isEqualTo(200);
    return Json.read(info.body().getBytes()).get("clusterInfo");
  }

  @Test
  void twoRms_electOneActive_andTheStandbyRefusesCallsUnavailableNamingTheActive() throws Exception {
    HaCluster c = cluster();
    HaResourceManager[] roles = oneActiveOneStandby(c.start("rm1"), c.start("rm2"));
    HaResourceManager active = roles[0];
    HaResourceManager standby = roles[1];

    newApplication(active);
    assertThatThrownBy(() -> newApplication(standby)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.getStatus().getDescription()).isEqualTo("ResourceManager " + standby.id()
          + " is standby; the active ResourceManager is " + active.id() + " at " + active.address());
    });
    // the HA admin calls are answered by both
    assertThat(serviceState(active)).isEqualTo(HaServiceState.HA_ACTIVE);
    assertThat(serviceState(standby)).isEqualTo(HaServiceState.HA_STANDBY);
  }

  @Test
  void standbyWeb_redirectsToTheActive_butAnswersClusterInfoAndMetricsItself() throws Exception {
    HaCluster c = cluster();
    HaResourceManager[] roles = oneActiveOneStandby(c.start("rm1"), c.start("rm2"));
    HaResourceManager active = roles[0];
    HaResourceManager standby = roles[1];

    HttpResponse<String> apps = get(standby, "/ws/v1/cluster/apps?states=RUNNING&user=alice");
    assertThat(apps.statusCode()).isEqualTo(307);
    assertThat(apps.headers().firstValue("Location")).hasValue("http://" + active.webAddress()
        + "/ws/v1/cluster/apps?states=RUNNING&user=alice");
    HttpResponse<String> console = get(standby, "/cluster");
    assertThat(console.statusCode()).isEqualTo(307);
    assertThat(console.headers().firstValue("Location")).hasValue("http://" + active.webAddress() + "/cluster");

    JsonNode standbyInfo = clusterInfo(standby);
    assertThat(standbyInfo.get("haState").asText()).isEqualTo("STANDBY");
    assertThat(standbyInfo.get("haZooKeeperConnectionState").asText()).isEqualTo("CONNECTED");
    HttpResponse<String> metrics = get(standby, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("weft_rm_ha_state{state=\"standby\"} 1");

    JsonNode activeInfo = clusterInfo(active);
    assertThat(activeInfo.get("haState").asText()).isEqualTo("ACTIVE");
    assertThat(activeInfo.get("haZooKeeperConnectionState").asText()).isEqualTo("CONNECTED");
    assertThat(get(active, "/ws/v1/cluster/apps").statusCode()).isEqualTo(200);
  }

  @Test
  void closingTheActive_makesTheStandbyActive() throws Exception {
    HaCluster c = cluster();
    HaResourceManager[] roles = oneActiveOneStandby(c.start("rm1"), c.start("rm2"));
    roles[0].close();

    await().atMost(WAIT).until(() -> roles[1].status().state() == io.weft.rm.ha.HaServiceState.ACTIVE);
    newApplication(roles[1]);
    assertThat(get(roles[1], "/ws/v1/cluster/apps").statusCode()).isEqualTo(200);
  }

  @Test
  void transitionToStandby_handsOverToTheOther_andRejoinsAsStandby() throws Exception {
    HaCluster c = cluster();
    HaResourceManager[] roles = oneActiveOneStandby(c.start("rm1"), c.start("rm2"));

    assertThat(roles[0].transitionToStandby().state()).isEqualTo(io.weft.rm.ha.HaServiceState.STANDBY);

    HaResourceManager[] after = oneActiveOneStandby(roles[0], roles[1]);
    assertThat(after[0]).isSameAs(roles[1]);
    newApplication(roles[1]);
    // the standby learns who took over from its view of the election, a moment after the fact
    await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() -> newApplication(roles[0]))
        .hasMessageContaining("UNAVAILABLE: ResourceManager " + roles[0].id() + " is standby; the active "
            + "ResourceManager is " + roles[1].id()));
  }

  @Test
  void fencedActive_stepsDownToStandby_andTheOtherTakesOver() throws Exception {
    HaCluster c = cluster();
    List<Consumer<String>> fences = new CopyOnWriteArrayList<>();
    HaResourceManager.StoreOpener recording = (config, zk, rmId, onFenced) -> {
      fences.add(onFenced);
      return StateStores.open(config, zk, rmId, onFenced);
    };
    HaResourceManager rm1 = c.start("rm1", recording);
    await().atMost(WAIT).until(() -> rm1.status().state() == io.weft.rm.ha.HaServiceState.ACTIVE);
    HaResourceManager rm2 = c.start("rm2");
    await().atMost(WAIT).until(() -> rm2.status().state() == io.weft.rm.ha.HaServiceState.STANDBY);

    fences.get(0).accept("the store was claimed by rm2");

    await().atMost(WAIT).until(() -> rm2.status().state() == io.weft.rm.ha.HaServiceState.ACTIVE);
    await().atMost(WAIT).until(() -> rm1.status().state() == io.weft.rm.ha.HaServiceState.STANDBY);
    assertThat(rm1.status().reason()).isEqualTo("the store was claimed by rm2");
    assertThat(fences).as("rm1 became active once").hasSize(1);
    assertThatThrownBy(() -> newApplication(rm1)).hasMessageContaining("UNAVAILABLE: ResourceManager rm1 is standby");
  }

  @Test
  void zooKeeperUnreachableAtStart_staysInitializingSayingWhy_thenJoinsWhenItComes() throws Exception {
    zk = new TestingServer(StablePorts.free(), false);
    cluster = new HaCluster(zk.getConnectString(), dir);
    HaResourceManager rm1 = cluster.start("rm1");

    await().atMost(WAIT).until(() -> rm1.status().reason().contains("unreachable"));
    assertThat(rm1.status().state()).isEqualTo(io.weft.rm.ha.HaServiceState.INITIALIZING);
    assertThat(rm1.status().reason()).contains("ZooKeeper at " + zk.getConnectString() + " unreachable");
    assertThatThrownBy(() -> newApplication(rm1)).hasMessageContaining("UNAVAILABLE: ResourceManager rm1 is "
        + "initializing: ZooKeeper at " + zk.getConnectString() + " unreachable");
    JsonNode info = clusterInfo(rm1);
    assertThat(info.get("haState").asText()).isEqualTo("INITIALIZING");
    assertThat(info.get("haZooKeeperConnectionState").asText()).isEqualTo("DISCONNECTED");
    HttpResponse<String> apps = get(rm1, "/ws/v1/cluster/apps");
    assertThat(apps.statusCode()).isEqualTo(503);
    assertThat(apps.body()).contains("ZooKeeper at " + zk.getConnectString() + " unreachable");

    zk.start();

    await().atMost(WAIT).until(() -> rm1.status().state() == io.weft.rm.ha.HaServiceState.ACTIVE);
    newApplication(rm1);
    assertThat(clusterInfo(rm1).get("haZooKeeperConnectionState").asText()).isEqualTo("CONNECTED");
  }
}
