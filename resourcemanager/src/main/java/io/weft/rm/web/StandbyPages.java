package io.weft.rm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.RmEndpoints;
import io.weft.common.web.Prometheus;
import io.weft.common.web.RemoteErrors;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.common.web.WebServer;
import io.weft.rm.ha.HaServiceState;
import io.weft.rm.ha.HaStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * What a standby ResourceManager's web server answers (YARN's behaviour): {@code /ws/v1/cluster/info}
 * and {@code /metrics} for itself; every other page 307 to the same path and query on the active RM,
 * or 503 saying why when no RM is known to be active.
 */
final class StandbyPages {
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE");

  private final Supplier<HaStatus> ha;
  private final Instant startedOn;
  private final String scheme;

  /** {@code scheme} (http or https) is the cluster's: the active RM's pages speak what this one does. */
  StandbyPages(Supplier<HaStatus> ha, Instant startedOn, String scheme) {
    this.scheme = scheme;
    this.ha = requireNonNull(ha);
    this.startedOn = requireNonNull(startedOn);
  }

  void register(WebServer web) {
    // first routes win: these two before the catch-all
    web.get(ClusterWs.BASE + "/info", r -> ClusterWs.clusterInfo(startedOn.toEpochMilli(), startedOn, ha.get(), "", 0,
        0));
    web.get("/metrics", r -> metrics(ha.get()));
    for (String method : METHODS) {
      web.route(method, "/{path...}", this::redirect);
    }
  }

  private WebResponse redirect(WebRequest r) {
    HaStatus status = ha.get();
    Optional<RmEndpoints.Endpoint> active = status.active().filter(a -> !a.id().equals(status.self()));
    if (active.isEmpty()) {
      return RemoteErrors.error(503, "ServiceUnavailableException", status.notServing());
    }
    String location = scheme + "://" + active.get().web() + r.path() + query(r.query());
    return new WebResponse(307, WebResponse.TEXT, ("This is standby RM " + status.self() + ". The redirect url is: "
        + location + "\n").getBytes(StandardCharsets.UTF_8), Map.of("Location", location));
  }

  private static String query(Map<String, List<String>> query) {
    if (query.isEmpty()) {
      return "";
    }
    StringJoiner out = new StringJoiner("&", "?", "");
    query.forEach((key, values) -> values.forEach(v -> out.add(encode(key) + "=" + encode(v))));
    return out.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static WebResponse metrics(HaStatus status) {
    Prometheus p = new Prometheus();
    boolean first = true;
    for (HaServiceState s : HaServiceState.values()) {
      Map<String, String> labels = Map.of("state", s.display());
      double value = s == status.state() ? 1 : 0;
      if (first) {
        p.metric("weft_rm_ha_state", "gauge", "1 for this ResourceManager's HA state", labels, value);
        first = false;
      } else {
        p.sample("weft_rm_ha_state", labels, value);
      }
    }
    return p.response();
  }
}
