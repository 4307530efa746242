package io.weft.rm.config;

import io.weft.common.config.ConfigKey;
import io.weft.rm.core.RmSettings;
import io.weft.rm.ha.HaKeys;
import java.nio.file.Path;
import java.time.Duration;

/** The ResourceManager's configuration keys. Shared keys (RM address, web address) are in CommonKeys. */
public final class RmKeys {
  public static final ConfigKey<Long> MINIMUM_ALLOCATION_MB = ConfigKey.longValue(
      "weft.scheduler.minimum-allocation-mb", 1024, 1, Long.MAX_VALUE,
      "smallest container memory (MB); every ask is rounded up to a multiple of it");
  public static final ConfigKey<Integer> MINIMUM_ALLOCATION_VCORES = ConfigKey.integer(
      "weft.scheduler.minimum-allocation-vcores", 1, 1, Integer.MAX_VALUE,
      "smallest container vcores; every ask is rounded up to a multiple of it");
  public static final ConfigKey<Long> MAXIMUM_ALLOCATION_MB = ConfigKey.longValue(
      "weft.scheduler.maximum-allocation-mb", 8192, 1, Long.MAX_VALUE,
      "largest container memory (MB) the RM grants; larger asks are refused");
  public static final ConfigKey<Integer> MAXIMUM_ALLOCATION_VCORES = ConfigKey.integer(
      "weft.scheduler.maximum-allocation-vcores", 8, 1, Integer.MAX_VALUE,
      "largest container vcores the RM grants; larger asks are refused");
  public static final ConfigKey<Integer> AM_MAX_ATTEMPTS = ConfigKey.integer(
      "weft.resourcemanager.am.max-attempts", 2, 1, 1000,
      "attempts an application gets (its AM is restarted after a failure until this many have failed); "
          + "also caps what a submission may ask for");
  public static final ConfigKey<Long> AM_ATTEMPT_FAILURES_VALIDITY_INTERVAL = ConfigKey.longValue(
      "weft.resourcemanager.am.attempt-failures-validity-interval", -1, -1, Long.MAX_VALUE,
      "milliseconds: an AM attempt that failed longer ago than this no longer counts against the max attempts "
          + "(YARN's attemptFailuresValidityInterval, Spark's spark.yarn.am.attemptFailuresValidityInterval); "
          + "-1 or 0 = every failure counts. Attempts whose AM container was lost with its node, preempted, "
          + "killed by the RM or on failed disks never count");
  public static final ConfigKey<Duration> NM_HEARTBEAT_INTERVAL = ConfigKey.millis(
      "weft.resourcemanager.nodemanagers.heartbeat-interval-ms", 1000, 10,
      "interval the RM tells NodeManagers to heartbeat at, each answer within 10 % either side of it (they also "
          + "heartbeat at once on container changes)");
  public static final ConfigKey<Duration> NM_EXPIRY = ConfigKey.millis(
      "weft.nm.liveness-monitor.expiry-interval-ms", 600_000, 100,
      "a NodeManager silent this long is LOST and its containers are reported ABORTED (YARN's 10 min; lower it, "
          + "e.g. to 30000, for faster recovery from dead nodes at the risk of losing nodes that pause). A node "
          + "silent for 3 heartbeat intervals gets no new containers long before it is LOST");
  public static final ConfigKey<Duration> NODE_REMOVAL_TIMEOUT = ConfigKey.millis(
      "weft.resourcemanager.node-removal-untracked.timeout-ms", RmSettings.DEFAULT_NODE_REMOVAL_TIMEOUT.toMillis(),
      0, "how long a LOST, DECOMMISSIONED or SHUTDOWN node stays in node reports before the RM forgets it "
          + "(its record and its connection)");
  public static final ConfigKey<String> NODES_EXCLUDE_PATH = ConfigKey.string(
      "weft.resourcemanager.nodes.exclude-path", "",
      "file of the NodeManagers to decommission (hosts, or host:port node ids, separated by white space; # "
          + "comments), read at start and by 'weft rmadmin -refreshNodes'; excluded nodes cannot register. "
          + "Empty = none");
  public static final ConfigKey<String> NODES_INCLUDE_PATH = ConfigKey.string(
      "weft.resourcemanager.nodes.include-path", "",
      "file of the only NodeManagers allowed to register (same format as the exclude file), read at start and by "
          + "'weft rmadmin -refreshNodes'; a running node missing from it is decommissioned. Empty = every node");
  public static final ConfigKey<Long> GRACEFUL_DECOMMISSION_TIMEOUT = ConfigKey.longValue(
      "weft.resourcemanager.nodemanager-graceful-decommission-timeout-secs",
      RmSettings.DEFAULT_GRACEFUL_DECOMMISSION_TIMEOUT.toSeconds(), 0, 3_153_600_000L,
      "how long a node decommissioned with 'weft rmadmin -refreshNodes -g' (no timeout given) may drain: "
          + "after it, what it still runs is killed and the node is DECOMMISSIONED");
  public static final ConfigKey<String> STAGING_DIR = ConfigKey.string("weft.resourcemanager.staging-dir", "",
      "directory of the RM's content-addressed staging files (<dir>/<sha256>); "
          + "empty = <java.io.tmpdir>/weft-staging-<user>");

