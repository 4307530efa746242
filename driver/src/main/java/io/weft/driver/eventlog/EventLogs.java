package io.weft.driver.eventlog;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.logstore.FileLogStore;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.LogStores;
import io.weft.common.tls.TlsSettings;
import io.weft.driver.DriverKeys;
import io.weft.driver.ui.Redaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Decides whether a driver writes an event log ({@code weft.eventLog.enabled}) and starts its writer. */
public final class EventLogs {
  private static final Logger LOG = LogManager.getLogger();

  private EventLogs() {}

  /**
   * A writer queueing this driver's events (start it with {@link #start(EventLogWriter, String, String, String,
   * Map, Collection)} once the application id is known), or empty when the log is off: {@code weft.eventLog.enabled}
   * is false, or the driver runs in local mode and the key is not set to true there.
   */
  public static Optional<EventLogWriter> create(WeftConfig conf, boolean localMode) {
    if (!enabled(conf, localMode)) {
      return Optional.empty();
    }
    return Optional.of(new EventLogWriter(() -> LogStores.open(conf), storeName(conf), Clock.systemUTC()));
  }

  private static boolean enabled(WeftConfig conf, boolean localMode) {
    return localMode
        ? conf.raw(DriverKeys.EVENT_LOG_ENABLED.key()).map(v -> conf.get(DriverKeys.EVENT_LOG_ENABLED)).orElse(false)
        : conf.get(DriverKeys.EVENT_LOG_ENABLED);
  }

  /**
   * As {@link #create} for a driver in a container (cluster mode, in its AM). With TLS the container has no
   * certificate the history server would take writes from, so the log goes to its own log directory
   * ({@link LogStore#CONTAINER_EVENT_LOG_DIR}) and its NodeManager uploads it with the container logs when the
   * application ends: the history shows the application once it has ended, not while it runs.
   */
  public static Optional<EventLogWriter> createInContainer(WeftConfig conf, Map<String, String> env) {
    String logDirs = env.getOrDefault(ContainerEnv.LOG_DIRS, "");
    if (!enabled(conf, false) || !conf.get(LogStores.STORE).isBlank() || !TlsSettings.ofContainer(env).enabled()
        || logDirs.isBlank()) {
      return create(conf, false);
    }
    Path dir = Path.of(logDirs.split(",")[0]).resolve(LogStore.CONTAINER_EVENT_LOG_DIR);
    return Optional.of(new EventLogWriter(() -> {
      try {
        return new FileLogStore(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make " + dir + ": " + e.getMessage(), e);
      }
    }, "in the container's log directory " + dir + ", uploaded by its NodeManager (with TLS a container may not "
        + "write to the history server itself)", Clock.systemUTC()));
  }

  /**
   * Starts writing {@code appId}'s log, first its {@link ApplicationStarted} line.
   *
   * @param settings the driver's configuration, redacted (with {@code secrets}) before it is written
   */
  public static void start(EventLogWriter writer, String appId, String name, String user,
      Map<String, String> settings, Collection<String> secrets) {
    ApplicationId app = applicationId(appId);
    ApplicationStarted start = new ApplicationStarted(app.toString(), name, user, java.time.Instant.now(),
        Redaction.redact(settings, secrets));
    LOG.info("writing the event log of {} ({})", app, writer.storeName());
    writer.start(app, start);
  }

  /** The user the application runs as: {@code $USER} of a container, else this JVM's user. */
  public static String user(Map<String, String> env) {
    String user = env.getOrDefault("USER", "");
    return user.isBlank() ? System.getProperty("user.name", "") : user;
  }

  /** How the warnings name the store: its URI, or the history server it is reached at. */
  static String storeName(WeftConfig conf) {
    String store = conf.get(LogStores.STORE);
    return store.isBlank() ? "of the history server at " + conf.get(CommonKeys.HISTORY_ADDRESS)
        + " (" + LogStores.STORE.key() + " is empty)" : store;
  }

  /** Local mode's ids ({@code local-<millis>}) are filed as {@code application_<millis>_0001}. */
  static ApplicationId applicationId(String appId) {
    if (appId.startsWith("local-")) {
      return new ApplicationId(Long.parseLong(appId.substring("local-".length())), 1);
    }
    return ApplicationId.parse(appId);
  }
}
