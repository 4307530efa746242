package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.stub.StreamObserver;
import io.weft.proto.GetServiceStateRequest;
import io.weft.proto.GetServiceStateResponse;
import io.weft.proto.HaServiceState;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.proto.TransitionToStandbyRequest;
import io.weft.proto.TransitionToStandbyResponse;
import io.weft.rm.ha.HaAdmin;
import io.weft.rm.ha.HaStatus;
import java.util.concurrent.CompletableFuture;

/**
 * The HA calls of ResourceManagerAdministrationService (GetServiceState, TransitionToStandby). The
 * HA ResourceManager serves them on its own, standby or active; {@link AdminService} hands them here.
 */
public final class HaAdminCalls
    extends ResourceManagerAdministrationServiceGrpc.ResourceManagerAdministrationServiceImplBase {
  private final HaAdmin ha;

  public HaAdminCalls(HaAdmin ha) {
    this.ha = requireNonNull(ha);
  }

  @Override
  public void getServiceState(GetServiceStateRequest request, StreamObserver<GetServiceStateResponse> out) {
    Calls.answer(out, () -> CompletableFuture.completedFuture(ha.status()), s -> GetServiceStateResponse.newBuilder()
        .setState(toProto(s)).setRmId(s.self()).setReason(s.reason()).build());
  }

  @Override
  public void transitionToStandby(TransitionToStandbyRequest request, StreamObserver<TransitionToStandbyResponse> out) {
    Calls.answer(out, ha::transitionToStandby,
        s -> TransitionToStandbyResponse.newBuilder().setState(toProto(s)).build());
  }

  private static HaServiceState toProto(HaStatus status) {
    return switch (status.state()) {
      case INITIALIZING -> HaServiceState.HA_INITIALIZING;
      case STANDBY -> HaServiceState.HA_STANDBY;
      case ACTIVE -> HaServiceState.HA_ACTIVE;
      case STOPPED -> HaServiceState.HA_STOPPED;
    };
  }
}
