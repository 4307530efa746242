package io.weft.client.admin;

import static java.util.Objects.requireNonNull;

/**
 * A bearer token the ResourceManager issued, without its secret. Times are epoch milliseconds; {@code expiryTime} 0 =
 * never expires, {@code revokedTime} 0 = not revoked.
 */
public record UserToken(String id, String user, long issuedTime, long expiryTime, long revokedTime, String issuedBy) {
  public UserToken {
    requireNonNull(id, "id");
    requireNonNull(user, "user");
    requireNonNull(issuedBy, "issuedBy");
  }
}
