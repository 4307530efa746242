package io.weft.rm.auth;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.WeftConfig;
import io.weft.common.security.Authentication;
import io.weft.rm.queue.Acl;

/**
 * {@code rmadmin -refreshAdminAcls}: reads {@code weft.admin.acl} again from the configuration file the RM started
 * with (a value given over the file by {@code --conf} or {@code -D} still wins, as at start) and swaps it into
 * {@link Administrators}. An RM configured without a file keeps its ACL and says so.
 */
public final class AdminAclRefresh {
  private final WeftConfig startup;
  private final Authentication authentication;
  private final Administrators admins;

  public AdminAclRefresh(WeftConfig startup, Authentication authentication, Administrators admins) {
    this.startup = requireNonNull(startup);
    this.authentication = requireNonNull(authentication);
    this.admins = requireNonNull(admins);
  }

  /** What the refresh did: the ACL now in force, the one before it, where it was read. */
  public record Outcome(Acl now, Acl previous, String source) {}

  /** Throws the configuration's own exception (naming the file) when the file cannot be read. */
  public Outcome refresh() {
    if (startup.siteFile().isEmpty()) {
      Acl current = admins.acl();
      return new Outcome(current, current, "nothing: this ResourceManager was configured without a "
          + WeftConfig.SITE_FILE + " file, so its weft.admin.acl stays as it started");
    }
    Acl next = AppPermissions.administrators(startup.reloaded(), authentication);
    Acl previous = admins.replace(next);
    return new Outcome(next, previous, startup.siteFile().get().toString());
  }
}
