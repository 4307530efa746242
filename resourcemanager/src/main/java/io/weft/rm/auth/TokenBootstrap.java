package io.weft.rm.auth;

import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.SecretFiles;
import io.weft.common.security.UserTokenSource;
import io.weft.rm.config.RmKeys;
import io.weft.rm.queue.Acl;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The first token of a cluster with token authentication: with no token in the state store, the RM
 * issues one for the bootstrap user (an administrator) and writes it where that user's {@code bin/weft}
 * finds it, so that user can issue everyone else's. Again only if every token has been revoked.
 */
public final class TokenBootstrap {
  private static final Logger LOG = LogManager.getLogger();

  private TokenBootstrap() {}

  public static void ensureFirstToken(WeftConfig config, UserTokens tokens, Acl admins) {
    if (tokens.anyUnrevoked()) {
      return;
    }
    String user = config.get(RmKeys.TOKEN_BOOTSTRAP_USER).isBlank() ? AuthHeaders.localUser()
        : config.get(RmKeys.TOKEN_BOOTSTRAP_USER).strip();
    if (!admins.allows(user)) {
      throw new ConfigException("the first user token would go to " + user + " (" + RmKeys.TOKEN_BOOTSTRAP_USER.key()
          + "), who is not in weft.admin.acl '" + admins.text().strip() + "' and so could not issue others; add "
          + user + " to weft.admin.acl or set " + RmKeys.TOKEN_BOOTSTRAP_USER.key() + " to an administrator");
    }
    String configured = config.get(RmKeys.TOKEN_BOOTSTRAP_FILE);
    Path file = configured.isBlank() ? UserTokenSource.defaultFile() : Path.of(configured);
    IssuedToken issued = tokens.issue(user, Optional.empty(), "bootstrap");
    try {
      write(file, issued.bearer());
    } catch (ConfigException e) {
      tokens.revoke(issued.record().id(), "bootstrap"); // nobody holds it; the next start issues another
      throw e;
    }
    LOG.warn("The state store held no user token: issued token {} to administrator {} and wrote it to {} (mode 600). "
        + "As {}, run 'bin/weft security token create --user NAME' to issue the others", issued.record().id(), user,
        file, user);
  }

  private static void write(Path file, String token) {
    try {
      SecretFiles.write(file, token);
    } catch (IOException e) {
      throw new ConfigException("cannot write the first user token to " + file + " (" + e.getMessage() + "); set "
          + RmKeys.TOKEN_BOOTSTRAP_FILE.key() + " to a file the RM can write");
    }
  }

}
