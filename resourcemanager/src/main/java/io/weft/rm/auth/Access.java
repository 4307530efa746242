package io.weft.rm.auth;

import static java.util.Objects.requireNonNull;

/** What the RM's front doors (gRPC services, web) need to know about users: who calls, and what they may do. */
public record Access(Authenticator authenticator, AppPermissions permissions) {
  public Access {
    requireNonNull(authenticator, "authenticator");
    requireNonNull(permissions, "permissions");
  }
}
