package io.weft.common.auxservice;

import static java.util.Objects.requireNonNull;

import io.grpc.ServerCredentials;
import io.weft.common.config.WeftConfig;
import java.nio.file.Path;

/**
 * What the NodeManager hands an auxiliary service at start: its configured name, the NodeManager's
 * configuration, the host to bind and to advertise, the NodeManager's own server credentials (its
 * daemon certificate when TLS is on), and where the node keeps each application's files.
 */
public record AuxServiceContext(String name, WeftConfig config, String bindHost, String advertisedHost,
    ServerCredentials serverCredentials, ApplicationDirs applicationDirs) {

  /** The node's directory layout for applications, owned by the NodeManager. */
  @FunctionalInterface
  public interface ApplicationDirs {
    /** The directory of {@code applicationId}'s files run as {@code user} on this node (removed when it ends). */
    Path of(String user, String applicationId);
  }

  public AuxServiceContext {
    requireNonNull(name);
    requireNonNull(config);
    requireNonNull(bindHost);
    requireNonNull(advertisedHost);
    requireNonNull(serverCredentials);
    requireNonNull(applicationDirs);
  }
}
