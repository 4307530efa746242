package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.GetQueueInfoRequest;
import io.weft.proto.QueueInfo;
import io.weft.proto.RefreshQueuesRequest;
import io.weft.proto.RefreshQueuesResponse;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.rm.config.RmKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code RefreshQueues} over gRPC against a real queue file. */
class AdminServiceTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path dir;
  RmHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private void write(Path file, String text) throws Exception {
    Files.writeString(file, text);
  }

  private RefreshQueuesResponse refresh() {
    return ResourceManagerAdministrationServiceGrpc.newBlockingStub(h.channel).withDeadlineAfter(10, TimeUnit.SECONDS)
        .refreshQueues(RefreshQueuesRequest.getDefaultInstance());
  }

  private QueueInfo root() {
    return h.client().getQueueInfo(GetQueueInfoRequest.newBuilder().setRecursive(true).build()).getQueueInfo();
  }

  @Test
  void refreshQueues_appliesAChangedFile_andRefusesABadOneWhole() throws Exception {
    Path file = dir.resolve("capacity-scheduler.properties");
    write(file, """
        weft.scheduler.capacity.root.queues=default,analytics
        weft.scheduler.capacity.root.default.capacity=70
        weft.scheduler.capacity.root.analytics.capacity=30
        weft.scheduler.capacity.root.analytics.maximum-capacity=50
        """);
    h = new RmHarness(grpc, dir.resolve("staging"), Map.of(RmKeys.QUEUE_FILE.key(), file.toString()));
    assertThat(root().getChildQueuesList()).extracting(QueueInfo::getQueueName).containsExactly("default", "analytics");

    write(file, """
        weft.scheduler.capacity.root.queues=default,analytics,adhoc
        weft.scheduler.capacity.root.default.capacity=60
        weft.scheduler.capacity.root.analytics.capacity=30
        weft.scheduler.capacity.root.adhoc.capacity=10
        """);
    RefreshQueuesResponse answer = refresh();
    assertThat(answer.getSource()).isEqualTo("queue file " + file);
    assertThat(root().getChildQueuesList()).extracting(QueueInfo::getQueueName)
        .containsExactly("default", "analytics", "adhoc");
    assertThat(root().getChildQueues(0).getCapacity()).isEqualTo(0.6f);

    write(file, """
        weft.scheduler.capacity.root.queues=default,analytics,adhoc
        weft.scheduler.capacity.root.default.capacity=60
        weft.scheduler.capacity.root.analytics.capacity=30
        weft.scheduler.capacity.root.adhoc.capacity=20
        """);
    QueueInfo before = root();
    assertThatThrownBy(this::refresh).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getStatus().getDescription()).isEqualTo("queue file " + file + " is refused: queue configuration "
          + "weft.scheduler.capacity.root.queues=default,analytics,adhoc is refused: the capacities of its children "
          + "add up to 110.0%, not 100%");
    });
    assertThat(root()).isEqualTo(before);
  }
}
