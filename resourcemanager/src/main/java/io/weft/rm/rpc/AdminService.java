package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.weft.proto.RefreshQueuesRequest;
import io.weft.proto.RefreshQueuesResponse;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.rm.core.RmCore;
import io.weft.rm.queue.QueueSource;
import java.util.concurrent.CompletableFuture;

/** ResourceManagerAdministrationService: {@code weft rmadmin} commands. */
public final class AdminService extends ResourceManagerAdministrationServiceGrpc.ResourceManagerAdministrationServiceImplBase {
  private final RmCore core;
  private final QueueSource queues;

  public AdminService(RmCore core, QueueSource queues) {
    this.core = requireNonNull(core);
    this.queues = requireNonNull(queues);
  }

  @Override
  public void refreshQueues(RefreshQueuesRequest request, StreamObserver<RefreshQueuesResponse> out) {
    // the file is read and validated off the core loop; only the swap runs on it
    Calls.answer(out, () -> CompletableFuture.completedFuture(queues.load()).thenCompose(core::refreshQueues),
        root -> RefreshQueuesResponse.newBuilder().setRoot(RmProtos.toProto(root)).setSource(queues.describe())
            .build());
  }
}
