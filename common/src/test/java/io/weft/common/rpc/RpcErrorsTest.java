package io.weft.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.weft.common.testing.InProcessGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RpcErrorsTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();

  /** A stand-in service whose handler throws what the test gives it. */
  static final class ThrowingService extends HealthGrpc.HealthImplBase {
    private final RuntimeException failure;

    ThrowingService(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responseObserver) {
      throw failure;
    }
  }

  @Test
  void domainException_travelsWithItsCodeAndMessage() {
    var stub = HealthGrpc.newBlockingStub(grpc.serve(new ThrowingService(
        WeftException.notFound("application application_1_0001 is not known"))));
    assertThatThrownBy(() -> stub.check(HealthCheckRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).isEqualTo("application application_1_0001 is not known");
          WeftException back = RpcErrors.fromStatus(e, "get report");
          assertThat(back.code()).isEqualTo(WeftException.Code.NOT_FOUND);
          assertThat(back).hasMessage("application application_1_0001 is not known");
        });
  }

  @Test
  void domainExceptionNamingAHugeValue_travelsWithItsMessageCut_soTheStatusHeaderStaysSmall() {
    String huge = "p".repeat(100 * 1024);
    var stub = HealthGrpc.newBlockingStub(grpc.serve(new ThrowingService(
        WeftException.invalidArgument("'" + huge + "' is not an application id"))));
    assertThatThrownBy(() -> stub.check(HealthCheckRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).startsWith("'ppp")
              .endsWith("... (cut; " + (huge.length() + 27) + " characters in all)")
              .hasSizeLessThan(RpcErrors.MAX_DESCRIPTION_CHARS + 50);
        });
  }

  @Test
  void bug_travelsAsInternalWithoutStackTrace() {
    var stub = HealthGrpc.newBlockingStub(grpc.serve(new ThrowingService(new IllegalStateException("boom"))));
    assertThatThrownBy(() -> stub.check(HealthCheckRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.getStatus().getDescription()).doesNotContain("at io.weft");
        });
  }

  @Test
  void aConnectionResetUnderACall_isUnavailable_soItIsRetried() {
    StatusRuntimeException reset = Status.UNKNOWN.withDescription("channel closed")
        .withCause(new java.nio.channels.ClosedChannelException()).asRuntimeException();

    WeftException e = RpcErrors.fromStatus(reset, "allocate");

    assertThat(e.code()).isEqualTo(WeftException.Code.UNAVAILABLE);
    assertThat(e).hasMessage("allocate: channel closed");
    assertThat(RetryPolicy.isRetryable(e)).isTrue();
    assertThat(RpcErrors.fromStatus(Status.UNKNOWN.withDescription("boom").asRuntimeException(), "allocate").code())
        .isEqualTo(WeftException.Code.INTERNAL);
  }
}
