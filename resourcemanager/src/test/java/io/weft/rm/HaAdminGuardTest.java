package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.weft.common.security.AuthHeaders;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.proto.TransitionToStandbyRequest;
import io.weft.rm.config.RmKeys;
import io.weft.rm.ha.HaServiceState;
import io.weft.rm.rpc.NodeChannels;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HA admin calls of an active RM are behind weft.admin.acl, as the other admin calls are. */
class HaAdminGuardTest {
  @TempDir Path dir;
  private TestingServer zk;
  private HaResourceManager rm;
  private ManagedChannel channel;

  @AfterEach
  void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (rm != null) {
      rm.close();
    }
    if (zk != null) {
      zk.close();
    }
  }

  private ResourceManagerAdministrationServiceGrpc.ResourceManagerAdministrationServiceBlockingStub as(String user) {
    Metadata claim = new Metadata();
    claim.put(AuthHeaders.USER, user);
    return ResourceManagerAdministrationServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(claim))).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void transitionToStandby_ofTheActiveRm_isForAdministratorsOnly() throws Exception {
    zk = new TestingServer(true);
    HaCluster cluster = new HaCluster(zk.getConnectString(), dir);
    rm = new HaResourceManager(cluster.of("rm1").with(RmKeys.ADMIN_ACL, "admin"), Clock.systemUTC(),
        NodeChannels.netty(io.grpc.InsecureChannelCredentials.create()), StateStores::open);
    rm.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> rm.status().state() == HaServiceState.ACTIVE);
    channel = NettyChannelBuilder.forAddress(rm.address().host(), rm.address().port()).usePlaintext().build();

    assertThatThrownBy(() -> as("mallory").transitionToStandby(TransitionToStandbyRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
          assertThat(e.getStatus().getDescription()).contains("mallory").contains("weft.admin.acl");
        });
    assertThat(rm.status().state()).isEqualTo(HaServiceState.ACTIVE);
    // the admin's call is served (alone in the election, the RM then wins it again)
    assertThat(as("admin").transitionToStandby(TransitionToStandbyRequest.getDefaultInstance())).isNotNull();
  }
}
