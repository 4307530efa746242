package io.weft.rm.web;

import static io.weft.rm.web.Futures.await;
import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.rm.core.RmCore;
import io.weft.rm.node.NodeReport;
import io.weft.rm.rpc.SubmittingHosts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which hosts the web proxy may forward to for an application: the cluster's nodes (where an AM
 * and a cluster-mode driver run) and the host the application was submitted from (where a
 * client-mode driver runs). Anything else an AM registers as its tracking URL (a database, a
 * metadata service, another cluster) is refused, so the proxy cannot be used to reach it.
 */
final class TrackingHosts {
  private final RmCore core;
  private final SubmittingHosts submitting;

  TrackingHosts(RmCore core, SubmittingHosts submitting) {
    this.core = requireNonNull(core);
    this.submitting = requireNonNull(submitting);
  }

  /** A host the proxy may connect to, at the address it checked (so a second DNS answer cannot differ). */
  record Vetted(String host, InetAddress address) {}

  /**
   * The address of {@code host} to forward to for {@code app}; fails with why not. A node matches by
   * the name or address it registered with (node names are not resolved: one lookup per request).
   */
  Vetted vet(ApplicationId app, String host) throws RefusedTarget {
    List<InetAddress> addresses = resolve(host).orElseThrow(() ->
        new RefusedTarget("the tracking URL host " + host + " does not resolve"));
    Set<String> nodes = new TreeSet<>();
    for (NodeReport node : await(core.nodes(Set.of()))) {
      if (node.state().isActive()) {
        nodes.add(node.nodeId().host().toLowerCase(Locale.ROOT));
      }
    }
    Optional<String> submitter = submitting.of(app);
    boolean namedNode = nodes.contains(host.toLowerCase(Locale.ROOT));
    for (InetAddress address : addresses) {
      String ip = address.getHostAddress();
      if (namedNode || nodes.contains(ip) || submitter.isPresent() && submitter.get().equals(ip)) {
        return new Vetted(host, address);
      }
    }
    throw new RefusedTarget("the tracking URL host " + host + " " + addresses.stream()
        .map(InetAddress::getHostAddress).toList() + " is neither a cluster node " + nodes
        + " nor the host the application was submitted from ("
        + submitter.orElse("not known: submitted over REST, or before this RM started") + ")");
  }

  private static Optional<List<InetAddress>> resolve(String host) {
    try {
      return Optional.of(new ArrayList<>(List.of(InetAddress.getAllByName(host))));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** The tracking URL may not be proxied; the message says why. */
  static final class RefusedTarget extends Exception {
    RefusedTarget(String message) {
      super(message);
    }
  }
}
