package io.weft.client.cli;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import io.weft.common.connect.UserChannels;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.proto.GetServiceStateRequest;
import io.weft.proto.HaServiceState;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc;
import io.weft.proto.ResourceManagerAdministrationServiceGrpc.ResourceManagerAdministrationServiceBlockingStub;
import io.weft.proto.TransitionToStandbyRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The HA commands of {@code weft rmadmin} ({@code -getServiceState}, {@code -getAllServiceState},
 * {@code -transitionToStandby}, {@code -transitionToActive}), with {@code yarn rmadmin}'s output. Each
 * talks to the one RM it names, at {@code weft.resourcemanager.address.<id>}, without failing over.
 */
final class RmHaAdmin {
  /** Stepping down waits for the active services to stop. */
  private static final Duration HAND_OVER_DEADLINE = Duration.ofSeconds(60);

  private final WeftConfig config;
  private final PrintStream out;

  RmHaAdmin(WeftConfig config, PrintStream out) {
    this.config = requireNonNull(config);
    this.out = requireNonNull(out);
  }

  /** Prints {@code active}, {@code standby}, ... */
  int getServiceState(String id) {
    RmEndpoints.Endpoint rm = endpoint(id, "-getServiceState");
    out.println(display(call(rm, rpcTimeout(), "get the service state", admin -> admin
        .getServiceState(GetServiceStateRequest.getDefaultInstance()).getState())));
    return 0;
  }

  /** One line per RM: {@code host:port   state}, or why it could not be asked. */
  int getAllServiceState() {
    requireHa("-getAllServiceState");
    for (RmEndpoints.Endpoint rm : RmEndpoints.of(config)) {
      String state;
      try {
        state = display(call(rm, rpcTimeout(), "get the service state", admin -> admin
            .getServiceState(GetServiceStateRequest.getDefaultInstance()).getState()));
      } catch (WeftException e) {
        state = "Failed to connect: " + e.getMessage();
      }
      out.println(String.format("%-50s %-10s", rm.rpc(), state).stripTrailing());
    }
    return 0;
  }

  int transitionToStandby(String id) {
    RmEndpoints.Endpoint rm = endpoint(id, "-transitionToStandby");
    call(rm, HAND_OVER_DEADLINE, "transition to standby", admin -> admin
        .transitionToStandby(TransitionToStandbyRequest.getDefaultInstance()));
    return 0;
  }

  /** Refused as YARN refuses it with automatic failover: only the election makes an RM active. */
  int transitionToActive(String id) {
    RmEndpoints.Endpoint rm = endpoint(id, "-transitionToActive");
    throw WeftException.failedPrecondition("Automatic failover is enabled for " + rm.id() + " at " + rm.rpc()
        + ": refusing to manually manage HA state, since it may cause a split-brain scenario or other incorrect "
        + "state. The ZooKeeper election alone makes a ResourceManager active; to move the active role, run "
        + "-transitionToStandby on the active ResourceManager and another one takes over");
  }

  private RmEndpoints.Endpoint endpoint(String id, String command) {
    requireHa(command);
    List<RmEndpoints.Endpoint> all = RmEndpoints.of(config);
    return all.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow(() -> WeftException.invalidArgument(
        "'" + id + "' is not a ResourceManager id of " + CommonKeys.RM_HA_RM_IDS.key() + "; the ids are "
            + String.join(", ", all.stream().map(RmEndpoints.Endpoint::id).toList())));
  }

  private void requireHa(String command) {
    if (!config.get(CommonKeys.RM_HA_ENABLED)) {
      throw WeftException.failedPrecondition("Cannot run " + command + " when ResourceManager HA is not enabled ("
          + CommonKeys.RM_HA_ENABLED.key() + "=false)");
    }
  }

  private Duration rpcTimeout() {
    return config.get(CommonKeys.RPC_TIMEOUT);
  }

  private <T> T call(RmEndpoints.Endpoint rm, Duration deadline, String what,
      Function<ResourceManagerAdministrationServiceBlockingStub, T> rpc) {
    ManagedChannel channel = UserChannels.forAddress(rm.rpc(), config);
    try {
      return rpc.apply(ResourceManagerAdministrationServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
    } catch (RuntimeException e) {
      throw RpcErrors.fromStatus(e, "cannot " + what + " of ResourceManager " + rm.id() + " at " + rm.rpc());
    } finally {
      Channels.close(channel);
    }
  }

  private static String display(HaServiceState state) {
    return switch (state) {
      case HA_INITIALIZING, HA_STANDBY, HA_ACTIVE, HA_STOPPED -> state.name().substring("HA_".length())
          .toLowerCase(Locale.ROOT);
      default -> "unknown";
    };
  }
}
