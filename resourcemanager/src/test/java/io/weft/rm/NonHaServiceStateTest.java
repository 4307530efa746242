package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.testing.InProcessGrpc;
import io.weft.common.web.Json;
import io.weft.proto.GetServiceStateRequest;
import io.weft.proto.HaServiceState;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.proto.TransitionToStandbyRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A ResourceManager without HA is active, says so, and refuses to hand over. */
class NonHaServiceStateTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path dir;
  RmHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  private ResourceManagerAdministrationServiceGrpc.ResourceManagerAdministrationServiceBlockingStub admin() {
    return ResourceManagerAdministrationServiceGrpc.newBlockingStub(h.channel).withDeadlineAfter(10, TimeUnit.SECONDS);
  }

  @Test
  void isActive_andRefusesToTransitionToStandby() throws Exception {
    h = new RmHarness(grpc, dir, Map.of());

    assertThat(admin().getServiceState(GetServiceStateRequest.getDefaultInstance()).getState())
        .isEqualTo(HaServiceState.HA_ACTIVE);
    assertThatThrownBy(() -> admin().transitionToStandby(TransitionToStandbyRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
          assertThat(e.getStatus().getDescription()).startsWith("ResourceManager HA is not enabled "
              + "(weft.resourcemanager.ha.enabled=false)");
        });

    HttpResponse<String> info = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://" + h.rm.webAddress() + "/ws/v1/cluster/info")).build(), HttpResponse.BodyHandlers.ofString());
    var clusterInfo = Json.read(info.body().getBytes()).get("clusterInfo");
    assertThat(clusterInfo.get("haState").asText()).isEqualTo("ACTIVE");
    assertThat(clusterInfo.get("haZooKeeperConnectionState").asText()).isEqualTo("ResourceManager HA is not enabled.");
  }
}
