package io.weft.am.client;


import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.weft.am.AmEnvironment;
import io.weft.am.allocator.ContainerAsk;
import io.weft.am.rpc.AllocateSession;
import io.weft.am.rpc.ResourceManagerClient;
import io.weft.common.config.CommonKeys;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ContainerEnvironment;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RetryPolicy;
import io.weft.common.rpc.WeftException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The AM's synchronous conversation with the ResourceManager, as YARN's {@code AMRMClient}:
 * {@link #registerApplicationMaster register}, keep a table of {@link ContainerRequest}s,
 * {@link #allocate} (which sends what changed in the table and the releases, and answers what the RM
 * granted and what completed), then {@link #unregisterApplicationMaster unregister}.
 *
 * <p>Semantics follow YARN: each request counts once for every host and rack it names and once for
 * {@code "*"}; the RM takes one off its count for every container it grants, so after a grant an AM
 * that keeps its table exact calls {@link #removeContainerRequest} for the request it satisfied (an AM
 * that never changes a request after adding it need not). A RESYNC order from the RM is handled here:
 * the client registers again and resends the whole table. An RM that cannot be reached (a restart, a
 * network blip) is retried with back-off for up to {@code weft.resourcemanager.connect.max-wait-ms};
 * nothing asked or released meanwhile is lost. Thread-safe; every call has a deadline and throws
 * {@link io.weft.common.rpc.WeftException} with the RM's code and message (UNAVAILABLE, naming the
 * RM's address and the time waited, once the wait is over).
 */
public final class AmRmClient implements AutoCloseable {
  private record AskKey(int priority, String resourceName, Resource capability, long allocationRequestId) {}

  /** How a key's containers are placed; gang and anti-affinity only on the {@code "*"} key, where the RM reads them. */
  private record Shape(boolean relaxLocality, ContainerRequest.Gang gang, boolean antiAffinity, String label) {}

  private final ResourceManagerClient rm;
  private final ManagedChannel ownedChannel;
  private final Map<AskKey, Integer> asks = new LinkedHashMap<>();
  private final Map<AskKey, Shape> shapes = new LinkedHashMap<>();
  private final Set<AskKey> changed = new LinkedHashSet<>();
  private final List<ContainerId> releases = new ArrayList<>();
  private final AllocateSession session;

  private AmRmClient(ResourceManagerClient rm, ManagedChannel ownedChannel) {
    this.rm = requireNonNull(rm);
    this.ownedChannel = ownedChannel;
    this.session = new AllocateSession(rm, new Table());
  }

  /**
   * The client of the AM running in this process's container: the attempt id comes from
   * {@code CONTAINER_ID}, the RM's address (with HA all RMs', failed over along) from
   * {@code WEFT_RM_ADDRESS}, the credential from
   * {@code WEFT_AMRM_TOKEN} (all set by the NM and RM when they start the AM container). Fails
   * naming the first variable that is missing. The channel it opens is closed by {@link #close}.
   */
  public static AmRmClient fromEnvironment() {
    return fromEnvironment(ContainerEnvironment.current());
  }

  /** As {@link #fromEnvironment()}, from the variables {@code variables} (those the RM and NM set). */
  public static AmRmClient fromEnvironment(Map<String, String> variables) {
    AmEnvironment env = AmEnvironment.from(variables, ContainerEnvironment.workingDirectory());
    ManagedChannel channel = Channels.forResourceManagers(env.rmAddresses(), env.tls().channelCredentials());
    return new AmRmClient(new ResourceManagerClient(channel, env.amrmToken(), env.attemptId(), defaultTimeout()),
        channel);
  }

  /**
   * A client over {@code channel} to the RM (owned by the caller) for {@code attemptId}, with its AMRM
   * token, riding out an unreachable RM as {@code weft.resourcemanager.connect.*}'s defaults say.
   */
  public static AmRmClient create(Channel channel, byte[] amrmToken, ApplicationAttemptId attemptId, Duration timeout) {
    return new AmRmClient(new ResourceManagerClient(channel, amrmToken, attemptId, timeout), null);
  }

  /** As {@link #create(Channel, byte[], ApplicationAttemptId, Duration)}, retrying as {@code retryPolicy} says. */
  public static AmRmClient create(Channel channel, byte[] amrmToken, ApplicationAttemptId attemptId, Duration timeout,
      RetryPolicy retryPolicy) {
    return new AmRmClient(new ResourceManagerClient(channel, amrmToken, attemptId, timeout, retryPolicy), null);
  }

  /** The deadline of each call unless given: {@code weft.rpc.timeout-ms}'s default. */
  public static Duration defaultTimeout() {
    return CommonKeys.RPC_TIMEOUT.parse(CommonKeys.RPC_TIMEOUT.defaultText());
  }

  public ApplicationAttemptId applicationAttemptId() {
    return rm.attemptId();
  }

  /**
   * Registers the AM, which serves clients at {@code host:rpcPort} (0 = no port) and shows its state at
   * {@code trackingUrl} (may be empty). The answer says the largest container the RM will grant.
   */
  public RegisterResponse registerApplicationMaster(String host, int rpcPort, String trackingUrl) {
    return rm.register(host, rpcPort, trackingUrl);
  }

  /**
   * Asks for one more container like {@code request}; sent with the next {@link #allocate}. Refused if
   * containers still asked with the same priority, size and allocation request id are placed otherwise
   * (another gang or anti-affinity): the RM keeps one ask per key.
   */
  public synchronized void addContainerRequest(ContainerRequest request) {
    AskKey any = key(request, "*");
    Shape shape = new Shape(request.relaxLocality(), request.gang(), request.antiAffinity(),
        request.nodeLabelExpression());
    Shape before = shapes.get(any);
    if (before != null && asks.getOrDefault(any, 0) > 0
        && (!before.gang().equals(shape.gang()) || before.antiAffinity() != shape.antiAffinity()
            || !before.label().equals(shape.label()))) {
      throw WeftException.invalidArgument("a request at priority " + request.priority() + " of "
          + request.capability() + " (allocation request id " + request.allocationRequestId() + ") with "
          + placement(shape) + " while " + asks.get(any) + " asked with that key have " + placement(before)
          + "; give it another allocation request id");
    }
    keys(request).forEach(key -> {
      asks.merge(key, 1, Integer::sum);
      shapes.put(key, key.resourceName().equals("*") ? shape : new Shape(true, ContainerRequest.Gang.NONE, false, ""));
      changed.add(key);
    });
  }

  private static String placement(Shape shape) {
    return (shape.gang().minCount() > 0 ? "a gang of " + shape.gang().minCount() + " (timeout "
        + shape.gang().timeout() + ")" : "no gang") + (shape.antiAffinity() ? " and anti-affinity" : "")
        + (shape.label().isEmpty() ? "" : " on node label " + shape.label());
  }

  /**
   * Asks for one more container like each of {@code requests}, all at once: an Allocate made meanwhile
   * (the async client's heartbeat) sends all of them or none, never a part whose total the RM would grant
   * before the rest arrives.
   */
  public synchronized void addContainerRequests(List<ContainerRequest> requests) {
    requests.forEach(this::addContainerRequest);
  }

  /** Asks for one container fewer like {@code request} (one that was granted, or is no longer wanted). */
  public synchronized void removeContainerRequest(ContainerRequest request) {
    keys(request).forEach(key -> {
      Integer count = asks.get(key);
      if (count != null) {
        asks.put(key, Math.max(0, count - 1));
        changed.add(key);
      }
    });
  }

  /** Gives {@code container} back to the RM; sent with the next {@link #allocate}. Its process, if any, is stopped. */
  public synchronized void releaseAssignedContainer(ContainerId container) {
    releases.add(requireNonNull(container));
  }

  /** True while requests or releases wait to be sent. */
  public synchronized boolean hasUnsentChanges() {
    return !changed.isEmpty() || !releases.isEmpty();
  }

  /**
   * Sends what changed since the last call and the releases, reports {@code progress} (0..1), and
   * answers what is new. When nothing is new the RM holds the call up to {@code maxWait} (capped by its
   * {@code weft.resourcemanager.am.allocate-max-wait-ms}) and answers the moment a container is granted
   * or completes; {@link Duration#ZERO} answers at once.
   */
  public AllocateResponse allocate(float progress, Duration maxWait) {
    AllocateResponse response = session.allocate(Math.max(0f, Math.min(1f, progress)), maxWait);
    response.rejectedRequests().forEach(this::withdraw);
    return response;
  }

  /**
   * Forgets what the RM withdrew, so that a resync does not ask for it again: the keys of its priority and
   * allocation request id whose size the RM's (normalized up) covers.
   */
  private synchronized void withdraw(RejectedRequest rejected) {
    List<AskKey> gone = asks.keySet().stream().filter(key -> key.priority() == rejected.priority()
        && key.allocationRequestId() == rejected.allocationRequestId()
        && key.capability().fitsIn(rejected.capability())).toList();
    gone.forEach(key -> {
      asks.remove(key);
      shapes.remove(key);
      changed.remove(key);
    });
  }

  /** The request table as {@link AllocateSession} sends it: what changed since the last call. */
  private final class Table implements AllocateSession.Outstanding {
    @Override
    public AllocateSession.Request take() {
      synchronized (AmRmClient.this) {
        List<ContainerAsk> wire = new ArrayList<>();
        for (AskKey key : changed) {
          int count = asks.get(key);
          Shape shape = shapes.get(key);
          // a gang never asks for more at once than is still wanted (the RM refuses a gang larger than its ask)
          wire.add(new ContainerAsk(key.priority(), key.resourceName(), key.capability(), count,
              shape.relaxLocality(), key.allocationRequestId(), Math.min(shape.gang().minCount(), count),
              shape.gang().timeout(), shape.antiAffinity(), shape.label()));
          if (count == 0) {
            asks.remove(key);
            shapes.remove(key);
          }
        }
        changed.clear();
        AllocateSession.Request request = new AllocateSession.Request(wire, releases);
        releases.clear();
        return request;
      }
    }

    @Override
    public void giveBack(AllocateSession.Request request) {
      synchronized (AmRmClient.this) {
        for (ContainerAsk ask : request.asks()) {
          AskKey key = new AskKey(ask.priority(), ask.resourceName(), ask.capability(), ask.allocationRequestId());
          asks.putIfAbsent(key, 0); // a total of 0 sent was dropped from the table; it must still reach the RM
          shapes.putIfAbsent(key, new Shape(ask.relaxLocality(),
              ask.gangMinCount() > 0 ? new ContainerRequest.Gang(ask.gangMinCount(), ask.gangTimeout())
                  : ContainerRequest.Gang.NONE, ask.antiAffinity(), ask.nodeLabelExpression()));
          changed.add(key);
        }
        releases.addAll(0, request.releases());
      }
    }

    @Override
    public void resendAll() {
      synchronized (AmRmClient.this) {
        changed.addAll(asks.keySet());
      }
    }
  }

  /**
   * Unregisters with the application's final status and diagnostics (shown to users by
   * {@code weft application -status} and the web console); after this the RM stops every container
   * of the attempt. Returns true when the RM confirms.
   */
  public boolean unregisterApplicationMaster(FinalApplicationStatus status, String diagnostics, String trackingUrl) {
    return rm.finish(ResourceManagerClient.FinalStatus.valueOf(status.name()), diagnostics, trackingUrl);
  }

  /**
   * Ends an {@link #allocate} that is waiting in the RM; it fails with CANCELLED, and the next
   * {@link #allocate} first makes the same call again (the RM may have acted on it), then sends what is new.
   */
  public void cancelPendingAllocate() {
    session.cancel();
  }

  /** Closes the channel this client opened ({@link #fromEnvironment}); a caller's channel is left alone. */
  @Override
  public void close() {
    rm.cancelPendingAllocates();
    if (ownedChannel != null) {
      Channels.close(ownedChannel);
    }
  }

  private static List<AskKey> keys(ContainerRequest request) {
    List<AskKey> keys = new ArrayList<>();
    request.nodes().forEach(node -> keys.add(key(request, node)));
    request.racks().forEach(rack -> keys.add(key(request, rack)));
    keys.add(key(request, "*"));
    return keys;
  }

  private static AskKey key(ContainerRequest request, String resourceName) {
    return new AskKey(request.priority(), resourceName, request.capability(), request.allocationRequestId());
  }
}
