package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.weft.common.security.AuthHeaders;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationReport;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.GetApplicationsRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.Token;
import io.weft.proto.YarnApplicationState;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmanaged AMs over the RM's gRPC services (simple authentication): who is handed the AMRM token, that it works
 * for the AM, that nothing is launched on a node, and which submissions are refused.
 */
class UnmanagedAmServiceTest {
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

  /** The client service as a caller claiming {@code user} (simple authentication). */
  private ApplicationClientServiceGrpc.ApplicationClientServiceBlockingStub as(String user) {
    Metadata claim = new Metadata();
    claim.put(AuthHeaders.USER, user);
    return h.client().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(claim))
        .withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  private static ApplicationSubmissionContext.Builder unmanaged(String appId) {
    return ApplicationSubmissionContext.newBuilder().setApplicationId(appId).setName("uam").setQueue("default")
        .setUser("alice").setApplicationType("WEFT").setUnmanagedAm(true);
  }

  private void submit(ApplicationSubmissionContext.Builder context) {
    as("alice").submitApplication(SubmitApplicationRequest.newBuilder().setSubmissionContext(context).build());
  }

  private ApplicationReport report(String user, String appId) {
    return as(user).getApplicationReport(GetApplicationReportRequest.newBuilder().setApplicationId(appId).build())
        .getReport();
  }

  @Test
  void theOwnerIsHandedTheAttemptsToken_whichRegistersItsAm_andNothingIsLaunchedOnANode() throws Exception {
    RmHarness.Node node = h.registerNode("n1", 1, 8192, 8);
    String appId = h.newApplication();
    submit(unmanaged(appId));

    ApplicationReport owners = report("alice", appId);
    assertThat(owners.getUnmanagedApplication()).isTrue();
    assertThat(owners.getState()).isEqualTo(YarnApplicationState.ACCEPTED);
    assertThat(owners.getAmContainerId()).isEmpty();
    assertThat(owners.getAmrmToken().isEmpty()).as("the owner gets the token").isFalse();
    Token token = Token.parseFrom(owners.getAmrmToken());
    h.am(token).registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder().setHost("client").build());

    ApplicationReport running = report("alice", appId);
    assertThat(running.getState()).isEqualTo(YarnApplicationState.RUNNING);
    assertThat(running.getHost()).isEqualTo("client");
    assertThat(node.service().started).as("no AM container anywhere").isEmpty();
  }

  @Test
  void anyoneElse_seesAnUnmanagedApplication_butNeverItsToken_norDoesAList() {
    String appId = h.newApplication();
    submit(unmanaged(appId));

    ApplicationReport bobs = report("bob", appId);
    assertThat(bobs.getUnmanagedApplication()).isTrue();
    assertThat(bobs.getAmrmToken().isEmpty()).isTrue();
    assertThat(as("alice").getApplications(GetApplicationsRequest.getDefaultInstance()).getApplicationsList())
        .singleElement().satisfies(r -> assertThat(r.getAmrmToken().isEmpty()).isTrue());
  }

  @Test
  void aManagedApplication_hasNoTokenInItsReport() {
    String appId = h.submit(1024);
    ApplicationReport report = report("alice", appId);
    assertThat(report.getUnmanagedApplication()).isFalse();
    assertThat(report.getAmrmToken().isEmpty()).isTrue();
  }

  @Test
  void anUnmanagedSubmission_withAnAmCommandOrMoreAttempts_isRefusedNamingWhy() {
    String appId = h.newApplication();
    assertThatThrownBy(() -> submit(unmanaged(appId).setAmContainerSpec(
        ContainerLaunchContext.newBuilder().addCommand("java").addCommand("MyAm"))))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains(appId).contains("2 command element(s)")
              .contains("must be empty");
        });
    assertThatThrownBy(() -> submit(unmanaged(appId).setMaxAppAttempts(3)))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains("max_app_attempts 3").contains("1 attempt");
        });
    submit(unmanaged(appId).setMaxAppAttempts(1));
    assertThat(report("alice", appId).getUnmanagedApplication()).isTrue();
  }
}
