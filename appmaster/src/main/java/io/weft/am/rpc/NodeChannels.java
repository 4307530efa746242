package io.weft.am.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.Channels;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** One Netty channel per NodeManager, dialled with the given credentials, opened on first use and closed with this. */
public final class NodeChannels implements Function<NodeId, Channel>, AutoCloseable {
  private final Map<NodeId, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final ChannelCredentials credentials;

  public NodeChannels(ChannelCredentials credentials) {
    this.credentials = requireNonNull(credentials);
  }

  @Override
  public Channel apply(NodeId node) {
    return channels.computeIfAbsent(node, n -> Channels.forAddress(n.address(), credentials));
  }

  @Override
  public void close() {
    channels.values().forEach(Channels::close);
    channels.clear();
  }
}
