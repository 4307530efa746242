package io.weft.common.security;

import io.grpc.Metadata;

/** gRPC metadata headers that carry credentials. */
public final class AuthHeaders {
  /** The attempt's AMRM token (serialized {@code weft.Token}) on every AM -> RM call. */
  public static final Metadata.Key<byte[]> AMRM_TOKEN =
      Metadata.Key.of("weft-amrm-token-bin", Metadata.BINARY_BYTE_MARSHALLER);
  /**
   * An NM token (serialized {@code weft.Token} of kind NMToken) on every stop / status / log call to
   * a NodeManager: the right of an application's attempt (or the RM) to the application's containers there.
   */
  public static final Metadata.Key<byte[]> NM_TOKEN =
      Metadata.Key.of("weft-nm-token-bin", Metadata.BINARY_BYTE_MARSHALLER);
  /** The application's shared secret on driver <-> executor calls. */
  public static final Metadata.Key<String> APP_SECRET =
      Metadata.Key.of("weft-app-secret", Metadata.ASCII_STRING_MARSHALLER);

  /**
   * The user a call is made as, the OS user of the calling process (Hadoop's "simple"
   * authentication: claimed, not proven). The RM checks queue ACLs against it.
   */
  public static final Metadata.Key<String> USER = Metadata.Key.of("weft-user", Metadata.ASCII_STRING_MARSHALLER);

  /** {@code Bearer <token>}: a user's token issued by the RM ({@code weft.security.authentication=token}). */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  /** The scheme of {@link #AUTHORIZATION} (and of HTTP's Authorization header), with its trailing space. */
  public static final String BEARER = "Bearer ";

  /** The user this process runs as. */
  public static String localUser() {
    return System.getProperty("user.name", "weft");
  }

  /** Environment variable through which a container receives its application secret. */
  public static final String APP_SECRET_ENV = "WEFT_APP_SECRET";

  private AuthHeaders() {}
}
