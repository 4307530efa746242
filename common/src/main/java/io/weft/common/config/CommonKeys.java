package io.weft.common.config;

/** Keys more than one role reads. Role-specific keys live in each module's own {@code *Keys} class. */
public final class CommonKeys {
  public static final ConfigKey<String> RM_ADDRESS = ConfigKey.string("weft.resourcemanager.address",
      "127.0.0.1:8032",
      "host:port of the ResourceManager's gRPC server (clients, AMs and NMs dial it; the RM binds it, 0 = ephemeral)");

  public static final ConfigKey<String> RM_WEBAPP_ADDRESS = ConfigKey.string("weft.resourcemanager.webapp.address",
      "127.0.0.1:8088", "host:port of the ResourceManager's web console; tracking URLs point here");

  public static final ConfigKey<String> RM_BIND_HOST = ConfigKey.string("weft.resourcemanager.bind-host", "",
      "the host the ResourceManager's gRPC and web servers listen on (e.g. 0.0.0.0 for every interface), with the "
          + "ports of weft.resourcemanager.address and weft.resourcemanager.webapp.address, whose hosts stay what "
          + "others are told to dial (tracking URLs, AMs); empty = the hosts of those addresses (YARN's "
          + "yarn.resourcemanager.bind-host)");

  public static final ConfigKey<String> HISTORY_ADDRESS = ConfigKey.string("weft.historyserver.address",
      "127.0.0.1:10020", "host:port of the history server's gRPC server: the aggregated log store that NodeManagers "
          + "upload container logs to and drivers write event logs to, and that weft logs reads (the history server "
          + "binds it, 0 = ephemeral)");

  public static final ConfigKey<String> HISTORY_WEBAPP_ADDRESS = ConfigKey.string(
      "weft.historyserver.webapp.address", "127.0.0.1:19888",
      "host:port of the history server's web server: finished applications' driver UIs and aggregated logs");

  public static final ConfigKey<Boolean> RM_HA_ENABLED = ConfigKey.bool("weft.resourcemanager.ha.enabled", false,
      "run several ResourceManagers, one active and the others standby, elected through ZooKeeper; clients, AMs and "
          + "NodeManagers fail over between the addresses of weft.resourcemanager.ha.rm-ids by themselves");

  public static final ConfigKey<String> RM_HA_RM_IDS = ConfigKey.string("weft.resourcemanager.ha.rm-ids", "",
      "with HA: the ResourceManagers' ids, comma-separated (e.g. rm1,rm2); each has its own "
          + "weft.resourcemanager.address.<id> and weft.resourcemanager.webapp.address.<id>");

  public static final ConfigKey<java.time.Duration> WEBAPP_IDLE_TIMEOUT = ConfigKey.millis(
      "weft.webapp.idle-timeout-ms", 30_000, 1,
      "every web server (RM, NM, driver UI) closes a connection on which nothing was sent or received for this long, "
          + "so stalled or half-open connections cannot pile up");

  public static final ConfigKey<java.time.Duration> WEBAPP_REQUEST_READ_TIMEOUT = ConfigKey.millis(
      "weft.webapp.request-read-timeout-ms", 10_000, 1,
      "every web server closes a new connection that has not sent a whole request head within this long "
          + "(a client that sends half a request, or trickles it byte by byte)");

  public static final ConfigKey<java.time.Duration> RPC_TIMEOUT = ConfigKey.millis("weft.rpc.timeout-ms", 30_000, 1,
      "deadline of every unary gRPC call between Weft processes");

  public static final ConfigKey<java.time.Duration> RM_CONNECT_MAX_WAIT = ConfigKey.millis(
      "weft.resourcemanager.connect.max-wait-ms", 900_000, 0,
      "how long ApplicationMasters and clients (weft submit, WeftClient) keep retrying a ResourceManager that cannot be "
          + "reached (a restart, a network blip) before giving up (YARN's yarn.resourcemanager.connect.max-wait.ms)");

  public static final ConfigKey<java.time.Duration> RM_CONNECT_RETRY_INTERVAL = ConfigKey.millis(
      "weft.resourcemanager.connect.retry-interval-ms", 500, 1,
      "the longest pause between two tries to reach the ResourceManager: retries back off exponentially "
          + "from 50 ms up to this, with jitter, so a restarted RM is found again within about this long");

  // Written by the client, read by the AM: where the user's jar is staged, to ship it to executors.
  public static final ConfigKey<String> AM_USER_JAR_URI = ConfigKey.string("weft.am.userJarUri", "",
      "where the user's jar is staged (staging:<sha256>); the AM localizes it into every executor as __app__.jar");
  public static final ConfigKey<String> AM_USER_JAR_SHA256 = ConfigKey.string("weft.am.userJarSha256", "",
      "SHA-256 (hex) of the staged user jar");
  /** The longest application lifetime Weft takes (100 years), so its expiry is always a time the RM can hold. */
  public static final long MAX_LIFETIME_SECONDS = 3_155_760_000L;

