package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.am.client.AmRmClient;
import io.weft.am.client.Container;
import io.weft.am.client.ContainerRequest;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.resource.Resource;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.ContainerTokenIdentifier;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.StartContainerRequest;
import io.weft.proto.Token;
import io.weft.rm.config.RmKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weft's public AM client across AMRM key rolls: it takes the new token the RM hands it and keeps
 * working after two rolls, when the token it started with is refused.
 */
class AmRmTokenRollingTest {
  private static final Duration INTERVAL = Duration.ofSeconds(60);
  private static final Duration ACTIVATION_DELAY = Duration.ofSeconds(4);
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void theAmClient_takesItsNewToken_andOutlivesTwoRolls() throws Exception {
    h = new RmHarness(grpc, staging, Map.of(RmKeys.MASTER_KEY_ROLLING_INTERVAL.key(),
        Long.toString(INTERVAL.toSeconds())));
    // big enough that the default AM share (10 %) admits both applications' AMs
    RmHarness.Node n1 = h.registerNode("127.0.0.1", 40111, 65536, 32);
    h.heartbeat(n1);
    h.submit(1024);
    StartContainerRequest amLaunch = h.awaitStart(n1, 1);
    Map<String, String> env = Map.of(
        ContainerEnv.CONTAINER_ID,
        ContainerTokenIdentifier.parseFrom(amLaunch.getContainerToken().getIdentifier()).getContainerId(),
        ContainerEnv.AMRM_TOKEN, amLaunch.getContainerLaunchContext().getEnvironmentOrThrow(ContainerEnv.AMRM_TOKEN),
        ContainerEnv.RM_ADDRESS, h.rm.address().toString());
    // A second application's AM, on the raw protocol, tells when each roll has reached the AMRM key.
    h.submit(1024);
    Token probe = RmHarness.amrmToken(h.awaitStart(n1, 2));
    h.am(probe).registerApplicationMaster(RegisterApplicationMasterRequest.getDefaultInstance());
    int[] probeResponse = {0};
    try (AmRmClient client = AmRmClient.fromEnvironment(env)) {
      client.registerApplicationMaster("127.0.0.1", 0, "");
      client.allocate(0.1f, Duration.ZERO);
      for (int roll = 1; roll <= 2; roll++) {
        h.rollMasterKeys(n1, INTERVAL, ACTIVATION_DELAY);
        Token current = probe;
        probe = await("roll " + roll + " of the AMRM key").atMost(TIMEOUT).until(() -> {
          AllocateResponse answer = h.am(current).allocate(AllocateRequest.newBuilder()
              .setResponseId(probeResponse[0]).build());
          probeResponse[0] = answer.getResponseId();
          return answer;
        }, AllocateResponse::hasAmRmToken).getAmRmToken();
        // answered with the new token, which the client presents from its next call on
        client.allocate(0.1f, Duration.ZERO);
      }
      // the token the client started with is now refused: only the one it was handed gets it this far
      client.addContainerRequest(ContainerRequest.anywhere(Resource.of(1024, 1), 1));
      List<Container> granted = new ArrayList<>();
      await("a container, asked for with the token of the second roll").atMost(TIMEOUT).until(() -> {
        h.heartbeat(n1); // the fake clock moved two intervals: the node is stale until it heartbeats again
        granted.addAll(client.allocate(0.1f, Duration.ZERO).allocatedContainers());
        return !granted.isEmpty();
      });
      assertThat(granted).hasSize(1);
    }
  }
}
