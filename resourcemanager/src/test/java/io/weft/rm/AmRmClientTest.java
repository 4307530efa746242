package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.weft.am.client.AmRmClient;
import io.weft.am.client.AmRmClientAsync;
import io.weft.am.client.Container;
import io.weft.am.client.ContainerLaunchContext;
import io.weft.am.client.ContainerRequest;
import io.weft.am.client.ContainerStatus;
import io.weft.am.client.FinalApplicationStatus;
import io.weft.am.client.LocalResource;
import io.weft.am.client.NmClientAsync;
import io.weft.am.client.PreemptionMessage;
import io.weft.am.client.RegisterResponse;
import io.weft.am.client.RejectedRequest;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AmRmTokenIdentifier;
import io.weft.proto.KillApplicationRequest;
import io.weft.proto.Token;
import io.weft.proto.YarnApplicationState;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public AM API ({@code io.weft.am.client}) against the real RM's gRPC services, in-process, and
 * against the recording fake NMs the RM grants containers on.
 */
class AmRmClientTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ContainerRequest SMALL = ContainerRequest.anywhere(Resource.of(1024, 1), 1);

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  RmHarness.Node n1;
  String appId;
  AmRmClient client;

  /** An RM whose Allocate may wait up to {@code rmMaxWaitMs}, a node, and an application whose AM container started. */
  private void start(long rmMaxWaitMs) throws Exception {
    start(Map.of(RmKeys.ALLOCATE_MAX_WAIT.key(), Long.toString(rmMaxWaitMs)));
  }

  private void start(Map<String, String> conf) throws Exception {
    start(conf, "default");
  }

  private void start(Map<String, String> conf, String queue) throws Exception {
    h = new RmHarness(grpc, staging, conf);
    n1 = h.registerNode("n1", 1, 8192, 8);
    appId = h.submit(1024, queue);
    Token token = RmHarness.amrmToken(h.awaitStart(n1, 1));
    ApplicationAttemptId attempt = ApplicationAttemptId.parse(
        AmRmTokenIdentifier.parseFrom(token.getIdentifier()).getApplicationAttemptId());
    client = AmRmClient.create(h.channel, token.toByteArray(), attempt, TIMEOUT);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (h != null) {
      h.close();
    }
  }

  /** Records every callback. */
  static final class Recorder implements AmRmClientAsync.CallbackHandler {
    final List<Container> allocated = new CopyOnWriteArrayList<>();
    final List<ContainerStatus> completed = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final List<RejectedRequest> rejected = new CopyOnWriteArrayList<>();
    final List<String> waiting = new CopyOnWriteArrayList<>();
    final List<PreemptionMessage> preemptions = new CopyOnWriteArrayList<>();
    volatile boolean shutdown;

    @Override
    public void onContainersCompleted(List<ContainerStatus> statuses) {
      completed.addAll(statuses);
    }

    @Override
    public void onContainersAllocated(List<Container> containers) {
      allocated.addAll(containers);
    }

    @Override
    public void onShutdownRequest() {
      shutdown = true;
    }

    @Override
    public float getProgress() {
      return 0.5f;
    }

    @Override
    public void onRequestsRejected(List<RejectedRequest> requests) {
      rejected.addAll(requests);
    }

    @Override
    public void onWaiting(String reason) {
      waiting.add(reason);
    }

    @Override
    public void onPreemptionMessageReceived(PreemptionMessage message) {
      preemptions.add(message);
    }

    @Override
    public void onError(Throwable error) {
      errors.add(error);
    }
  }

  @Test
  void syncClient_getsWhatItAskedFor_andDoesNotAskAgainForAnUnchangedTable() throws Exception {
    start(10_000);
    RegisterResponse registration = client.registerApplicationMaster("n1", 0, "");
    assertThat(registration.maximumCapability()).isEqualTo(Resource.of(8192, 8));
    assertThat(registration.queue()).isEqualTo("default");

    for (int i = 0; i < 3; i++) {
      client.addContainerRequest(SMALL);
    }
    List<Container> granted = new ArrayList<>();
    while (granted.size() < 3) {
      granted.addAll(client.allocate(0.1f, TIMEOUT).allocatedContainers()); // long poll: answers once placed
    }

    assertThat(granted).hasSize(3).allSatisfy(c -> {
      assertThat(c.nodeId().toString()).isEqualTo("n1:1");
      assertThat(c.resource().memoryMb()).isEqualTo(1024);
      assertThat(c.priority()).isEqualTo(1);
      assertThat(c.containerToken()).isNotEmpty();
    });
    assertThat(client.hasUnsentChanges()).isFalse();
    assertThat(client.allocate(0.2f, Duration.ZERO).allocatedContainers()).isEmpty();
  }

  /**
   * Queue low holds the whole node and high, below its guarantee, waits for its AM: the RM tells low's AM which
   * containers it takes back; released within the grace period (the fake clock never reaches its end), they
   * complete as released, not killed, and high's AM gets the room.
   */
  @Test
  void asyncClient_isToldOfPreemption_andWhatItReleasesInTheGraceEndsAsReleased() throws Exception {
    String q = "weft.scheduler.capacity.";
    start(Map.of(RmKeys.PREEMPTION.key(), "true", RmKeys.PREEMPTION_GRACE.key(), "60000",
        q + "root.queues", "low,high", q + "root.low.capacity", "50", q + "root.high.capacity", "50",
        q + "root.low.user-limit-factor", "2", q + "maximum-am-resource-percent", "1"), "low");
    Recorder recorder = new Recorder();
    try (AmRmClientAsync async = AmRmClientAsync.create(client, Duration.ofSeconds(10), recorder)) {
      async.registerApplicationMaster("n1", 0, "");
      async.addContainerRequests(Collections.nCopies(7, SMALL)); // with the AM's 1 GB, the whole 8 GB node
      await().atMost(TIMEOUT).until(() -> recorder.allocated.size() == 7);

      h.submit(1024, "high");
      PreemptionMessage told = await().atMost(TIMEOUT).until(
          () -> recorder.preemptions.isEmpty() ? null : recorder.preemptions.get(0), m -> m != null);
      assertThat(told.gracePeriod()).isEqualTo(Duration.ofSeconds(60));
      assertThat(told.contract()).isEmpty();
      assertThat(told.strictContract()).as("containers the AM was granted, never its own")
          .isNotEmpty().isSubsetOf(recorder.allocated.stream().map(Container::id).toList());
      told.strictContract().forEach(async::releaseAssignedContainer);

      assertThat(h.awaitStart(n1, 2).getContainerLaunchContext().getCommandList())
          .as("high's AM container, started in the room released").contains("AppMaster");
      await().atMost(TIMEOUT).until(() -> recorder.completed.stream().map(ContainerStatus::containerId).toList()
          .containsAll(told.strictContract()));
      assertThat(recorder.completed).allSatisfy(s -> assertThat(s.exitStatus()).as("released by the AM, not preempted")
          .isEqualTo(ExitStatus.KILLED_BY_APPMASTER));
    }
    assertThat(recorder.errors).isEmpty();
  }

  @Test
  void syncClient_askAboveTheMaximum_isRefusedNamingTheLimit() throws Exception {
    start(10_000);
    client.registerApplicationMaster("n1", 0, "");
    client.addContainerRequest(ContainerRequest.anywhere(Resource.of(16_384, 1), 1));

    assertThatThrownBy(() -> client.allocate(0f, Duration.ZERO)).isInstanceOf(WeftException.class)
        .hasMessageContaining("16384 MB exceeds the maximum allocation 8192 MB")
        .satisfies(e -> assertThat(((WeftException) e).code()).isEqualTo(WeftException.Code.INVALID_ARGUMENT));
  }

  @Test
  void asyncClient_reportsGrantsCompletionsWithExitStatus_andUnregisters() throws Exception {
    start(10_000);
    Recorder recorder = new Recorder();
    try (AmRmClientAsync async = AmRmClientAsync.create(client, Duration.ofSeconds(10), recorder)) {
      async.registerApplicationMaster("n1", 0, "");
      async.addContainerRequests(Collections.nCopies(2, SMALL));
      await().atMost(TIMEOUT).until(() -> recorder.allocated.size() == 2);
      String failing = recorder.allocated.get(0).id().toString();
      Container released = recorder.allocated.get(1);

      h.heartbeat(n1, RmHarness.running(failing));
      h.heartbeat(n1, RmHarness.exited(failing, 2));
      async.releaseAssignedContainer(released.id());

      await().atMost(TIMEOUT).until(() -> recorder.completed.size() == 2);
      assertThat(recorder.completed).anySatisfy(s -> {
        assertThat(s.containerId().toString()).isEqualTo(failing);
        assertThat(s.exitStatus()).isEqualTo(2);
        assertThat(s.state()).isEqualTo(ContainerStatus.State.COMPLETE);
      }).anySatisfy(s -> assertThat(s.containerId()).isEqualTo(released.id()));
      assertThat(recorder.allocated).hasSize(2);

      assertThat(async.unregisterApplicationMaster(FinalApplicationStatus.FAILED, "1 of 2 failed", "")).isTrue();
    }
    assertThat(recorder.errors).isEmpty();
    var report = h.report(appId);
    assertThat(report.getFinalStatus()).isEqualTo(io.weft.proto.FinalApplicationStatus.FINAL_FAILED);
    assertThat(report.getDiagnostics()).contains("1 of 2 failed");
  }

  @Test
  void gang_thatCannotBePlacedWhole_getsNothing_andIsReportedRejectedOnceItsTimeoutPasses() throws Exception {
    start(1_000);
    Recorder recorder = new Recorder();
    ContainerRequest big = ContainerRequest.anywhere(Resource.of(4096, 1), 1).withGang(3, Duration.ofMillis(300));
    try (AmRmClientAsync async = AmRmClientAsync.create(client, Duration.ofMillis(200), recorder)) {
      async.registerApplicationMaster("n1", 0, "");
      async.addContainerRequests(Collections.nCopies(3, big)); // one of them would fit n1, never all three
      await().atMost(TIMEOUT).until(() -> h.report(appId).getDiagnostics().contains("gang of 3 waiting")
          || !recorder.waiting.isEmpty());
      assertThat(recorder.rejected).as("not before its timeout").isEmpty();

      h.clock.advance(Duration.ofSeconds(1));
      await().atMost(TIMEOUT).until(() -> !recorder.rejected.isEmpty());
      assertThat(recorder.rejected).singleElement().satisfies(r -> {
        assertThat(r.count()).isEqualTo(3);
        assertThat(r.capability()).isEqualTo(Resource.of(4096, 1));
        assertThat(r.reason()).startsWith("gang of 3 (of 3 containers of 4096 MB at priority 1) was not placed");
      });
      assertThat(recorder.allocated).isEmpty();

      // withdrawn from the client's table too: a request of another shape under the same key is now accepted
      async.addContainerRequest(ContainerRequest.anywhere(Resource.of(4096, 1), 1));
      await().atMost(TIMEOUT).until(() -> recorder.allocated.size() == 1);
    }
    assertThat(recorder.errors).isEmpty();
  }

  @Test
  void gang_thatFits_isPlacedInOneAnswer() throws Exception {
    start(10_000);
    h.registerNode("n2", 1, 8192, 8);
    client.registerApplicationMaster("n1", 0, "");
    client.addContainerRequests(Collections.nCopies(3, ContainerRequest.anywhere(Resource.of(4096, 1), 1)
        .withGang(3, Duration.ZERO)));

    assertThat(client.allocate(0f, TIMEOUT).allocatedContainers()).hasSize(3);
  }

  @Test
  void antiAffinity_putsEachContainerOnANodeOfItsOwn_whereThePackingPolicyWouldShareOne() throws Exception {
    start(Map.of(RmKeys.ALLOCATE_MAX_WAIT.key(), "10000", RmKeys.PLACEMENT.key(), "pack"));
    h.registerNode("n2", 1, 8192, 8);
    client.registerApplicationMaster("n1", 0, "");
    client.addContainerRequests(Collections.nCopies(2, SMALL.withAntiAffinity()));

    List<Container> granted = new ArrayList<>();
    while (granted.size() < 2) {
      granted.addAll(client.allocate(0f, TIMEOUT).allocatedContainers());
    }
    assertThat(granted).extracting(c -> c.nodeId().toString()).containsExactlyInAnyOrder("n1:1", "n2:1");
  }

  @Test
  void requestsOfOneKey_mustAgreeOnTheirPlacement() throws Exception {
    start(10_000);
    client.addContainerRequest(SMALL);

    assertThatThrownBy(() -> client.addContainerRequest(SMALL.withGang(2, Duration.ZERO)))
        .isInstanceOf(WeftException.class)
        .hasMessageContaining("with a gang of 2").hasMessageContaining("have no gang")
        .hasMessageContaining("give it another allocation request id");
    assertThatThrownBy(() -> SMALL.withGang(-1, Duration.ZERO)).hasMessageContaining("gang size -1");
  }

  @Test
  void anAnswerLostWithItsCancelledCall_isHandedOverByTheRepeat_beforeAnyNewAsk() throws Exception {
    start(60_000);
    // The first Allocate reaches the RM, which grants the container, but its answer is lost: the call ends
    // CANCELLED, as when the AM cancels a call the RM has already answered.
    AtomicBoolean dropped = new AtomicBoolean();
    AtomicInteger allocates = new AtomicInteger();
    Channel losingFirstAnswer = ClientInterceptors.intercept(h.channel, new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
          CallOptions options, Channel next) {
        boolean allocate = method.getBareMethodName().equals("Allocate");
        if (allocate) {
          allocates.incrementAndGet();
        }
        boolean drop = allocate && dropped.compareAndSet(false, true);
        return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            super.start(!drop ? listener : new SimpleForwardingClientCallListener<>(
                listener) {
              @Override
              public void onMessage(R message) {
                // lost
              }

              @Override
              public void onClose(Status status, Metadata trailers) {
                super.onClose(Status.CANCELLED.withDescription("the answer was lost"), trailers);
              }
            }, headers);
          }
        };
      }
    });
    Token token = RmHarness.amrmToken(h.awaitStart(n1, 1));
    ApplicationAttemptId attempt = ApplicationAttemptId.parse(
        AmRmTokenIdentifier.parseFrom(token.getIdentifier()).getApplicationAttemptId());
    try (AmRmClient losing = AmRmClient.create(losingFirstAnswer, token.toByteArray(), attempt, TIMEOUT)) {
      losing.registerApplicationMaster("n1", 0, "");
      losing.addContainerRequest(SMALL);
      assertThatThrownBy(() -> losing.allocate(0.1f, Duration.ofSeconds(60)))
          .isInstanceOfSatisfying(WeftException.class,
              e -> assertThat(e.code()).isEqualTo(WeftException.Code.CANCELLED));

      // The repeat brings the container back, at once: not held for the RM's whole minute behind a long poll,
      // nor behind a new call whose asks were made without knowing of it (the RM would grant them again).
      CompletableFuture<List<Container>> next = CompletableFuture.supplyAsync(
          () -> losing.allocate(0.1f, Duration.ofSeconds(60)).allocatedContainers());
      assertThat(next.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).hasSize(1);
      assertThat(allocates).as("the lost call and its repeat, nothing more").hasValue(2);
    }
  }

  @Test
  void asyncClient_sendsARequestMadeDuringALongPollAtOnce() throws Exception {
    start(60_000);
    Recorder recorder = new Recorder();
    try (AmRmClientAsync async = AmRmClientAsync.create(client, Duration.ofSeconds(60), recorder)) {
      async.registerApplicationMaster("n1", 0, "");
      async.addContainerRequest(SMALL);
      await().atMost(TIMEOUT).until(() -> recorder.allocated.size() == 1);
      // The heartbeat re-issued Allocate as it handed over that grant: it now waits in the RM for up to a minute.
      async.removeContainerRequest(SMALL); // satisfied (YARN's contract), so the table asks for 1 more, not 2
      async.addContainerRequest(SMALL);

      await("the second grant, long before the poll would end").atMost(TIMEOUT)
          .until(() -> recorder.allocated.size() == 2);
    }
  }

  @Test
  void asyncClient_applicationKilled_callsOnShutdownRequest() throws Exception {
    start(200);
    Recorder recorder = new Recorder();
    try (AmRmClientAsync async = AmRmClientAsync.create(client, Duration.ofMillis(200), recorder)) {
      async.registerApplicationMaster("n1", 0, "");
      h.client().killApplication(KillApplicationRequest.newBuilder().setApplicationId(appId).build());

      await().atMost(TIMEOUT).until(() -> recorder.shutdown);
    }
    assertThat(recorder.errors).isEmpty();
    h.awaitState(appId, YarnApplicationState.KILLED);
  }

  /** Records every NM callback. */
  static final class NmRecorder implements NmClientAsync.CallbackHandler {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onContainerStarted(ContainerId containerId) {
      events.add("started " + containerId);
    }

    @Override
    public void onContainerStatusReceived(ContainerId containerId, ContainerStatus status) {
      events.add("status " + containerId + " " + status.state());
    }

    @Override
    public void onContainerStopped(ContainerId containerId) {
      events.add("stopped " + containerId);
    }

    @Override
    public void onStartContainerError(ContainerId containerId, Throwable error) {
      events.add("start failed " + containerId + ": " + error.getMessage());
    }

    @Override
    public void onGetContainerStatusError(ContainerId containerId, Throwable error) {
      events.add("status failed " + containerId + ": " + error.getMessage());
    }

    @Override
    public void onStopContainerError(ContainerId containerId, Throwable error) {
      events.add("stop failed " + containerId + ": " + error.getMessage());
    }
  }

  @Test
  void nmClient_startsWithTheGrantsToken_reportsStatus_andStops() throws Exception {
    start(10_000);
    client.registerApplicationMaster("n1", 0, "");
    client.addContainerRequest(SMALL);
    Container container = client.allocate(0f, TIMEOUT).allocatedContainers().get(0);
    NmRecorder recorder = new NmRecorder();
    try (NmClientAsync nm = NmClientAsync.create(h::nmChannel, TIMEOUT, recorder)) {
      nm.startContainerAsync(container, new ContainerLaunchContext(List.of("bash", "-c", "echo hi"),
          Map.of("GREETING", "hi"), Map.of("run.sh", LocalResource.file("staging:abc"))));
      await().atMost(TIMEOUT).until(() -> recorder.events.contains("started " + container.id()));
      nm.getContainerStatusAsync(container.id(), container.nodeId());
      await().atMost(TIMEOUT).until(() -> recorder.events.contains("status " + container.id() + " RUNNING"));
      nm.stopContainerAsync(container.id(), container.nodeId());
      await().atMost(TIMEOUT).until(() -> recorder.events.contains("stopped " + container.id()));
      ContainerId unknown = ContainerId.parse(container.id().toString().replaceFirst("_\\d+$", "_999999"));
      nm.getContainerStatusAsync(unknown, container.nodeId());
      await().atMost(TIMEOUT).until(() -> recorder.events.stream().anyMatch(e -> e.startsWith("status failed " + unknown)));
    }

    var launch = n1.service().started.get(1).getContainerLaunchContext();
    assertThat(launch.getCommandList()).containsExactly("bash", "-c", "echo hi");
    assertThat(launch.getEnvironmentMap()).containsEntry("GREETING", "hi");
    assertThat(launch.getLocalResourcesMap().get("run.sh").getUri()).isEqualTo("staging:abc");
    assertThat(n1.service().stopped).anySatisfy(stop -> {
      assertThat(stop.getContainerIdsList()).containsExactly(container.id().toString());
      assertThat(stop.getExitStatus()).isEqualTo(-105);
    });
  }

  @Test
  void forgedToken_isRefusedAtRegistration() throws Exception {
    start(200);
    AmRmClient forged = AmRmClient.create(h.channel, new byte[] {1, 2, 3}, client.applicationAttemptId(), TIMEOUT);

    assertThatThrownBy(() -> forged.registerApplicationMaster("n1", 0, ""))
        .isInstanceOf(WeftException.class)
        .satisfies(e -> assertThat(((WeftException) e).code()).isEqualTo(WeftException.Code.UNAUTHENTICATED));
  }
}
