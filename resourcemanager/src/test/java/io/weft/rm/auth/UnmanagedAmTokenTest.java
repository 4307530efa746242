package io.weft.rm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.proto.ApplicationReport;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.SubmitApplicationRequest;
import io.grpc.Channel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With authenticated users, an unmanaged AM's token goes to its proven owner alone: not to an administrator who may
 * view the application, nor to a caller who claims the owner's name.
 */
class UnmanagedAmTokenTest {
  @TempDir Path dir;
  TokenRm cluster;

  @BeforeEach
  void start() {
    cluster = new TokenRm(dir, Map.of());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private ApplicationReport report(Channel channel, String app) {
    return cluster.client(channel).getApplicationReport(GetApplicationReportRequest.newBuilder()
        .setApplicationId(app).build()).getReport();
  }

  @Test
  void onlyTheProvenOwnerGetsTheToken() throws Exception {
    String alice = cluster.issue("alice");
    Channel asAlice = cluster.withToken(alice);
    String app = cluster.client(asAlice).getNewApplication(GetNewApplicationRequest.getDefaultInstance())
        .getApplicationId();
    cluster.client(asAlice).submitApplication(SubmitApplicationRequest.newBuilder().setSubmissionContext(
        ApplicationSubmissionContext.newBuilder().setApplicationId(app).setName("uam").setQueue("default")
            .setUnmanagedAm(true)).build());

    assertThat(report(asAlice, app).getAmrmToken().isEmpty()).as("the owner").isFalse();
    ApplicationReport admins = report(cluster.withToken(cluster.adminToken()), app);
    assertThat(admins.getUser()).isEqualTo("alice");
    assertThat(admins.getAmrmToken().isEmpty()).as("an administrator sees the report, not the token").isTrue();
    // bob's token proves bob, whatever his weft-user header claims: he may not even view it
    String bob = cluster.issue("bob");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> report(cluster.withTokenClaiming(bob, "alice"), app))
        .hasMessageContaining("PERMISSION_DENIED");
  }
}
