package io.weft.rm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import io.weft.common.security.Authentication;
import io.weft.common.web.Html;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import java.util.Map;
import java.util.Optional;

/**
 * The console's login and logout (token authentication): the login form posts a token, which, when
 * the RM verifies it, opens a session whose cookie is HttpOnly and SameSite=Strict (and Secure over
 * TLS); logout ends it. The token itself is never kept in the browser.
 */
final class LoginPages {
  private final AppAccess access;
  private final boolean secureCookies;

  LoginPages(AppAccess access, boolean secureCookies) {
    this.access = requireNonNull(access);
    this.secureCookies = secureCookies;
  }

  void register(RmRoutes routes) {
    routes.open("GET", "/login", this::form)
        .open("POST", "/login", this::login)
        .route("POST", "/logout", this::logout);
  }

  private WebResponse form(WebRequest r) {
    return WebResponse.html(ConsolePages.frame("Log in", "", loginForm(r.query("next", "/cluster"), ""), ""));
  }

  private String loginForm(String next, String error) {
    Authentication mode = access.access().authenticator().mode();
    if (mode != Authentication.TOKEN) {
      return "<p>This cluster authenticates users by " + (mode == Authentication.TLS ? "their TLS client certificate"
          : "nothing (simple: users are not verified)") + "; there is nothing to log in with.</p>";
    }
    return (error.isEmpty() ? "" : "<p class=\"error\" id=\"login-error\">" + Html.escape(error) + "</p>")
        + "<form method=\"post\" action=\"/login\" id=\"login\"><label>Token <input type=\"password\" name=\"token\""
        + " autocomplete=\"off\" required></label><input type=\"hidden\" name=\"next\" value=\"" + Html.escape(next)
        + "\"><button type=\"submit\">Log in</button></form><p>Get a token from an administrator "
        + "(<code>bin/weft security token create --user NAME</code>).</p>";
  }

  private WebResponse login(WebRequest r) {
    Map<String, String> fields = Forms.parse(r);
    String next = safeNext(fields.getOrDefault("next", "/cluster"));
    if (access.access().authenticator().mode() != Authentication.TOKEN) {
      return WebResponse.redirect(next);
    }
    String user;
    String token = fields.getOrDefault("token", "");
    try {
      user = access.access().authenticator().tokens().verify(token);
    } catch (WeftException e) {
      return new WebResponse(401, WebResponse.HTML, ConsolePages.frame("Log in", "", loginForm(next, e.getMessage()),
          "").getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
    }
    WebSessions.Session session = access.sessions().open(user, Optional.of(token.strip()));
    return new WebResponse(303, WebResponse.TEXT, new byte[0], Map.of("Location", next,
        "Set-Cookie", cookie(session.id(), WebSessions.LIFETIME.toSeconds())));
  }

  private WebResponse logout(WebRequest r) {
    access.sessions().of(r).ifPresent(access.sessions()::close);
    return new WebResponse(303, WebResponse.TEXT, new byte[0], Map.of("Location", "/login",
        "Set-Cookie", cookie("", 0)));
  }

  private String cookie(String value, long maxAgeSeconds) {
    return WebSessions.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
        + (secureCookies ? "; Secure" : "");
  }

  /** Only a path of this site: never another origin ({@code //host}, {@code https://...}). */
  private static String safeNext(String next) {
    return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/cluster";
  }
}
