package io.weft.nm.executor;

import io.weft.common.id.ContainerId;
import io.weft.common.rpc.WeftException;
import io.weft.nm.NmKeys;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may run containers on this host under the Linux executor (YARN's container-executor.cfg):
 * never root, nobody below {@code minUserId} unless allowed as a system user, never a banned user.
 */
public record ContainerUserPolicy(int minUserId, Set<String> bannedUsers, Set<String> allowedSystemUsers) {
  public ContainerUserPolicy {
    bannedUsers = Set.copyOf(bannedUsers);
    allowedSystemUsers = Set.copyOf(allowedSystemUsers);
  }

  /** Splits a comma-separated list of user names, ignoring blanks. */
  public static Set<String> names(String list) {
    return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  /**
   * The account {@code container} runs as, given the host's {@code account} of {@code user};
   * PERMISSION_DENIED (or FAILED_PRECONDITION: no such user) naming the rule.
   */
  public LocalUser admit(ContainerId container, String user, Optional<LocalUser> found) {
    LocalUser account = found.orElseThrow(() -> WeftException.failedPrecondition(container
        + " of user '" + user + "' refused: no user '" + user + "' exists on this host"));
    if (account.uid() == 0) {
      throw WeftException.permissionDenied(container + " of user '" + user + "' refused: uid 0 (root) never runs "
          + "containers");
    }
    if (bannedUsers.contains(user)) {
      throw WeftException.permissionDenied(container + " of user '" + user + "' refused: the user is banned ("
          + NmKeys.BANNED_USERS.key() + "=" + String.join(",", bannedUsers.stream().sorted().toList()) + ")");
    }
    if (account.uid() < minUserId && !allowedSystemUsers.contains(user)) {
      throw WeftException.permissionDenied(container + " of user '" + user + "' refused: its uid " + account.uid()
          + " is below " + NmKeys.MIN_USER_ID.key() + "=" + minUserId + " and the user is not in "
          + NmKeys.ALLOWED_SYSTEM_USERS.key());
    }
    return account;
  }
}
