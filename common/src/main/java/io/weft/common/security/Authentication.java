package io.weft.common.security;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import java.util.Locale;

/** How the ResourceManager knows who calls it ({@code weft.security.authentication}). */
public enum Authentication {
  /** The user the caller claims (the {@code weft-user} header, {@code ?user.name=}); not verified. */
  SIMPLE,
  /** The CN of the client's TLS certificate. */
  TLS,
  /** A bearer token the ResourceManager issued. */
  TOKEN;

  public static Authentication of(WeftConfig config) {
    String text = config.get(CommonKeys.SECURITY_AUTHENTICATION);
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("configuration " + CommonKeys.SECURITY_AUTHENTICATION.key() + "=" + text
          + " is not an authentication; use simple, tls or token");
    }
  }

  /** Whether callers are proven (tls, token) rather than taken at their word. */
  public boolean verifiesUsers() {
    return this != SIMPLE;
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
