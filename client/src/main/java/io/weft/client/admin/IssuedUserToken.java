package io.weft.client.admin;

import static java.util.Objects.requireNonNull;

/**
 * A token just issued: its description and its secret form {@code weft1.<id>.<secret>}, what the user sends as
 * {@code Authorization: Bearer <token>}. This is the only time the secret is seen (the ResourceManager keeps a hash).
 */
public record IssuedUserToken(UserToken info, String token) {
  public IssuedUserToken {
    requireNonNull(info, "info");
    requireNonNull(token, "token");
  }

  @Override
  public String toString() {
    return "IssuedUserToken[info=" + info + ", token=(secret)]";
  }
}