  /** The staging directory, with the empty default resolved on this machine. */
  public static Path stagingDir(io.weft.common.config.WeftConfig config) {
    String dir = config.get(STAGING_DIR);
    return dir.isEmpty()
        ? Path.of(System.getProperty("java.io.tmpdir"), "weft-staging-" + System.getProperty("user.name", "weft"))
        : Path.of(dir);
  }
  public static final ConfigKey<Duration> ALLOCATE_MAX_WAIT = ConfigKey.millis(
      "weft.resourcemanager.am.allocate-max-wait-ms", 1000, 0,
      "cap on how long an Allocate long poll may be held when nothing new is ready");
  public static final ConfigKey<Duration> AM_LIVENESS_EXPIRY = ConfigKey.millis(
      "weft.resourcemanager.am.liveness-monitor.expiry-interval-ms", RmSettings.DEFAULT_AM_LIVENESS_EXPIRY.toMillis(),
      100, "an unmanaged AM (run by its client, AppSubmission.unmanaged()) that has not called the RM for this long "
          + "fails its attempt, and so its application (YARN's yarn.am.liveness-monitor.expiry-interval-ms, 10 min); "
          + "the RM watches a managed AM through its container instead");
  public static final ConfigKey<Duration> AM_FINISHING_TIMEOUT = ConfigKey.millis(
      "weft.resourcemanager.am.finishing-timeout-ms", 10_000, 1,
      "how long after unregistering an AM's container may run before the RM stops it and ends the application");

  public static final ConfigKey<Integer> MAX_COMPLETED_APPLICATIONS = ConfigKey.integer(
      "weft.resourcemanager.max-completed-applications", RmSettings.DEFAULT_MAX_COMPLETED_APPLICATIONS, 0,
      10_000_000,
      "ended applications the RM keeps (reports, attempts, containers); beyond it the oldest ended are forgotten")
      .renamedFrom("weft.rm.max-completed-applications");

  public static final ConfigKey<Boolean> RECOVERY_ENABLED = ConfigKey.bool("weft.resourcemanager.recovery.enabled",
      true, "keep applications, attempts and the RM's identity in the state store and recover them on start "
          + "(work-preserving restart); false = in memory only, forgotten when the RM stops");
  public static final ConfigKey<String> STORE_DIR = ConfigKey.string("weft.resourcemanager.store.dir", "",
      "directory of the RM's state store (RocksDB); empty = $WEFT_HOME/data/rm-state when WEFT_HOME is set, "
          + "else <java.io.tmpdir>/weft-rm-<user>/state-store");
  public static final ConfigKey<Boolean> STORE_SYNC = ConfigKey.bool("weft.resourcemanager.store.sync", true,
      "fsync the state store's write-ahead log for every batch of writes; false = saved state survives an RM "
          + "crash but not a machine crash (faster)");

  /** The state store directory, with the empty default resolved on this machine. */
  public static Path storeDir(io.weft.common.config.WeftConfig config) {
    String dir = config.get(STORE_DIR);
    if (!dir.isEmpty()) {
      return Path.of(dir);
    }
    String home = System.getenv("WEFT_HOME");
    return home != null && !home.isEmpty()
        ? Path.of(home, "data", "rm-state")
        : Path.of(System.getProperty("java.io.tmpdir"), "weft-rm-" + System.getProperty("user.name", "weft"),
            "state-store");
  }

  public static final ConfigKey<Duration> CONTAINER_ALLOCATION_EXPIRY = ConfigKey.millis(
      "weft.resourcemanager.container-allocation.expiry-interval-ms", 600_000, 1,
      "a container granted but not started on its node within this long is taken back (its room freed, its AM "
          + "told it completed ABORTED) and its container token expires (YARN's ContainerAllocationExpirer)");

