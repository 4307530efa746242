package io.weft.rm.web;

import static io.weft.rm.web.Futures.await;
import static io.weft.rm.web.YarnJson.obj;
import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.NodeId;
import io.weft.common.rpc.WeftException;
import io.weft.common.version.Versions;
import io.weft.common.web.WebRequest;
import io.weft.common.web.WebResponse;
import io.weft.rm.app.AppReport;
import io.weft.rm.app.AttemptReport;
import io.weft.rm.core.AppFilter;
import io.weft.rm.core.ClusterMetricsView;
import io.weft.rm.core.AppUsage;
import io.weft.rm.core.RmCore;
import io.weft.rm.ha.HaStatus;
import io.weft.rm.node.NodeReport;
import io.weft.rm.node.NodeState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** YARN's read API under {@code /ws/v1/cluster}, with YARN's field names and shapes. */
final class ClusterWs {
  static final String BASE = "/ws/v1/cluster";

  private final boolean logAggregation;
  private final RmCore core;
  private final Clock clock;
  private final Instant startedOn;
  private final AppAccess access;
  private final Supplier<HaStatus> ha;
  private final String scheme;

  /**
   * {@code scheme} (http or https) is the cluster's, for links to the NMs' pages; {@code logAggregation} whether
   * NodeManagers aggregate logs (REST's logAggregationStatus is DISABLED otherwise).
   */
  ClusterWs(RmCore core, Clock clock, Instant startedOn, AppAccess access, Supplier<HaStatus> ha, String scheme,
      boolean logAggregation) {
    this.logAggregation = logAggregation;
    this.scheme = requireNonNull(scheme);
    this.access = requireNonNull(access);
    this.core = requireNonNull(core);
    this.clock = requireNonNull(clock);
    this.startedOn = requireNonNull(startedOn);
    this.ha = requireNonNull(ha);
  }

  void register(RmRoutes web) {
    web.get("/ws/v1", r -> info())
        .get(BASE, r -> info())
        .get(BASE + "/info", r -> info())
        .get(BASE + "/metrics", r -> WebResponse.json(obj("clusterMetrics", metrics(await(core.metrics())))))
        .get(BASE + "/scheduler", r -> scheduler())
        .get(BASE + "/apps", this::apps)
        .get(BASE + "/apps/{appid}", r -> WebResponse.json(obj("app", app(r, appId(r)))))
        .get(BASE + "/apps/{appid}/appattempts", this::attempts)
        .get(BASE + "/apps/{appid}/appattempts/{attemptid}", this::attempt)
        .get(BASE + "/apps/{appid}/appattempts/{attemptid}/containers", this::containers)
        .get(BASE + "/apps/{appid}/state",
            r -> WebResponse.json(obj("state", viewable(r, appId(r)).publicState().name())))
        .get(BASE + "/nodes", this::nodes)
        .get(BASE + "/nodes/{nodeid}", this::node)
        .get(BASE + "/get-node-labels", r -> WebResponse.json(YarnJson.nodeLabels(await(core.nodeLabels()))))
        .get(BASE + "/get-node-to-labels", r -> WebResponse.json(YarnJson.nodeToLabels(await(core.nodeLabels()))));
  }

  static ApplicationId appId(WebRequest r) {
    String text = r.param("appid");
    try {
      return ApplicationId.parse(text);
    } catch (WeftException e) {
      throw WeftException.invalidArgument("Invalid ApplicationId: " + text);
    }
  }

  private WebResponse info() {
    RmCore.StoreInfo store = await(core.storeInfo());
    return clusterInfo(core.clusterTimestamp(), startedOn, ha.get(), store.storeName(), store.epoch(),
        store.recoveredApplications());
  }

