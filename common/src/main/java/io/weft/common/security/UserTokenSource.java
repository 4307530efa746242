package io.weft.common.security;

import io.weft.common.launch.ContainerEnvironment;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a client finds the bearer token it sends to the ResourceManager: {@code weft.security.token.file}
 * when set (it must exist), else {@code $WEFT_TOKEN}, else {@code ~/.weft/token} when it exists. No
 * token is fine: the RM then decides (with {@code weft.security.authentication=token} it refuses).
 */
public final class UserTokenSource {
  public static final String ENV = "WEFT_TOKEN";

  private UserTokenSource() {}

  /** {@code ~/.weft/token}: where {@code bin/weft security token create --save} and operators put a token. */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".weft", "token");
  }

  public static Optional<String> find(WeftConfig config) {
    return find(config, ContainerEnvironment.current());
  }

  static Optional<String> find(WeftConfig config, Map<String, String> env) {
    String configured = config.get(CommonKeys.SECURITY_TOKEN_FILE);
    if (!configured.isBlank()) {
      Path file = Path.of(configured);
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("configuration " + CommonKeys.SECURITY_TOKEN_FILE.key() + "=" + configured
            + " names no file; create a token with 'bin/weft security token create' and save it there");
      }
      return read(file);
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(fromEnv.strip());
    }
    Path home = defaultFile();
    return Files.isRegularFile(home) ? read(home) : Optional.empty();
  }

  private static Optional<String> read(Path file) {
    try {
      String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (IOException e) {
      throw new ConfigException("cannot read the token file " + file + ": " + e.getMessage());
    }
  }
}
