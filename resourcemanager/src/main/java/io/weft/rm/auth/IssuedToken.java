package io.weft.rm.auth;

import static java.util.Objects.requireNonNull;

import io.weft.rm.store.UserTokenRecord;

/** A token just issued: its record, and the one time its secret ({@code bearer}) is seen. */
public record IssuedToken(UserTokenRecord record, String bearer) {
  public IssuedToken {
    requireNonNull(record, "record");
    requireNonNull(bearer, "bearer");
  }

  @Override
  public String toString() {
    return "IssuedToken[" + record.id() + " for " + record.user() + "]"; // never the secret
  }
}