  public static final ConfigKey<Long> APPLICATION_LIFETIME = ConfigKey.longValue("weft.application.lifetime-secs", 0, 0,
      MAX_LIFETIME_SECONDS, "submit --conf: the application's lifetime (YARN's ApplicationTimeouts LIFETIME), seconds from "
          + "its submission after which the ResourceManager kills it; 0 = no limit. weft application -updateLifetime "
          + "changes it later");

  // Node labels: weft submit reads the AM's; the AM reads the executors', which a client-mode driver forwards to
  // its ExecutorLauncher.
  public static final ConfigKey<String> AM_NODE_LABEL_EXPRESSION = ConfigKey.string("weft.am.nodeLabelExpression", "",
      "submit --conf: the node label (partition) the AM container runs on, e.g. gpu (Spark's "
          + "spark.yarn.am.nodeLabelExpression); blank = the queue's default-node-label-expression, else nodes "
          + "without a label");
  public static final ConfigKey<String> EXECUTOR_NODE_LABEL_EXPRESSION = ConfigKey.string(
      "weft.executor.nodeLabelExpression", "", "the node label (partition) executors run on, e.g. gpu (Spark's "
          + "spark.yarn.executor.nodeLabelExpression); blank = the queue's default-node-label-expression, else "
          + "nodes without a label");

  public static final ConfigKey<Long> AM_USER_JAR_SIZE = ConfigKey.longValue("weft.am.userJarSize", 0, 0,
      Long.MAX_VALUE, "size in bytes of the staged user jar (0 = unknown)");

  public static final ConfigKey<String> AM_SHIPPED = ConfigKey.string("weft.am.shipped", "",
      "set by weft submit in cluster mode: the --jars/--files for the AM and executors (see ShippedResource)");

  public static final ConfigKey<Boolean> TLS_ENABLED = ConfigKey.bool("weft.security.tls.enabled", false,
      "TLS on every gRPC and HTTP endpoint of the RM and NMs, and on every call to them; daemons present the "
          + "certificate of weft.security.tls.cert and trust the CAs of weft.security.tls.trust (make them with "
          + "bin/weft security init-ca and issue)");
  public static final ConfigKey<String> TLS_CERT = ConfigKey.string("weft.security.tls.cert", "",
      "with TLS: PEM file of this process's certificate (then its chain); a daemon's is required, a client's is "
          + "optional (with weft.security.authentication=tls it proves who the user is)");
  public static final ConfigKey<String> TLS_KEY = ConfigKey.string("weft.security.tls.key", "",
      "with TLS: PEM file of the private key of weft.security.tls.cert (unencrypted PKCS#8; keep it mode 0600)");
  public static final ConfigKey<String> TLS_TRUST = ConfigKey.string("weft.security.tls.trust", "",
      "with TLS: PEM file of the CA certificates to trust (the cluster CA); required");

  // Issue 13, authenticated users: read by the RM (who a caller is), by every daemon (the loud warning when it
  // listens beyond loopback unauthenticated) and by clients (where their token is).
  public static final ConfigKey<String> SECURITY_AUTHENTICATION = ConfigKey.string("weft.security.authentication",
      "simple", "how the ResourceManager knows who calls it: simple (the user the client claims, Hadoop's "
          + "'simple': not verified), tls (the CN of the client's certificate; needs weft.security.tls.*) or token "
          + "(a bearer token the RM issued: bin/weft security token create). With tls or token the claimed "
          + "weft-user header and ?user.name= are ignored");
  public static final ConfigKey<String> SECURITY_TOKEN_FILE = ConfigKey.string("weft.security.token.file", "",
      "file holding the bearer token clients (WeftClient, bin/weft) send to the ResourceManager; empty = "
          + "$WEFT_TOKEN if set, else ~/.weft/token when it exists");

  // Issue 17, every resource type: read by the RM (asks and node advertisements may name only these), by
  // NodeManagers (what they advertise) and by clients (what an ask may name).
  public static final ConfigKey<String> RESOURCE_TYPES = ConfigKey.string("weft.resource-types", "",
      "comma-separated countable resource types the cluster schedules besides memory and vcores, e.g. gpu "
          + "(YARN's yarn.resource-types); an ask or a NodeManager naming any other type is refused. Each "
          + "NodeManager advertises weft.nodemanager.resource.<type>; see docs/nodemanager-resources.md");

  private CommonKeys() {}
}
