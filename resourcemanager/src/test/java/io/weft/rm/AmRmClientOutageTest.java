package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.weft.am.allocator.AllocatedContainer;
import io.weft.am.allocator.ExecutorAllocator;
import io.weft.am.client.AmRmClient;
import io.weft.am.client.AmRmClientAsync;
import io.weft.am.client.Container;
import io.weft.am.client.ContainerRequest;
import io.weft.am.client.FinalApplicationStatus;
import io.weft.am.launch.ExecutorLaunch;
import io.weft.am.rpc.NodeManagerClient;
import io.weft.am.rpc.ResourceManagerClient;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.HostPort;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RetryPolicy;
import io.weft.common.rpc.WeftException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.common.testing.TcpProxy;
import io.weft.proto.AmRmTokenIdentifier;
import io.weft.proto.Token;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AM API against the real RM over TCP, through a proxy the test cuts and restores: a real network
 * outage, not a fake RM. (An RM that restarts needs the durable RM being built elsewhere; RESYNC, which
 * only a restarted RM sends, is tested once both are merged.)
 */
class AmRmClientOutageTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ContainerRequest SMALL = ContainerRequest.anywhere(Resource.of(1024, 1), 1);

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  TcpProxy proxy;
  ManagedChannel channel;
  Token token;
  ApplicationAttemptId attempt;

  @BeforeEach
  void start() throws Exception {
    h = new RmHarness(grpc, staging, Map.of(RmKeys.ALLOCATE_MAX_WAIT.key(), "10000"));
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    h.submit(1024);
    token = RmHarness.amrmToken(h.awaitStart(n1, 1));
    attempt = ApplicationAttemptId.parse(AmRmTokenIdentifier.parseFrom(token.getIdentifier()).getApplicationAttemptId());
    proxy = TcpProxy.to("127.0.0.1", h.rm.address().port());
    channel = Channels.forAddress(new HostPort("127.0.0.1", proxy.port()));
  }

  @AfterEach
  void stop() {
    Channels.close(channel);
    proxy.close();
    h.close();
  }

  private AmRmClient client(Duration maxWait) {
    return AmRmClient.create(channel, token.toByteArray(), attempt, TIMEOUT,
        new RetryPolicy(Duration.ofMillis(100), maxWait));
  }

  @Test
  void allocate_ridesOutAnOutage_andGetsItsContainersAfterIt() {
    AmRmClient client = client(Duration.ofMinutes(1));
    client.registerApplicationMaster("n1", 0, "");
    proxy.cut();
    client.addContainerRequest(SMALL);
    client.addContainerRequest(SMALL);

    CompletableFuture<List<Container>> granted = CompletableFuture.supplyAsync(() -> {
      List<Container> containers = new ArrayList<>();
      while (containers.size() < 2) {
        containers.addAll(client.allocate(0.1f, TIMEOUT).allocatedContainers());
      }
      return containers;
    });
    await("the client dialling the RM again and again while it is cut off").atMost(TIMEOUT)
        .until(proxy::droppedConnections, n -> n >= 3);
    assertThat(granted).isNotDone();

    proxy.restore();
    assertThat(granted).succeedsWithin(TIMEOUT).asList().hasSize(2);
    assertThat(client.hasUnsentChanges()).isFalse();
  }

  @Test
  void asyncHeartbeat_goesOnThroughAnOutage_withoutAnError() {
    AmRmClientTest.Recorder recorder = new AmRmClientTest.Recorder();
    try (AmRmClientAsync async = AmRmClientAsync.create(client(Duration.ofMinutes(1)), TIMEOUT, recorder)) {
      async.registerApplicationMaster("n1", 0, "");
      proxy.cut(); // the heartbeat's long poll in flight is reset
      async.addContainerRequest(SMALL);
      await().atMost(TIMEOUT).until(proxy::droppedConnections, n -> n >= 3);

      proxy.restore();
      await("the container asked for during the outage").atMost(TIMEOUT)
          .until(() -> recorder.allocated.size() == 1);
      assertThat(async.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "", "")).isTrue();
    }
    assertThat(recorder.errors).isEmpty();
    assertThat(recorder.shutdown).isFalse();
  }

  @Test
  void register_whenTheRmStaysAwayPastTheMaxWait_failsUnavailable_namingTheRmAndTheWait() {
    AmRmClient client = client(Duration.ofMillis(300));
    proxy.cut();

    assertThatThrownBy(() -> client.registerApplicationMaster("n1", 0, ""))
        .isInstanceOfSatisfying(WeftException.class,
            e -> assertThat(e.code()).isEqualTo(WeftException.Code.UNAVAILABLE))
        .hasMessageContaining("register " + attempt + " with the ResourceManager: the ResourceManager at 127.0.0.1:"
            + proxy.port() + " could not be reached for ")
        .hasMessageContaining("weft.resourcemanager.connect.max-wait-ms is 300");
  }

  @Test
  void asyncHeartbeat_whenTheRmStaysAway_reportsOneError() {
    AmRmClientTest.Recorder recorder = new AmRmClientTest.Recorder();
    try (AmRmClientAsync async = AmRmClientAsync.create(client(Duration.ofMillis(300)), TIMEOUT, recorder)) {
      async.registerApplicationMaster("n1", 0, "");
      proxy.cut();
      async.addContainerRequest(SMALL);

      await().atMost(TIMEOUT).until(() -> !recorder.errors.isEmpty());
      assertThat(recorder.errors).singleElement().satisfies(e -> assertThat(e)
          .hasMessageContaining("could not be reached").hasMessageContaining("127.0.0.1:" + proxy.port()));
    }
  }

  @Test
  void executorAllocator_ridesOutAnOutage_andLaunchesItsExecutorsAfterIt() {
    ResourceManagerClient rm = new ResourceManagerClient(channel, token.toByteArray(), attempt, TIMEOUT,
        new RetryPolicy(Duration.ofMillis(100), Duration.ofMinutes(1)));
    rm.register("n1", "");
    List<String> started = new CopyOnWriteArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    ExecutorAllocator.Listener listener = new ExecutorAllocator.Listener() {
      @Override
      public void executorStarted(String executorId, AllocatedContainer container) {
        started.add(executorId);
      }

      @Override
      public void executorLost(String executorId, String reason) {
        failures.add("lost " + executorId + ": " + reason);
      }

      @Override
      public void allocationFailed(String reason) {
        failures.add(reason);
      }

      @Override
      public void shutdownRequested(String reason) {
        failures.add(reason);
      }
    };
    proxy.cut();
    ExecutorAllocator allocator = new ExecutorAllocator(new ExecutorAllocator.Settings(2, 512, 1, 4, TIMEOUT), rm,
        new NodeManagerClient(h::nmChannel, TIMEOUT), id -> new ExecutorLaunch(List.of("true"), Map.of(), Map.of()),
        listener);
    try {
      allocator.start();
      await("the allocator dialling the RM again and again").atMost(TIMEOUT)
          .until(proxy::droppedConnections, n -> n >= 6); // more than its old limit of 5 tries
      assertThat(started).isEmpty();

      proxy.restore();
      await("both executors launched after the outage").atMost(TIMEOUT).until(() -> started.size() == 2);
      assertThat(failures).isEmpty();
    } finally {
      allocator.close();
    }
  }
}
