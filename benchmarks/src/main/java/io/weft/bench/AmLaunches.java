package io.weft.bench;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ContainerEnv;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.Token;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The AM containers the RM launched on the simulated NodeManagers, by application: the AMRM token in
 * a launch's environment is what the benchmark's in-process AM of that application then uses, as the
 * AM process a real NM would start reads it from its environment.
 */
final class AmLaunches {
  private final Map<ApplicationId, CompletableFuture<Token>> tokens = new ConcurrentHashMap<>();

  /** Notes an AM launch ({@code context} carries an AMRM token); other containers are not AMs. */
  void started(ContainerId container, ContainerLaunchContext context) {
    String token = context.getEnvironmentOrDefault(ContainerEnv.AMRM_TOKEN, "");
    if (token.isEmpty()) {
      return;
    }
    try {
      of(container.applicationId()).complete(Token.parseFrom(Base64.getDecoder().decode(token)));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("the AMRM token of " + container + " is malformed", e);
    }
  }

  /** Completes with the AMRM token once the RM has launched the AM of {@code app}. */
  CompletableFuture<Token> of(ApplicationId app) {
    return tokens.computeIfAbsent(app, a -> new CompletableFuture<>());
  }
}
