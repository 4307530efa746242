package io.weft.rm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import io.weft.common.web.WebRequest;
import io.weft.rm.app.AppReport;
import io.weft.rm.queue.Acl;
import io.weft.rm.rpc.CallerInterceptor;

/**
 * YARN's application ACLs on the web, kept simple. With {@code weft.acl.enable} the caller is the
 * {@code user.name} query parameter (YARN's "simple" pseudo-authentication; absent = the anonymous
 * {@value CallerInterceptor#ANONYMOUS}); an application may be viewed (its page, attempts, containers, logs, proxy)
 * and modified (killed) by its owner and by {@code weft.admin.acl}. Anyone else gets a 403.
 * Disabled (the default), everyone may do everything.
 */
final class AppAccess {
  static final String USER_PARAM = "user.name";

  private final boolean enabled;
  private final Acl admins;

  AppAccess(boolean enabled, Acl admins) {
    this.enabled = enabled;
    this.admins = requireNonNull(admins);
  }

  String caller(WebRequest r) {
    String user = r.query(USER_PARAM, "").strip();
    return user.isEmpty() ? CallerInterceptor.ANONYMOUS : user;
  }

  void requireView(WebRequest r, AppReport app) {
    require(r, app, "view");
  }

  void requireModify(WebRequest r, AppReport app) {
    require(r, app, "modify");
  }

  private void require(WebRequest r, AppReport app, String what) {
    if (!enabled) {
      return;
    }
    String user = caller(r);
    if (!user.equals(app.user()) && !admins.allows(user)) {
      throw WeftException.permissionDenied("User " + user + " does not have permission to " + what + " "
          + app.id() + " (owner " + app.user() + "; set " + USER_PARAM + "= to who you are)");
    }
  }
}
