package io.weft.nm;

import io.weft.common.config.ConfigException;
import io.weft.common.config.KeyValues;
import io.weft.common.config.WeftConfig;
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

  private NodeManagerMain() {}

  public static void main(String[] args) throws InterruptedException {
    NodeManager nm;
    try {
      nm = new NodeManager(WeftConfig.loadDefault().with(KeyValues.fromDaemonArgs(args, USAGE)));
    } catch (ConfigException e) {
      System.err.println("weft nodemanager: " + e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      nm.close();
      LogManager.shutdown();
    }, "nm-shutdown-hook"));
    try {
      nm.start();
    } catch (RuntimeException e) {
      LOG.error("NodeManager failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
    nm.awaitClosed();
  }

}
