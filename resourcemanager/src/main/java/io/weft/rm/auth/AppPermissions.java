package io.weft.rm.auth;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.Authentication;
import io.weft.rm.config.RmKeys;
import io.weft.rm.app.AppReport;
import io.weft.rm.queue.Acl;

/**
 * Application ACLs, YARN-style: who owns a submitted application, and who may view it (its report,
 * attempts, containers, logs, proxy) and modify it (kill, move): its owner and {@code weft.admin.acl}.
 * Checked on the web when {@code weft.acl.enable} is set, and everywhere once users are authenticated
 * (an ACL over users who are not is little protection; one over users who are needs no second switch).
 * Kill and move are also checked by the core against the queue's administer ACL.
 */
public final class AppPermissions {
  private final Authentication authentication;
  private final boolean enforced;
  private final Administrators admins;

  public AppPermissions(Authentication authentication, boolean aclEnable, Acl admins) {
    this(authentication, aclEnable, new Administrators(admins));
  }

  /** With {@code admins} as they are now (they may be refreshed). */
  public AppPermissions(Authentication authentication, boolean aclEnable, Administrators admins) {
    this.authentication = requireNonNull(authentication);
    this.enforced = aclEnable || authentication.verifiesUsers();
    this.admins = requireNonNull(admins);
  }

  /**
   * The administrators {@code config} names in {@code weft.admin.acl}; when it names none, everyone with
   * simple authentication (YARN's default, where nobody is proven anyway) and only the RM's own OS user once
   * users are authenticated: the default of an authenticated cluster must not make every user an administrator.
   */
  public static Acl administrators(WeftConfig config, Authentication authentication) {
    return config.raw(RmKeys.ADMIN_ACL.key()).map(Acl::parse)
        .orElse(authentication.verifiesUsers() ? Acl.parse(AuthHeaders.localUser()) : Acl.ALL);
  }

  public Acl admins() {
    return admins.acl();
  }

  public boolean isAdmin(String user) {
    return admins.allows(user);
  }

  /**
   * Who owns an application submitted by {@code caller} whose request names {@code claimed}: the
   * caller once users are authenticated (the request's user is ignored); with simple authentication,
   * as before, the request's user (blank: the RM fills it in as it always did).
   */
  public String owner(String caller, String claimed) {
    return authentication.verifiesUsers() ? caller : claimed == null ? "" : claimed;
  }

  public void requireView(String user, AppReport app) {
    require(user, app, "view");
  }

  /**
   * As {@link #requireView}, for gRPC reads (report, attempts, containers, watch): checked once users
   * are authenticated; with simple authentication they stay open as they always were (the claimed
   * gRPC user is the client's OS user, which {@code weft.acl.enable} never applied to).
   */
  public void requireViewOverRpc(String user, AppReport app) {
    if (authentication.verifiesUsers()) {
      require(user, app, "view");
    }
  }

  /** {@code action}: kill, move — the access it needs is YARN's MODIFY_APP. */
  public void requireModify(String user, AppReport app, String action) {
    require(user, app, action + " (modify)");
  }

  /**
   * Whether {@code user} may view {@code app} on the web. Lists show every application (as YARN's do),
   * those the caller may not view {@link AppReport#withoutDetails() without their details}.
   */
  public boolean mayView(String user, AppReport app) {
    return !enforced || user.equals(app.user()) || admins.allows(user);
  }

  /** As {@link #mayView}, over gRPC: see {@link #requireViewOverRpc}. */
  public boolean mayViewOverRpc(String user, AppReport app) {
    return !authentication.verifiesUsers() || mayView(user, app);
  }

  private void require(String user, AppReport app, String action) {
    if (mayView(user, app)) {
      return;
    }
    throw WeftException.permissionDenied("user " + user + " may not " + action + " application " + app.id()
        + " of user " + app.user() + ": only its owner and administrators may (weft.admin.acl is '"
        + admins.acl().text().strip() + "')");
  }
}
