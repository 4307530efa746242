package io.weft.rm.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.proto.NodeAction;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.RegisterNodeManagerResponse;
import io.weft.proto.Resource;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.rm.ResourceManager;
import io.weft.rm.config.RmKeys;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real ResourceManager listening on every interface ({@code weft.resourcemanager.bind-host=0.0.0.0})
 * while advertising this machine's non-loopback address, with NodeManager registrations arriving over
 * that address and over loopback: a node that calls itself 127.0.0.1 is sent away only when it calls
 * from another address, with the key to set.
 */
class RegisteringPeerTest {
  @TempDir Path dir;
  private String ownAddress;
  private ResourceManager rm;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() throws SocketException {
    Optional<String> address = nonLoopbackAddress();
    assumeTrue(address.isPresent(), "this machine has no non-loopback IPv4 address to call from");
    ownAddress = address.get();
    rm = new ResourceManager(WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), ownAddress + ":0",
        CommonKeys.RM_WEBAPP_ADDRESS.key(), ownAddress + ":0", CommonKeys.RM_BIND_HOST.key(), "0.0.0.0",
        RmKeys.STAGING_DIR.key(), dir.resolve("staging").toString(),
        RmKeys.STORE_DIR.key(), dir.resolve("rm-state").toString())));
    rm.start();
  }

  @AfterEach
  void stop() {
    channels.forEach(Channels::close);
    if (rm != null) {
      rm.close();
    }
  }

  @Test
  void theRmListensEverywhere_butAdvertisesItsAddress() {
    assertThat(rm.address().host()).isEqualTo(ownAddress);
    assertThat(rm.webAddress().host()).isEqualTo(ownAddress);
    assertThat(register(ownAddress, ownAddress + ":8041").getNodeAction()).isEqualTo(NodeAction.NORMAL);
    assertThat(register("127.0.0.1", "127.0.0.1:8041").getNodeAction()).isEqualTo(NodeAction.NORMAL);
  }

  @Test
  void aLoopbackNodeIdFromAnotherAddress_isToldToShutDown_namingTheKey() {
    RegisterNodeManagerResponse answer = register(ownAddress, "127.0.0.1:8041");

    assertThat(answer.getNodeAction()).isEqualTo(NodeAction.SHUTDOWN);
    assertThat(answer.getDiagnosticsMessage())
        .contains("connecting from " + ownAddress + " registers as 127.0.0.1:8041, a loopback address")
        .contains("weft.nodemanager.hostname");
  }

  @Test
  void aLoopbackWebAddressFromAnotherAddress_isRefusedToo() {
    RegisterNodeManagerResponse answer = register(ownAddress,
        RegisterNodeManagerRequest.newBuilder().setNodeId(ownAddress + ":8041").setHttpAddress("localhost:8042")
            .setResource(Resource.newBuilder().setMemoryMb(4096).setVcores(4)).build());

    assertThat(answer.getNodeAction()).isEqualTo(NodeAction.SHUTDOWN);
    assertThat(answer.getDiagnosticsMessage()).contains("registers as localhost:8042, a loopback address");
  }

  private RegisterNodeManagerResponse register(String dialHost, String nodeId) {
    return register(dialHost, RegisterNodeManagerRequest.newBuilder().setNodeId(nodeId)
        .setHttpAddress(nodeId.substring(0, nodeId.indexOf(':')) + ":8042")
        .setResource(Resource.newBuilder().setMemoryMb(4096).setVcores(4)).build());
  }

  private RegisterNodeManagerResponse register(String dialHost, RegisterNodeManagerRequest request) {
    ManagedChannel channel = Channels.forAddress(new HostPort(dialHost, rm.address().port()));
    channels.add(channel);
    return ResourceTrackerServiceGrpc.newBlockingStub(channel).registerNodeManager(request);
  }

  private static Optional<String> nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : nic.inetAddresses().toList()) {
        if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
          return Optional.of(address.getHostAddress());
        }
      }
    }
    return Optional.empty();
  }
}
