package io.weft.common.id;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;

/** A NodeManager, named by the host and port of its gRPC server: {@code host:port}. */
public final class NodeId implements Comparable<NodeId> {
  private final String host;
  private final int port;
  /**
   * {@code host:port}, made the first time it is asked for (each container granted names its node several times in
   * its answer and token), not when parsed (each heartbeat parses its node's id). Racy but benign, as in ContainerId.
   */
  private String text;

  public NodeId(String host, int port) {
    requireNonNull(host, "host");
    if (host.isBlank() || host.contains(":")) {
      throw WeftException.invalidArgument("node host must be a host name or IPv4 address, got '" + host + "'");
    }
    if (port < 0 || port > 65535) {
      throw WeftException.invalidArgument("node port " + port + " is outside 0..65535");
    }
    this.host = host;
    this.port = port;
  }

  public static NodeId parse(String text) {
    HostPort hostPort = HostPort.parse(text, "node id");
    return new NodeId(hostPort.host(), hostPort.port());
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public HostPort address() {
    return new HostPort(host, port);
  }

  @Override
  public String toString() {
    String made = text;
    if (made == null) {
      made = host + ":" + port;
      text = made;
    }
    return made;
  }

  // equals and hashCode written out: docs/design.md, "Record keys in hash maps"
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof NodeId other && port == other.port && host.equals(other.host);
  }

  @Override
  public int hashCode() {
    return host.hashCode() * 31 + port;
  }

  @Override
  public int compareTo(NodeId other) {
    int byHost = host.compareTo(other.host);
    return byHost != 0 ? byHost : Integer.compare(port, other.port);
  }
}
