package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationReport;
import io.weft.proto.GetApplicationsRequest;
import io.weft.proto.GetClusterMetricsRequest;
import io.weft.proto.GetQueueInfoRequest;
import io.weft.proto.KillApplicationRequest;
import io.weft.proto.MoveApplicationAcrossQueuesRequest;
import io.weft.proto.WatchApplicationRequest;
import io.weft.proto.YarnApplicationState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ClientServiceTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;

  @BeforeEach
  void start() {
    h = new RmHarness(grpc, staging, Map.of());
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** Opens a watch of {@code appId}: the states it streams go to {@code seen}; the future ends with the stream. */
  private CompletableFuture<Void> watch(String appId, List<YarnApplicationState> seen) {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    ApplicationClientServiceGrpc.newStub(h.channel).watchApplication(
        WatchApplicationRequest.newBuilder().setApplicationId(appId).build(), new StreamObserver<>() {
          @Override
          public void onNext(ApplicationReport r) {
            seen.add(r.getState());
          }

          @Override
          public void onError(Throwable t) {
            ended.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            ended.complete(null);
          }
        });
    return ended;
  }

  @Test
  void getApplications_withAStateNumberTheSchemaDoesNotKnow_isInvalidArgumentNamingIt() {
    assertThatThrownBy(() -> h.client().getApplications(io.weft.proto.GetApplicationsRequest.newBuilder()
        .addStatesValue(1365).build()))
        .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("application state number 1365 is not a state")
              .contains("RUNNING");
        });
  }

  @Test
  void watch_streamsCurrentReportThenEachStateChange_andEndsAfterAFinalState() throws Exception {
    h.registerNode("n1", 1, 8192, 8);
    String appId = h.submit(1024);
    h.awaitState(appId, YarnApplicationState.ACCEPTED);
    List<YarnApplicationState> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> ended = watch(appId, seen);
    h.client().killApplication(KillApplicationRequest.newBuilder().setApplicationId(appId).build());
    ended.get(10, TimeUnit.SECONDS);
    // FINAL_SAVING is the RM's own: clients see ACCEPTED until the kill is saved (YARN's mapping)
    assertThat(seen).containsExactly(YarnApplicationState.ACCEPTED, YarnApplicationState.KILLED);
  }

  @Test
  void aWatchOpenWhenTheRmStopsServing_endsUnavailable_soTheClientWatchesAgainWhereTheActiveRmIs() {
    h.registerNode("n1", 1, 8192, 8);
    String appId = h.submit(1024);
    h.awaitState(appId, YarnApplicationState.ACCEPTED);
    List<YarnApplicationState> seen = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> ended = watch(appId, seen);
    org.awaitility.Awaitility.await().until(() -> !seen.isEmpty());

    h.rm.close(); // what stepping down to standby does to the active services; the server stays up

    assertThat(ended).failsWithin(java.time.Duration.ofSeconds(10)).withThrowableThat().havingCause()
        .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).contains("stopped serving");
        });
  }

  @Test
  void getApplications_filtersByStateTypeAndLimit() {
    h.registerNode("n1", 1, 8192, 8);
    String killed = h.submit(1024);
    h.client().killApplication(KillApplicationRequest.newBuilder().setApplicationId(killed).build());
    String accepted = h.submit(1024);
    h.awaitState(accepted, YarnApplicationState.ACCEPTED);

    assertThat(h.client().getApplications(GetApplicationsRequest.newBuilder()
        .addStates(YarnApplicationState.KILLED).build()).getApplicationsList())
        .extracting(ApplicationReport::getApplicationId).containsExactly(killed);
    assertThat(h.client().getApplications(GetApplicationsRequest.newBuilder().addApplicationTypes("weft")
        .addUsers("alice").setLimit(1).build()).getApplicationsList())
        .extracting(ApplicationReport::getApplicationId).containsExactly(killed);
    assertThat(h.client().getApplications(GetApplicationsRequest.newBuilder().addQueues("other").build())
        .getApplicationsList()).isEmpty();
  }

  @Test
  void metricsAndQueue_describeTheSingleDefaultQueue() {
    h.registerNode("n1", 1, 8192, 8);
    String appId = h.submit(1024);
    h.awaitState(appId, YarnApplicationState.ACCEPTED);
    var metrics = h.client().getClusterMetrics(GetClusterMetricsRequest.getDefaultInstance()).getMetrics();
    assertThat(metrics.getNumActiveNodeManagers()).isEqualTo(1);
    assertThat(metrics.getAppsPending()).isEqualTo(1);
    assertThat(metrics.getAllocated().getMemoryMb()).isEqualTo(1024);
    var root = h.client().getQueueInfo(GetQueueInfoRequest.newBuilder().setIncludeApplications(true)
        .setIncludeChildQueues(true).build()).getQueueInfo();
    assertThat(root.getQueueName()).isEqualTo("root");
    assertThat(root.getApplicationsList()).hasSize(1);
    assertThat(root.getChildQueuesList()).singleElement().satisfies(q -> {
      assertThat(q.getQueuePath()).isEqualTo("root.default");
      assertThat(q.getCapacity()).isEqualTo(1f);
      assertThat(q.getUsed().getMemoryMb()).isEqualTo(1024);
    });
    assertThatThrownBy(() -> h.client().getQueueInfo(GetQueueInfoRequest.newBuilder().setQueueName("prod").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void move_toAnotherQueue_isNotFoundNamingTheQueue_andToItsOwnIsFine() {
    String appId = h.submit(1024);
    h.client().moveApplicationAcrossQueues(MoveApplicationAcrossQueuesRequest.newBuilder().setApplicationId(appId)
        .setTargetQueue("default").build());
    assertThatThrownBy(() -> h.client().moveApplicationAcrossQueues(MoveApplicationAcrossQueuesRequest.newBuilder()
        .setApplicationId(appId).setTargetQueue("prod").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).contains("'prod'");
        });
  }
}
