package io.weft.am;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.StreamObserver;
import io.weft.common.security.AuthHeaders;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.AmCommand;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.Container;
import io.weft.proto.ContainerState;
import io.weft.proto.ContainerStatus;
import io.weft.proto.FinishApplicationMasterRequest;
import io.weft.proto.FinishApplicationMasterResponse;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.RegisterApplicationMasterResponse;
import io.weft.proto.Resource;
import io.weft.proto.ResourceRequest;
import io.weft.proto.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small real ApplicationMasterService: grants what is asked (plus {@code extraOnFirstGrant} once),
 * long-polls when it has nothing to say, and records every request and AMRM token header.
 */
final class FakeResourceManager extends ApplicationMasterServiceGrpc.ApplicationMasterServiceImplBase
    implements ServerInterceptor {
  static final String NODE = "127.0.0.1:45454";
  static final String ATTEMPT = "appattempt_1700000000000_0007_000001";

  final List<RegisterApplicationMasterRequest> registers = new ArrayList<>();
  final List<AllocateRequest> allocates = new ArrayList<>();
  final List<FinishApplicationMasterRequest> finishes = new ArrayList<>();
  // Not guarded by this object's monitor: interceptCall runs under the in-process transport's lock,
  // and answering a call (which takes that lock) while holding the monitor would deadlock with it.
  final List<byte[]> tokens = new CopyOnWriteArrayList<>();
  final List<String> granted = new ArrayList<>();
  final List<String> released = new ArrayList<>();
  private final List<ContainerStatus> completed = new ArrayList<>();
  private int extraOnFirstGrant;
  private boolean shutdown;
  private int nextContainer = 2;

  synchronized FakeResourceManager extraOnFirstGrant(int extra) {
    this.extraOnFirstGrant = extra;
    return this;
  }

  synchronized void orderShutdown() {
    shutdown = true;
    notifyAll();
  }

  synchronized void containerCompleted(String containerId, int exitStatus) {
    completed.add(ContainerStatus.newBuilder().setContainerId(containerId).setState(ContainerState.CONTAINER_COMPLETE)
        .setExitStatus(exitStatus).build());
    notifyAll();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    tokens.add(headers.get(AuthHeaders.AMRM_TOKEN));
    return next.startCall(call, headers);
  }

  @Override
  public synchronized void registerApplicationMaster(RegisterApplicationMasterRequest request,
      StreamObserver<RegisterApplicationMasterResponse> response) {
    registers.add(request);
    response.onNext(RegisterApplicationMasterResponse.newBuilder()
        .setMaximumResourceCapability(Resource.newBuilder().setMemoryMb(8192).setVcores(8)).build());
    response.onCompleted();
  }

  @Override
  public synchronized void allocate(AllocateRequest request, StreamObserver<AllocateResponse> response) {
    allocates.add(request);
    released.addAll(request.getReleasesList());
    int wanted = request.getAsksList().stream().mapToInt(ResourceRequest::getNumContainers).sum();
    if (wanted == 0 && completed.isEmpty() && !shutdown) {
      try {
        wait(request.getMaxWaitMs());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    AllocateResponse.Builder answer = AllocateResponse.newBuilder().setResponseId(request.getResponseId() + 1);
    if (shutdown) {
      answer.setAmCommand(AmCommand.AM_SHUTDOWN);
    } else if (wanted > 0) {
      ResourceRequest ask = request.getAsks(0);
      int count = wanted + extraOnFirstGrant;
      extraOnFirstGrant = 0;
      for (int i = 0; i < count; i++) {
        String id = String.format("container_1700000000000_0007_01_%06d", nextContainer++);
        granted.add(id);
        answer.addAllocatedContainers(Container.newBuilder().setId(id).setNodeId(NODE)
            .setResource(ask.getCapability()).setContainerToken(Token.newBuilder().setKind("ContainerToken")
                .setIdentifier(ByteString.copyFromUtf8(id))));
      }
    }
    answer.addAllCompletedContainerStatuses(completed);
    completed.clear();
    response.onNext(answer.build());
    response.onCompleted();
  }

  @Override
  public synchronized void finishApplicationMaster(FinishApplicationMasterRequest request,
      StreamObserver<FinishApplicationMasterResponse> response) {
    finishes.add(request);
    response.onNext(FinishApplicationMasterResponse.newBuilder().setIsUnregistered(true).build());
    response.onCompleted();
  }
}
