package io.weft.rm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.web.WebServer;

/**
 * The RM web app's routes, each behind the {@link WebGuard}: a request must name who makes it (with
 * tls or token authentication, prove it) and a state-changing one must come from this site. Only
 * the login page and the static files are open to all.
 */
final class RmRoutes {
  private final WebServer server;
  private final WebGuard guard;

  RmRoutes(WebServer server, WebGuard guard) {
    this.server = requireNonNull(server);
    this.guard = requireNonNull(guard);
  }

  RmRoutes route(String method, String path, WebServer.Handler handler) {
    server.route(method, path, guard.guard(method, handler, false));
    return this;
  }

  RmRoutes get(String path, WebServer.Handler handler) {
    return route("GET", path, handler);
  }

  /** A console page: without credentials it sends the browser to the login page rather than answering 401. */
  RmRoutes page(String path, WebServer.Handler handler) {
    server.route("GET", path, guard.guard("GET", handler, true));
    return this;
  }

  RmRoutes getSlow(String path, WebServer.Handler handler) {
    server.getSlow(path, guard.guard("GET", handler, false));
    return this;
  }

  /** Open to everyone, authenticated or not (still refused when state-changing and cross-site). */
  RmRoutes open(String method, String path, WebServer.Handler handler) {
    server.route(method, path, guard.crossSiteOnly(method, handler));
    return this;
  }
}
