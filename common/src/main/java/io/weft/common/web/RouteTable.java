package io.weft.common.web;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * GET routes not bound to a server of their own, matched as {@link WebServer} matches them: a server mounts the
 * table below a prefix and hands it the rest of the path (the history server serves one driver UI per finished
 * application this way, at the paths the live UI has).
 */
public final class RouteTable implements Routes {
  private record Route(String[] segments, WebServer.Handler handler) {}

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  @Override
  public RouteTable get(String path, WebServer.Handler handler) {
    routes.add(new Route(WebServer.split(path), requireNonNull(handler)));
    return this;
  }

  /**
   * Answers {@code request} as if its path were {@code path} (e.g. {@code /jobs}); empty when no route
   * matches. The query, headers and body go through unchanged.
   */
  public Optional<WebResponse> handle(WebRequest request, String path) throws Exception {
    String[] actual = WebServer.split(path);
    for (Route route : routes) {
      Map<String, String> params = WebServer.match(route.segments(), actual);
      if (params != null) {
        return Optional.of(route.handler().handle(new WebRequest(request.method(), path, params, request.query(),
            request.body(), request.headers(), request.peerCertificates())));
      }
    }
    return Optional.empty();
  }
}
