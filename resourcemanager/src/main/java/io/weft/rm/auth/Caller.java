package io.weft.rm.auth;

import static java.util.Objects.requireNonNull;

/** Who made a call, and how that is known. */
public record Caller(String user, Proof proof) {
  /** YARN's name for a web user who named nobody. */
  public static final String ANONYMOUS = "dr.who";

  /** How the caller's identity is known. */
  public enum Proof {
    /** Named in the request ({@code weft-user}, {@code ?user.name=}), or nobody named ({@link #ANONYMOUS}): not verified. */
    CLAIMED,
    /** The CN of a TLS client certificate; a browser sends it by itself, as it does cookies. */
    CERTIFICATE,
    /** A bearer token in the request's Authorization header: sent only by code that chose to. */
    BEARER,
    /** A web session cookie (made at login from a token); a browser sends it by itself. */
    SESSION
  }

  public Caller {
    requireNonNull(user, "user");
    requireNonNull(proof, "proof");
  }

  /** Whether a browser attaches this proof to requests that other sites make it send (so they need CSRF checks). */
  public boolean ambient() {
    return proof == Proof.CERTIFICATE || proof == Proof.SESSION;
  }
}
