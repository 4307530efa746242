package io.weft.rm;

import io.weft.common.config.KeyValues;
import io.weft.common.config.WeftConfig;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code weft resourcemanager [--conf key=value]...}: runs a ResourceManager until SIGTERM or
 * Ctrl-C.
 */
public final class ResourceManagerMain {
  private static final Logger LOG = LogManager.getLogger();
  private static final String USAGE = "resourcemanager [--conf key=value]...";

  private ResourceManagerMain() {}

  public static void main(String[] args) throws InterruptedException {
    ResourceManager rm;
    try {
      WeftConfig config = WeftConfig.loadDefault().with(KeyValues.fromDaemonArgs(args, USAGE)).validate();
      rm = new ResourceManager(withDefaultQueueFile(config));
    } catch (io.weft.common.rpc.WeftException e) {
      System.err.println("weft resourcemanager: " + e.getMessage());
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      rm.close();
      stopped.countDown();
    }, "rm-shutdown"));
    rm.start();
    LOG.info("ResourceManager listening on {}", rm.address());
    System.out.println("ResourceManager listening on " + rm.address());
    stopped.await();
  }

  /** Uses {@code capacity-scheduler.properties} next to {@code weft-site.properties} when no queue file is set. */
  private static WeftConfig withDefaultQueueFile(WeftConfig config) {
    if (!config.get(RmKeys.QUEUE_FILE).isBlank()) {
      return config;
    }
    String confDir = System.getenv("WEFT_CONF_DIR");
    if (confDir == null && System.getenv("WEFT_HOME") != null) {
      confDir = java.nio.file.Path.of(System.getenv("WEFT_HOME"), "conf").toString();
    }
    if (confDir == null) {
      return config;
    }
    java.nio.file.Path file = java.nio.file.Path.of(confDir, "capacity-scheduler.properties");
    return java.nio.file.Files.isRegularFile(file) ? config.with(RmKeys.QUEUE_FILE, file.toString()) : config;
  }
}
