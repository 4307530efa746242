package io.weft.common.web;

/** Where a web app adds its GET routes: a {@link WebServer}, or a {@link RouteTable} another server mounts. */
public interface Routes {
  /** Adds a GET route; path segments written {@code {name}} match one segment, a final {@code {name...}} the rest. */
  Routes get(String path, WebServer.Handler handler);
}
