package io.weft.history.rpc;

import io.weft.common.logstore.AggregatedLogs;
import io.weft.common.logstore.LogStore;
import io.weft.common.tls.CertificateNames;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * Which files of an application a NodeManager's certificate may write to the log store: its own node's file
 * ({@code <host>_<port>}, {@link AggregatedLogs#fileName}) for a host its certificate names (CN or subject
 * alternative name, as the RM's resource tracker binds a NodeManager to its host), and the driver's event log,
 * which a NodeManager uploads for the AM container it ran. As at the RM, a loopback name ({@code 127.0.0.1},
 * {@code localhost}), which every certificate Weft issues carries, counts only on a connection from this host.
 */
final class NodeFileNames {
  private NodeFileNames() {}

  /** Why a NodeManager with {@code certificate}, connected from {@code peer}, may not write {@code name}; empty if it may. */
  static Optional<String> refusal(String name, CertificateNames certificate, SocketAddress peer) {
    if (name.equals(LogStore.EVENT_LOG)) {
      return Optional.empty();
    }
    Optional<String> host = certificate.names().stream().filter(h -> AggregatedLogs.isFileOf(name, h)).findFirst();
    if (host.isEmpty()) {
      return Optional.of("a NodeManager may write only its own node's file (<host>_<port> of a host its "
          + "certificate names) and " + LogStore.EVENT_LOG + "; '" + name + "' is not one of " + certificate);
    }
    if (CertificateNames.isLoopback(host.get()) && !CertificateNames.isLoopback(peer)) {
      return Optional.of("'" + name + "' is the file of a loopback name, which the caller's certificate "
          + certificate + " vouches for only on a connection from the history server's own host; this one comes "
          + "from " + peer);
    }
    return Optional.empty();
  }
}