  public static final ConfigKey<Boolean> ACL_ENABLE = ConfigKey.bool("weft.acl.enable", false,
      "check application ACLs on the web API and console (YARN's yarn.acl.enable): owner and admins only; with "
          + "weft.security.authentication=tls or token they are always checked, over gRPC too");

  /** Read through {@link io.weft.rm.auth.AppPermissions#administrators}: its default depends on the authentication. */
  public static final ConfigKey<String> ADMIN_ACL = ConfigKey.string("weft.admin.acl", "",
      "administrators: may view and modify every application when ACLs are on, run rmadmin and issue user tokens; "
          + "* (everyone) or comma-separated names. Unset: * with weft.security.authentication=simple (YARN's "
          + "yarn.admin.acl default), only the RM's own OS user with tls or token (an authenticated cluster is not "
          + "administered by everyone unless it says so); set but blank: nobody");

  public static final ConfigKey<String> QUEUE_FILE = ConfigKey.string("weft.scheduler.queue-file", "",
      "properties file with the capacity queues (weft.scheduler.capacity.* keys), re-read by "
          + "'weft rmadmin -refreshQueues'; empty = those keys in the RM's own configuration "
          + "(bin/weft resourcemanager uses $WEFT_CONF_DIR/capacity-scheduler.properties when it exists)");
  public static final ConfigKey<String> PLACEMENT = ConfigKey.string("weft.scheduler.placement", "spread",
      "how a node is picked among those an ask fits: spread (most free memory) or pack (least free memory)");
  public static final ConfigKey<Duration> NODE_LOCALITY_DELAY = ConfigKey.millis(
      "weft.scheduler.locality.node-delay-ms", 3000, 0,
      "how long an ask that names hosts waits for a slot on one of them before a node in their racks will do "
          + "(delay scheduling, measured from when the ask was made; a timer re-runs placement when it ends)");
  public static final ConfigKey<Duration> RACK_LOCALITY_DELAY = ConfigKey.millis(
      "weft.scheduler.locality.rack-delay-ms", 3000, 0,
      "how much longer, after the node delay, an ask waits for a slot in a named rack (or a named host's rack) "
          + "before any node will do; asks with relax_locality=false never go elsewhere");
  public static final ConfigKey<String> RACKS = ConfigKey.string("weft.resourcemanager.racks", "",
      "which rack each node is in: host=/rack pairs, comma separated (a host name or a node id host:port); "
          + "unlisted nodes are in /default-rack");
  public static final ConfigKey<Integer> RESERVATION_MIN_NODE_PERCENT = ConfigKey.integer(
      "weft.scheduler.reservation.min-node-percent", 25, 0, 100,
      "an ask that fits no node now reserves one (the node with most free memory that could hold it; nothing "
          + "else is placed there until the ask is) when it needs at least this percent of that node's memory "
          + "or vcores; 0 = every such ask, as in YARN; 100 = only whole-node asks");
  public static final ConfigKey<Boolean> PREEMPTION = ConfigKey.bool("weft.scheduler.preemption.enabled", false,
      "take containers back from queues over their guarantee when a queue below its guarantee has applications "
          + "waiting (youngest first, AM containers last); off by default, as in YARN");
  public static final ConfigKey<Duration> PREEMPTION_GRACE = ConfigKey.millis(
      "weft.scheduler.preemption.grace-ms", 15_000, 0,
      "how long an AM has, once told a container will be preempted, to release it before the RM kills it "
          + "with exit status -102 (PREEMPTED)");
  public static final ConfigKey<Long> MASTER_KEY_ROLLING_INTERVAL = ConfigKey.longValue(
      "weft.resourcemanager.master-key.rolling-interval-secs", 86_400, 1, 3_153_600_000L,
      "seconds between new container-token and NM-token master keys (YARN's "
          + "yarn.resourcemanager.container-tokens.master-key-rolling-interval-secs and "
          + "yarn.resourcemanager.nm-tokens.master-key-rolling-interval-secs, one key here). A new key is handed to "
          + "NodeManagers 4 heartbeat intervals before it signs; NMs accept the key before it until its tokens "
          + "expire. NM tokens live one interval less those 4 heartbeats; must exceed the 4 heartbeats. The AMRM key "
          + "rolls with them; an AM that makes no Allocate call for a whole interval loses its token");
  public static final ConfigKey<Duration> STAGING_RETENTION = ConfigKey.millis(
      "weft.resourcemanager.staging.retention-ms", 3_600_000, 1_000,
      "how long a staged file uploaded for an application that was never submitted is kept before it is deleted "
          + "(the files of a submitted application are deleted when it ends)");

