package io.weft.rm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import io.weft.common.security.Authentication;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.common.web.WebServer;
import io.weft.rm.auth.Caller;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What every RM web request passes before its handler: who makes it ({@link AppAccess#caller}: a
 * 401 without proof when users are authenticated), and, for a state-changing one (POST, PUT, DELETE),
 * that another site did not make the browser send it. Browsers attach session cookies and client
 * certificates to any site's requests by themselves, so such requests must also carry what only
 * this site's pages know or can send: the session's CSRF token ({@value #CSRF_HEADER} header, or a
 * {@value #CSRF_FIELD} form field), or, with a certificate, a custom header (which a cross-site page
 * cannot send without a CORS preflight that this server never grants). A request whose
 * {@code Sec-Fetch-Site} or {@code Origin} says it came from another site is refused outright.
 * Bearer tokens are sent only by code that chose to, so they need no more.
 */
final class WebGuard {
  static final String CSRF_HEADER = "X-Weft-CSRF";
  static final String CSRF_FIELD = "csrf";
  /** YARN's custom header for its REST CSRF filter ({@code yarn.resourcemanager.webapp.rest-csrf.custom-header}). */
  static final String YARN_CSRF_HEADER = "X-XSRF-HEADER";
  private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");

  private final AppAccess access;

  WebGuard(AppAccess access) {
    this.access = requireNonNull(access);
  }

  WebServer.Handler guard(String method, WebServer.Handler handler, boolean page) {
    boolean changing = STATE_CHANGING.contains(method);
    return r -> {
      if (changing) {
        requireSameSite(r);
      }
      Caller caller;
      try {
        caller = access.caller(r);
      } catch (WeftException e) {
        if (page && e.code() == WeftException.Code.UNAUTHENTICATED
            && access.access().authenticator().mode() == Authentication.TOKEN) {
          return WebResponse.redirect("/login?next=" + URLEncoder.encode(r.path(), StandardCharsets.UTF_8));
        }
        throw e;
      }
      if (changing && caller.ambient()) {
        requireCsrf(r, caller);
      }
      return handler.handle(r);
    };
  }

  WebServer.Handler crossSiteOnly(String method, WebServer.Handler handler) {
    boolean changing = STATE_CHANGING.contains(method);
    return r -> {
      if (changing) {
        requireSameSite(r);
      }
      return handler.handle(r);
    };
  }

  private static void requireSameSite(WebRequest r) {
    String fetchSite = r.header("Sec-Fetch-Site", null);
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      throw crossSite(r, "Sec-Fetch-Site is " + fetchSite);
    }
    String origin = r.header("Origin", null);
    if (origin != null) {
      String host = r.header("Host", "");
      String originHost;
      try {
        originHost = URI.create(origin).getRawAuthority();
      } catch (IllegalArgumentException e) {
        originHost = null;
      }
      if (originHost == null || !originHost.equalsIgnoreCase(host)) {
        throw crossSite(r, "its Origin " + origin + " is not this server (" + host + ")");
      }
    }
  }

  private void requireCsrf(WebRequest r, Caller caller) {
    if (caller.proof() == Caller.Proof.SESSION) {
      WebSessions.Session session = access.sessions().of(r).orElseThrow();
      String presented = r.header(CSRF_HEADER, null);
      if (presented == null) {
        presented = Forms.parse(r).get(CSRF_FIELD);
      }
      if (!WebSessions.csrfMatches(session, presented)) {
        throw WeftException.permissionDenied(r.method() + " " + r.path() + " by " + caller.user() + " is refused: "
            + "a request made with the console's session cookie must carry the session's CSRF token (the "
            + CSRF_HEADER + " header the console sends); scripts should send 'Authorization: Bearer <token>'");
      }
    } else if (r.header(CSRF_HEADER, null) == null && r.header(YARN_CSRF_HEADER, null) == null) {
      throw WeftException.permissionDenied(r.method() + " " + r.path() + " by " + caller.user() + " is refused: "
          + "a request authenticated by a client certificate must send the " + YARN_CSRF_HEADER + " (or "
          + CSRF_HEADER + ") header, which pages of other sites cannot send");
    }
  }

  private static WeftException crossSite(WebRequest r, String why) {
    return WeftException.permissionDenied("cross-site request refused: " + r.method() + " " + r.path()
        + " came from another site (" + why + ")");
  }
}
