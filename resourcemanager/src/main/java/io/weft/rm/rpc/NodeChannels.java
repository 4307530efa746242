package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.ManagedChannel;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.Channels;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One channel per NodeManager, made on first use and closed with the RM. */
public final class NodeChannels implements AutoCloseable {
  private final Function<NodeId, ManagedChannel> factory;
  private final Map<NodeId, ManagedChannel> channels = new ConcurrentHashMap<>();

  public NodeChannels(Function<NodeId, ManagedChannel> factory) {
    this.factory = requireNonNull(factory);
  }

  /** Plaintext Netty channels to each node's {@code host:port}. */
  public static NodeChannels netty() {
    return new NodeChannels(node -> Channels.forAddress(node.address()));
  }

  public ManagedChannel to(NodeId node) {
    return channels.computeIfAbsent(node, factory);
  }

  @Override
  public void close() {
    channels.values().forEach(Channels::close);
    channels.clear();
  }
}
