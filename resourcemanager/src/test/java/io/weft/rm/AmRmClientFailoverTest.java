package io.weft.rm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.am.client.AmRmClient;
import io.weft.am.client.Container;
import io.weft.am.client.ContainerRequest;
import io.weft.common.id.HostPort;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.FailoverChannel;
import io.weft.common.testing.InProcessGrpc;
import io.weft.common.testing.LogCapture;
import io.weft.proto.ContainerTokenIdentifier;
import io.weft.proto.StartContainerRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An AM whose {@code WEFT_RM_ADDRESS} lists several RMs (HA) of which the first is dead: its client,
 * made from the environment as an AM makes it, fails over to the real RM and works there.
 */
class AmRmClientFailoverTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path staging;
  RmHarness h;
  StartContainerRequest amLaunch;

  @BeforeEach
  void start() {
    h = new RmHarness(grpc, staging, Map.of());
    RmHarness.Node n1 = h.registerNode("n1", 1, 8192, 8);
    h.submit(1024);
    amLaunch = h.awaitStart(n1, 1);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** The AM container's environment as the RM and NM set it, with {@code rmAddress} as WEFT_RM_ADDRESS. */
  private Map<String, String> environment(String rmAddress) throws Exception {
    return Map.of(
        ContainerEnv.CONTAINER_ID,
        ContainerTokenIdentifier.parseFrom(amLaunch.getContainerToken().getIdentifier()).getContainerId(),
        ContainerEnv.AMRM_TOKEN, amLaunch.getContainerLaunchContext().getEnvironmentOrThrow(ContainerEnv.AMRM_TOKEN),
        ContainerEnv.RM_ADDRESS, rmAddress);
  }

  private static HostPort dead() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return new HostPort("127.0.0.1", socket.getLocalPort());
    }
  }

  @Test
  void anAmGivenADeadRmFirst_registersAndAllocatesOnTheLiveOne() throws Exception {
    HostPort dead = dead();
    HostPort live = h.rm.address();
    try (LogCapture log = LogCapture.of(FailoverChannel.class);
         AmRmClient client = AmRmClient.fromEnvironment(environment(dead + "," + live))) {
      client.registerApplicationMaster("n1", 0, "");
      client.addContainerRequest(ContainerRequest.anywhere(Resource.of(1024, 1), 1));
      List<Container> granted = new ArrayList<>();
      await("the container, from the live RM").atMost(TIMEOUT).until(() -> {
        granted.addAll(client.allocate(0.1f, TIMEOUT).allocatedContainers());
        return !granted.isEmpty();
      });

      assertThat(granted).hasSize(1);
      assertThat(log.messages()).containsExactly("failing over from " + dead + " to " + live);
    }
  }

  @Test
  void aMalformedRmAddressList_failsNamingTheVariableAndTheValue() throws Exception {
    Map<String, String> env = environment(h.rm.address() + ",nohost");
    assertThatThrownBy(() -> AmRmClient.fromEnvironment(env))
        .hasMessageContaining("$WEFT_RM_ADDRESS '" + h.rm.address() + ",nohost': entry 'nohost' is not of the form "
            + "host:port");
  }
}
