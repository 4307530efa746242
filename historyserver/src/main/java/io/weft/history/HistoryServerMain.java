package io.weft.history;

import io.weft.common.config.ConfigException;
import io.weft.common.config.KeyValues;
import io.weft.common.config.WeftConfig;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code weft historyserver [--conf key=value]...}: loads {@code weft-site.properties}, applies the overrides and
 * runs a history server until SIGTERM.
 */
public final class HistoryServerMain {
  static {
    // Our shutdown hook stops Log4j after the history server has logged its shutdown.
    System.setProperty("log4j.shutdownHookEnabled", "false");
  }

  private static final Logger LOG = LogManager.getLogger();
  private static final String USAGE = "historyserver [--conf key=value]...";

  private HistoryServerMain() {}

  public static void main(String[] args) throws InterruptedException {
    WeftConfig config;
    HistoryServer server;
    try {
      HistoryKeys.declare();
      config = WeftConfig.fromEnvironment().with(KeyValues.fromDaemonArgs(args, USAGE)).validate();
      server = new HistoryServer(config);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("weft historyserver: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      LogManager.shutdown();
      stopped.countDown();
    }, "history-shutdown-hook"));
    try {
      server.start();
      LOG.info("history server serving the log store on {} and the web on {}", server.address(),
          server.webAddress());
    } catch (RuntimeException e) {
      LOG.error("history server failed to start: {}", e.getMessage(), e);
      System.exit(1);
    }
    stopped.await();
  }
}