  /** YARN's {@code clusterInfo}; a standby, which has no store open, reports none. */
  static WebResponse clusterInfo(long id, Instant startedOn, HaStatus ha, String storeName, int epoch,
      int recoveredApplications) {
    return WebResponse.json(obj("clusterInfo", obj("id", id,
        "startedOn", startedOn.toEpochMilli(), "state", "STARTED", "haState", ha.state().name(),
        "rmStateStoreName", storeName, "rmEpoch", epoch,
        "recoveredApplications", recoveredApplications,
        // YARN's version fields carry the Hadoop API version clients gate on; Weft's own is beside them
        "resourceManagerVersion", Versions.HADOOP_API,
        "resourceManagerBuildVersion", Versions.HADOOP_API + " (Weft " + Versions.WEFT + ")",
        "resourceManagerVersionBuiltOn", "", "hadoopVersion", Versions.HADOOP_API,
        "hadoopBuildVersion", Versions.HADOOP_API + " (Weft " + Versions.WEFT + ")", "hadoopVersionBuiltOn", "",
        "weftVersion", Versions.WEFT, "haZooKeeperConnectionState", ha.zooKeeperConnection())));
  }

  private static Map<String, Object> metrics(ClusterMetricsView m) {
    return YarnJson.metrics(m);
  }

  private WebResponse scheduler() {
    return WebResponse.json(obj("scheduler", obj("schedulerInfo",
        SchedulerJson.capacityScheduler(await(core.queue("root", true)), core.settings().minimumAllocation(),
            core.maximumAllocation()))));
  }

  private Map<NodeId, String> nodeHttp() {
    Map<NodeId, String> out = new HashMap<>();
    for (NodeReport n : await(core.nodes(Set.of()))) {
      out.put(n.nodeId(), n.httpAddress());
    }
    return out;
  }

  /** The application's report, when the caller may view it (403 otherwise). */
  private AppReport viewable(WebRequest r, ApplicationId id) {
    AppReport report = await(core.report(id));
    access.requireView(r, report);
    return report;
  }

  WrittenJson app(WebRequest r, ApplicationId id) {
    AppReport report = viewable(r, id);
    AppUsage usage = await(core.appUsage()).getOrDefault(id, AppUsage.none(report.queue()));
    Instant now = clock.instant();
    return YarnJson.app(scheme, report, usage, report.amNode() == null ? "" : nodeHttp().getOrDefault(report.amNode(), ""),
        core.clusterTimestamp(), now, logAggregationStatus(report, now));
  }

  private String logAggregationStatus(AppReport report, Instant now) {
    if (!logAggregation) {
      return "DISABLED";
    }
    Instant finished = !report.publicState().isFinal() ? null
        : report.finishTime() != null ? report.finishTime() : now;
    return core.logAggregation().status(report.id(), finished, now);
  }

  private WebResponse apps(WebRequest r) {
    AppsQuery q = AppsQuery.parse(r);
    Instant now = clock.instant();
    String user = access.caller(r).user();
    List<AppReport> matching = new ArrayList<>();
    Set<ApplicationId> withheld = new HashSet<>();
    for (AppReport each : await(core.applications(q.filter()))) {
      // withheld before the search, so that searching cannot find an application by what the caller may not see
      AppReport a = each;
      if (!access.access().permissions().mayView(user, each)) {
        a = each.withoutDetails();
        withheld.add(a.id());
      }
      if (q.matchesSearch(a)) {
        matching.add(a);
      }
    }
    if (q.paged() || !q.sort().isEmpty()) {
      matching.sort(q.comparator(now));
    }
    int from = Math.min(q.offset(), matching.size());
    int to = q.limit() == 0 ? matching.size() : (int) Math.min((long) from + q.limit(), matching.size());
    // Only the page is rendered.
    Map<ApplicationId, AppUsage> usage = await(core.appUsage());
    Map<NodeId, String> http = nodeHttp();
    List<WrittenJson> page = new ArrayList<>(to - from);
    for (AppReport a : matching.subList(from, to)) {
      AppUsage known = usage.getOrDefault(a.id(), AppUsage.none(a.queue()));
      AppUsage used = withheld.contains(a.id()) ? AppUsage.none(known.queuePath()) : known;
      page.add(YarnJson.app(scheme, a, used,
          a.amNode() == null ? "" : http.getOrDefault(a.amNode(), ""), core.clusterTimestamp(), now,
          logAggregationStatus(a, now)));
    }
    Map<String, Object> body = obj("apps", obj("app", page));
    if (q.paged()) {
      body.put("total", matching.size());
      body.put("offset", from);
    }
    return WebResponse.json(body);
  }

