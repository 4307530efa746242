package io.weft.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.client.records.ApplicationReport;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import io.weft.common.testing.RefusingPort;
import io.weft.common.rpc.StablePorts;
import io.weft.common.testing.TcpProxy;
import io.weft.rm.ResourceManager;
import io.weft.rm.config.RmKeys;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WeftClient against the real ResourceManager when it cannot be reached for a while: not up yet, or
 * behind a TCP proxy the test cuts and restores (a real network outage, not a fake RM).
 */
class WeftClientOutageTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path staging;
  private final List<String> notices = new CopyOnWriteArrayList<>();
  private ResourceManager rm;
  private TcpProxy proxy;
  private RefusingPort deadRm;

  @AfterEach
  void stop() throws IOException {
    if (deadRm != null) {
      deadRm.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (rm != null) {
      rm.close();
    }
  }

  private ResourceManager startRm(int port) {
    rm = new ResourceManager(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:" + port,
        CommonKeys.RM_WEBAPP_ADDRESS.key(), "127.0.0.1:0", RmKeys.STAGING_DIR.key(), staging.toString(),
        RmKeys.STORE_DIR.key(), staging.resolve("rm-state").toString())));
    rm.start();
    return rm;
  }

  private WeftClient client(int port, long maxWaitMs) {
    return WeftClient.connect(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), "127.0.0.1:" + port,
        CommonKeys.RM_CONNECT_MAX_WAIT.key(), Long.toString(maxWaitMs),
        CommonKeys.RM_CONNECT_RETRY_INTERVAL.key(), "100")), notices::add);
  }

  @Test
  void call_madeBeforeTheRmIsUp_succeedsOnceItStarts_tellingOnceWhenLostAndOnceWhenFound() throws Exception {
    int port = StablePorts.free();
    try (WeftClient client = client(port, 60_000)) {
      CompletableFuture<WeftClient.NewApplication> created = CompletableFuture.supplyAsync(client::createApplication);
      await("the first failed try").atMost(TIMEOUT).until(() -> !notices.isEmpty());

      startRm(port);
      assertThat(created).succeedsWithin(TIMEOUT);
      assertThat(notices).containsExactly(
          "lost the ResourceManager at 127.0.0.1:" + port + " (UNAVAILABLE: io exception); retrying for up to 1 min",
          "reconnected to the ResourceManager at 127.0.0.1:" + port);
    }
  }

  @Test
  void call_whenNoRmComesWithinTheMaxWait_failsUnavailable_namingTheRmAndTheWait() throws Exception {
    int port = StablePorts.free();
    try (WeftClient client = client(port, 300)) {
      assertThatThrownBy(client::createApplication)
          .isInstanceOfSatisfying(WeftException.class,
              e -> assertThat(e.code()).isEqualTo(WeftException.Code.UNAVAILABLE))
          .hasMessageStartingWith("cannot get a new application id: the ResourceManager at 127.0.0.1:" + port
              + " could not be reached for ")
          .hasMessageContaining("weft.resourcemanager.connect.max-wait-ms is 300");
    }
  }

  @Test
  void watch_reconnectsAfterAnOutage_andFollowsTheSameApplicationToItsEnd_withoutRepeatingAState() {
    startRm(0);
    proxy = TcpProxy.to("127.0.0.1", rm.address().port());
    try (WeftClient direct = client(rm.address().port(), 60_000);
         WeftClient proxied = client(proxy.port(), 60_000)) {
      ApplicationId id = direct.createApplication().id();
      direct.submitApplication(AppSubmission.builder(id).name("outage").command(List.of("true")).build());
      List<YarnApplicationState> seen = new CopyOnWriteArrayList<>();
      CompletableFuture<ApplicationReport> end = CompletableFuture.supplyAsync(
          () -> proxied.watch(id, report -> seen.add(report.getYarnApplicationState())));
      // no node: the application waits in ACCEPTED
      await().atMost(TIMEOUT).until(() -> seen.contains(YarnApplicationState.ACCEPTED));

      for (int outage = 1; outage <= 2; outage++) { // the second outage gets the whole max wait again
        int dropped = proxy.droppedConnections();
        proxy.cut();
        await("the watch dialling again").atMost(TIMEOUT).until(proxy::droppedConnections, n -> n >= dropped + 3);
        proxy.restore();
        int lines = 2 * outage;
        await("the watch following again").atMost(TIMEOUT).until(() -> notices.size() == lines);
      }
      direct.killApplication(id);

      assertThat(end).succeedsWithin(TIMEOUT)
          .satisfies(report -> assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.KILLED));
      assertThat(seen).containsSubsequence(YarnApplicationState.ACCEPTED, YarnApplicationState.KILLED)
          .endsWith(YarnApplicationState.KILLED).doesNotHaveDuplicates();
      assertThat(notices).hasSize(4).allSatisfy(line -> assertThat(line).matches(
          "(lost the ResourceManager at 127.0.0.1:" + proxy.port() + " \\(UNAVAILABLE: .*\\); retrying for up to 1 min)"
              + "|(reconnected to the ResourceManager at 127.0.0.1:" + proxy.port() + ")"));
    }
  }

  @Test
  void haPair_whoseFirstRmIsDead_submitsAndWatchesOnTheLiveOne_tellingTheFailoverOnce() throws Exception {
    // held for the test: a port only found free could become the live RM's web port ("HTTP/" in place of gRPC)
    deadRm = new RefusingPort();
    String dead = deadRm.address();
    startRm(0);
    WeftConfig ha = WeftConfig.of(Map.of("weft.resourcemanager.ha.enabled", "true",
        "weft.resourcemanager.ha.rm-ids", "rm1,rm2",
        "weft.resourcemanager.address.rm1", dead, "weft.resourcemanager.webapp.address.rm1", "127.0.0.1:" + StablePorts.free(),
        "weft.resourcemanager.address.rm2", rm.address().toString(),
        "weft.resourcemanager.webapp.address.rm2", rm.webAddress().toString(),
        CommonKeys.RM_CONNECT_RETRY_INTERVAL.key(), "100"));
    try (WeftClient client = WeftClient.connect(ha, notices::add)) {
      ApplicationId id = client.createApplication().id();
      client.submitApplication(AppSubmission.builder(id).name("failover").command(List.of("true")).build());
      List<YarnApplicationState> seen = new CopyOnWriteArrayList<>();
      CompletableFuture<ApplicationReport> end = CompletableFuture.supplyAsync(
          () -> client.watch(id, report -> seen.add(report.getYarnApplicationState())));
      await().atMost(TIMEOUT).until(() -> seen.contains(YarnApplicationState.ACCEPTED)); // no node: it waits
      client.killApplication(id);

      assertThat(end).succeedsWithin(TIMEOUT)
          .satisfies(report -> assertThat(report.getYarnApplicationState()).isEqualTo(YarnApplicationState.KILLED));
      assertThat(client.rmAddress()).isEqualTo(rm.address());
      assertThat(notices).containsExactly(
          "lost the ResourceManager at " + dead + " (UNAVAILABLE: io exception); failing over along " + dead + ","
              + rm.address() + ", for up to 15 min",
          "reconnected to the ResourceManager at " + rm.address() + " (failed over from " + dead + ")");
    }
  }
}
