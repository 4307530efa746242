package io.weft.it.fuzz;

import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.rpc.Channels;
import io.weft.common.security.AuthHeaders;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.Container;
import io.weft.proto.NmToken;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.Resource;
import io.weft.proto.ResourceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The credentials a real ApplicationMaster holds, taken the way an AM takes them, so that the fuzzer
 * can send its random and mutated messages past the token checks: the attempt's AMRM token (its AM
 * container writes {@code WEFT_AMRM_TOKEN} to a file), and, after registering and allocating as an AM,
 * containers with their container tokens and the application's NM token for the node.
 */
final class TokenHolder {
  static final int CONTAINERS = 4;
  private static final Resource CONTAINER_SIZE = Resource.newBuilder().setMemoryMb(256).setVcores(1).build();

  private final String attemptId;
  private final byte[] amrmToken;
  private final List<Container> containers;
  private final byte[] nmToken;

  private TokenHolder(String attemptId, byte[] amrmToken, List<Container> containers, byte[] nmToken) {
    this.attemptId = attemptId;
    this.amrmToken = amrmToken;
    this.containers = List.copyOf(containers);
    this.nmToken = nmToken;
  }

  /** The AM command that hands the attempt's token to the test through {@code tokenFile}, then stays up. */
  static List<String> amCommand(Path tokenFile) {
    Path partial = tokenFile.resolveSibling(tokenFile.getFileName() + ".partial");
    return List.of("sh", "-c", "printf %s \"$" + ContainerEnv.AMRM_TOKEN + "\" > '" + partial
        + "' && mv '" + partial + "' '" + tokenFile + "' && exec sleep 300");
  }

  /**
   * Waits for the AM of {@code appId} (started with {@link #amCommand}) to hand over its token, then
   * registers its attempt and allocates {@value #CONTAINERS} containers as an AM would.
   */
  static TokenHolder take(FuzzCluster cluster, String appId, Path tokenFile) {
    await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(tokenFile));
    byte[] token;
    try {
      token = Base64.getDecoder().decode(Files.readString(tokenFile).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String attempt = "appattempt_" + appId.substring("application_".length()) + "_000001";
    ManagedChannel channel = Channels.forAddress(cluster.rmAddress());
    try {
      Metadata headers = new Metadata();
      headers.put(AuthHeaders.AMRM_TOKEN, token);
      var am = ApplicationMasterServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
      am.registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder().setApplicationAttemptId(attempt)
          .setHost("127.0.0.1").setRpcPort(1).build());
      List<Container> granted = new ArrayList<>();
      List<NmToken> nmTokens = new ArrayList<>();
      AtomicInteger responseId = new AtomicInteger();
      AllocateRequest.Builder ask = AllocateRequest.newBuilder().setApplicationAttemptId(attempt).addAsks(
          ResourceRequest.newBuilder().setPriority(1).setResourceName("*").setCapability(CONTAINER_SIZE)
              .setNumContainers(CONTAINERS).setRelaxLocality(true));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        AllocateResponse response = am.allocate(ask.setResponseId(responseId.get()).build());
        responseId.set(response.getResponseId());
        granted.addAll(response.getAllocatedContainersList());
        nmTokens.addAll(response.getNmTokensList());
        ask.clearAsks();
        return granted.size() >= CONTAINERS && !nmTokens.isEmpty();
      });
      return new TokenHolder(attempt, token, granted, nmTokens.get(nmTokens.size() - 1).getToken().toByteArray());
    } finally {
      Channels.close(channel);
    }
  }

  String attemptId() {
    return attemptId;
  }

  /** The attempt's AMRM token, as the AM sends it in {@link AuthHeaders#AMRM_TOKEN}. */
  byte[] amrmToken() {
    return amrmToken.clone();
  }

  /** The granted containers, each with its container token; none started yet. */
  List<Container> containers() {
    return containers;
  }

  /** The application's NM token for the fuzzed node, as the AM sends it in {@link AuthHeaders#NM_TOKEN}. */
  byte[] nmToken() {
    return nmToken.clone();
  }
}
