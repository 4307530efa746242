package io.weft.nm;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.KeyValues;
import io.weft.common.config.WeftConfig;
import io.weft.common.security.Authentication;
import io.weft.common.security.Exposure;
import java.time.Clock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code weft nodemanager [--conf key=value]...}: loads {@code weft-site.properties}, applies the
 * overrides, starts a NodeManager and keeps it up until SIGTERM (or the RM tells it to shut down).
 */
public final class NodeManagerMain {
  static {
    // Our shutdown hook stops Log4j after the NodeManager has logged its shutdown.
    System.setProperty("log4j.shutdownHookEnabled", "false");
  }

  private static final Logger LOG = LogManager.getLogger();
  private static final String USAGE = "nodemanager [--conf key=value]...";

  /** Set by the shutdown hook: the process is stopping on a signal, not on the RM's order. */
  private static volatile boolean signalled;

  private NodeManagerMain() {}

  public static void main(String[] args) throws InterruptedException {
    NodeManager nm;
    WeftConfig config;
    NmConfig settings;
    try {
      config = WeftConfig.fromEnvironment().with(KeyValues.fromDaemonArgs(args, USAGE));
      settings = NmConfig.from(config.validate());
      nm = new NodeManager(settings, Clock.systemUTC());
    } catch (ConfigException e) {
      System.err.println("weft nodemanager: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      signalled = true;
      nm.close();
      LogManager.shutdown();
    }, "nm-shutdown-hook"));
    try {
      nm.start();
      Authentication authentication = Authentication.of(config);
      boolean tls = config.get(CommonKeys.TLS_ENABLED);
      Exposure.warnIfOpen(LOG, "NodeManager's RPC server", settings.rpcServer().bind(), authentication, tls);
      Exposure.warnIfOpen(LOG, "NodeManager's web server", settings.webServer().bind(), authentication, tls);
    } catch (RuntimeException e) {
      LOG.error("NodeManager failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
    nm.awaitClosed();
    if (signalled) {
      return;
    }
    // Closed without a signal: the ResourceManager ordered a shutdown (decommissioned or refused).
    LOG.info("NodeManager exiting: it was told to shut down by the ResourceManager");
    System.exit(0);
  }

}
