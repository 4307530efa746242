package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.Channels;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One channel per NodeManager, made on first use and closed when the RM forgets the node, or with the RM. */
public final class NodeChannels implements AutoCloseable {
  private final Function<NodeId, ManagedChannel> factory;
  private final Map<NodeId, ManagedChannel> channels = new ConcurrentHashMap<>();

  public NodeChannels(Function<NodeId, ManagedChannel> factory) {
    this.factory = requireNonNull(factory);
  }

  /** Netty channels to each node's {@code host:port}, secured by {@code credentials} (TLS or plaintext). */
  public static NodeChannels netty(ChannelCredentials credentials) {
    return new NodeChannels(node -> Channels.forAddress(node.address(), credentials));
  }

  public ManagedChannel to(NodeId node) {
    return channels.computeIfAbsent(node, factory);
  }

  /**
   * Ends the reconnect back-off of the channel to {@code node}, if there is one: gRPC waits up to
   * minutes between attempts to reach a dead address, and fails calls meanwhile.
   */
  public void reconnect(NodeId node) {
    ManagedChannel channel = channels.get(node);
    if (channel != null) {
      channel.resetConnectBackoff();
    }
  }

  /**
   * Closes the channel to {@code node}, if there is one, without waiting (the caller may be the
   * core loop); a later use makes a new one.
   */
  public void remove(NodeId node) {
    ManagedChannel channel = channels.remove(node);
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  /** How many channels are open (tests of pruning). */
  public int size() {
    return channels.size();
  }

  @Override
  public void close() {
    channels.values().forEach(Channels::close);
    channels.clear();
  }
}