  private WebResponse attempts(WebRequest r) {
    ApplicationId id = appId(r);
    AppReport app = viewable(r, id);
    List<Map<String, Object>> list = await(core.attempts(id)).stream()
        .map(a -> YarnJson.attempt(scheme, a, app.user())).toList();
    return WebResponse.json(obj("appAttempts", obj("appAttempt", list)));
  }

  /** The attempt named in the path, checked to belong to the application named there. */
  private static ApplicationAttemptId attemptId(WebRequest r, ApplicationId app) {
    String text = r.param("attemptid");
    ApplicationAttemptId attempt;
    try {
      attempt = ApplicationAttemptId.parse(text);
    } catch (WeftException e) {
      throw WeftException.invalidArgument("Invalid AppAttemptId: " + text);
    }
    if (!attempt.applicationId().equals(app)) {
      throw WeftException.invalidArgument("attempt " + attempt + " does not belong to " + app);
    }
    return attempt;
  }

  /** YARN 3.4's AppAttemptInfo of one attempt: unwrapped, its numbers as strings (as YARN sends them). */
  private WebResponse attempt(WebRequest r) {
    ApplicationId id = appId(r);
    ApplicationAttemptId attempt = attemptId(r, id);
    AppReport app = viewable(r, id);
    AttemptReport report = await(core.attempts(id)).stream().filter(a -> a.id().equals(attempt)).findFirst()
        .orElseThrow(() -> WeftException.notFound("appAttempt with id: " + attempt + " not found"));
    return WebResponse.json(YarnJson.singleAttempt(report, app.trackingUrl()));
  }

  /**
   * YARN 3.4's containers of an attempt: {@code {"container":[...]}} with no outer wrapper, values as strings.
   * YARN lists the live ones only; Weft also lists those that ended while the RM keeps them (their exit
   * status and diagnostics are what the console and operators look for).
   */
  private WebResponse containers(WebRequest r) {
    ApplicationId id = appId(r);
    ApplicationAttemptId attempt = attemptId(r, id);
    viewable(r, id);
    Instant now = clock.instant();
    return WebResponse.json(obj("container",
        await(core.containers(attempt)).stream().map(c -> YarnJson.container(scheme, c, now)).toList()));
  }

  List<AttemptReport> attemptReports(ApplicationId id) {
    return await(core.attempts(id));
  }

  private WebResponse nodes(WebRequest r) {
    Set<NodeState> states = new java.util.HashSet<>();
    List<String> names = new ArrayList<>(r.queryList("states"));
    names.addAll(r.queryList("state"));
    for (String s : names) {
      if (s.equalsIgnoreCase("ALL")) {
        continue;
      }
      try {
        states.add(NodeState.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw WeftException.invalidArgument("Invalid node state " + s + "; expected one of "
            + java.util.Arrays.toString(NodeState.values()));
      }
    }
    return WebResponse.json(obj("nodes", obj("node",
        await(core.nodes(states)).stream().map(YarnJson::node).toList())));
  }

  private WebResponse node(WebRequest r) {
    String text = r.param("nodeid");
    NodeId id;
    try {
      id = NodeId.parse(text);
    } catch (WeftException e) {
      throw WeftException.invalidArgument("Invalid NodeId: " + text + "; expected host:port");
    }
    return await(core.nodes(Set.of())).stream().filter(n -> n.nodeId().equals(id)).findFirst()
        .map(n -> WebResponse.json(obj("node", YarnJson.node(n))))
        .orElseThrow(() -> WeftException.notFound("nodeId, " + text + ", is not found"));
  }
}
