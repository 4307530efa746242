package io.weft.common.rpc;

import java.util.Optional;

/**
 * Says what a failed connection most likely means when one side speaks TLS and the other does not:
 * gRPC itself reports only that the network closed (a plaintext client at a TLS server) or that a
 * record was not TLS (a TLS client at a plaintext server), which does not point at the setting to fix.
 */
public final class TlsMismatch {
  private TlsMismatch() {}

  /** The hint for {@code failure}'s message (and its causes'), if it looks like a TLS mismatch. */
  public static Optional<String> hint(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("Network closed for unknown reason")) {
        return Optional.of("if the server speaks TLS, set weft.security.tls.enabled=true and weft.security.tls.trust"
            + " to its CA");
      }
      if (message.contains("not an SSL/TLS record")) {
        return Optional.of("the server speaks plaintext; set weft.security.tls.enabled=false or turn TLS on there");
      }
    }
    return Optional.empty();
  }
}