  public static final ConfigKey<Duration> WEB_PROXY_CONNECT_TIMEOUT = ConfigKey.millis(
      "weft.web-proxy.connect-timeout-ms", 5_000, 1,
      "how long the web proxy (/proxy/<app>/) waits to connect to an application's tracking URL; then 504");
  public static final ConfigKey<Duration> WEB_PROXY_READ_TIMEOUT = ConfigKey.millis(
      "weft.web-proxy.read-timeout-ms", 30_000, 1,
      "how long the web proxy waits for a tracking URL's whole answer once connected; then 504");
  public static final ConfigKey<Long> WEB_PROXY_MAX_RESPONSE_BYTES = ConfigKey.longValue(
      "weft.web-proxy.max-response-bytes", 16L * 1024 * 1024, 1024, Long.MAX_VALUE,
      "the largest answer the web proxy relays from a tracking URL; a larger one is cut and answered 502");
  public static final ConfigKey<Integer> WEB_PROXY_MAX_CONCURRENT_REQUESTS = ConfigKey.integer(
      "weft.web-proxy.max-concurrent-requests", 3, 1, 1024,
      "how many proxied requests may wait on tracking URLs at once (the proxy's own threads and connections); "
          + "more are answered 503 at once, so slow AMs cannot take the web server's threads");

  public static final ConfigKey<Integer> WEBAPP_HANDLER_NICENESS = ConfigKey.integer(
      "weft.resourcemanager.webapp.handler-niceness", 19, 0, 19,
      "the Linux niceness the RM's REST, console and proxy handlers run at (0 = as the RM process): while the "
          + "scheduler, heartbeats and AM calls want the CPU, reads get what they leave, and all of it otherwise, "
          + "so a client looping on a listing cannot slow allocation down. Set with renice on the handler threads; "
          + "where that is not possible (not Linux, no renice) the RM logs it once and runs them as equals");
  public static final ConfigKey<Boolean> WEBAPP_HANDLER_IDLE_POLICY = ConfigKey.bool(
      "weft.resourcemanager.webapp.handler-idle-policy", true,
      "whether the RM's REST, console and proxy handlers also run under Linux's SCHED_IDLE policy, below every "
          + "niceness: a scheduler, heartbeat or AM-call thread that wakes takes the CPU from a handler at once, where "
          + "at niceness 19 alone it may first wait out the handler's time slice. Set with chrt on the handler "
          + "threads; where that is not possible (not Linux, no chrt) the RM logs it once");

  private RmKeys() {}

  /**
   * Does nothing, but calling it loads this class, which declares every key above: a configuration
   * validated before anything else touched RmKeys would otherwise not know them (nor their old names).
   */
  public static void declare() {
    HaKeys.declare(); // this class's initializer did the rest
  }

  // Authenticated users (issue 13). weft.security.authentication itself is in CommonKeys.
  public static final ConfigKey<Boolean> REST_APP_SUBMISSIONS = ConfigKey.bool(
      "weft.webapp.enable-rest-app-submissions", true,
      "allow submitting, killing and moving applications through the REST API (YARN's "
          + "yarn.webapp.enable-rest-app-submissions). Even when true they are refused unless users are "
          + "authenticated (weft.security.authentication=tls or token) or the web server listens on loopback only");
  public static final ConfigKey<String> TOKEN_BOOTSTRAP_FILE = ConfigKey.string(
      "weft.security.token.bootstrap-file", "",
      "with weft.security.authentication=token: when the state store holds no user token, the RM issues one for "
          + "weft.security.token.bootstrap-user and writes it to this file (mode 600), so that user can then run "
          + "'bin/weft security token create'. Empty = ~/.weft/token of the RM's OS user (where bin/weft looks)");
  public static final ConfigKey<String> TOKEN_BOOTSTRAP_USER = ConfigKey.string(
      "weft.security.token.bootstrap-user", "",
      "the user the first token is issued to (see weft.security.token.bootstrap-file); must be in weft.admin.acl. "
          + "Empty = the RM's OS user");
}
