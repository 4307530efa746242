package io.weft.rm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.logstore.LogStores;
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.Authentication;
import io.weft.common.web.WebRequest;
import io.weft.rm.app.AppReport;
import io.weft.rm.auth.Access;
import io.weft.rm.auth.Caller;
import java.util.Optional;

/**
 * Who a web request is made as, and whether they may see or change an application: the
 * {@link io.weft.rm.auth.Authenticator} with the console's sessions, and the application ACLs
 * ({@link io.weft.rm.auth.AppPermissions}). With simple authentication the caller is the
 * {@code user.name} query parameter (absent = {@value Caller#ANONYMOUS}); with tls or token it is
 * proven, and {@code user.name} is ignored. A denial is a 403 naming the user, the action, the
 * application and the ACL; a request without proof a 401.
 */
final class AppAccess {
  static final String USER_PARAM = "user.name";

  private final Access access;
  private final WebSessions sessions;

  AppAccess(Access access, WebSessions sessions) {
    this.access = requireNonNull(access);
    this.sessions = requireNonNull(sessions);
  }

  Caller caller(WebRequest r) {
    return access.authenticator().webCaller(r, req -> sessions.of(req).map(WebSessions.Session::user));
  }

  Access access() {
    return access;
  }

  WebSessions sessions() {
    return sessions;
  }

  /**
   * Who the RM reads logs from other servers as (the NodeManagers' pages, the history server's store) for this
   * request, once it has checked the caller may view them: the caller's name (simple authentication) and, with token
   * authentication, the caller's own token (the request's, or the one its session was opened with), so those servers
   * check the user themselves rather than take the RM's word. With TLS the RM also presents its certificate.
   */
  LogStores.Caller onBehalfOf(WebRequest r) {
    Caller caller = caller(r);
    Optional<String> token = Optional.empty();
    if (access.authenticator().mode() == Authentication.TOKEN) {
      String authorization = r.header("Authorization", null);
      token = authorization != null ? Optional.of(authorization.substring(AuthHeaders.BEARER.length()).strip())
          : sessions.of(r).flatMap(WebSessions.Session::token);
    }
    return new LogStores.Caller(caller.user(), token);
  }

  void requireView(WebRequest r, AppReport app) {
    access.permissions().requireView(caller(r).user(), app);
  }

  void requireModify(WebRequest r, AppReport app, String action) {
    access.permissions().requireModify(caller(r).user(), app, action);
  }
}
