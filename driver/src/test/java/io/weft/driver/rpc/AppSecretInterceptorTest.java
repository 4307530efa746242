package io.weft.driver.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.driver.scheduler.TaskScheduler;
import io.weft.proto.DriverServiceGrpc;
import io.weft.proto.GetMapOutputLocationsRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AppSecretInterceptorTest {
  @RegisterExtension
  final InProcessGrpc grpc = new InProcessGrpc();

  private DriverServiceGrpc.DriverServiceBlockingStub stub(String secret) {
    ManagedChannel channel = grpc.serve(List.of(new AppSecretServerInterceptor("application_1_0001", "right")),
        new DriverServiceHandler("application_1_0001", new TaskScheduler(4), DriverServices.none()));
    return DriverServiceGrpc.newBlockingStub(secret == null ? channel
        : ClientInterceptors.intercept(channel, new AppSecretClientInterceptor(secret)));
  }

  @Test
  void callWithoutSecret_isUnauthenticated() {
    assertThatThrownBy(() -> stub(null).getMapOutputLocations(GetMapOutputLocationsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("missing application secret");
        });
  }

  @Test
  void callWithWrongSecret_isUnauthenticated() {
    assertThatThrownBy(() -> stub("wrong").getMapOutputLocations(GetMapOutputLocationsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void callWithTheRightSecret_passesTheCheck() {
    // The driver answers map output locations with each task instead of this call; UNIMPLEMENTED
    // (rather than UNAUTHENTICATED) shows the request got past authentication.
    assertThatThrownBy(() -> stub("right").getMapOutputLocations(GetMapOutputLocationsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
  }
}
