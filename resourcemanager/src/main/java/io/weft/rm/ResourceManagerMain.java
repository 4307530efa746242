package io.weft.rm;

import io.weft.common.config.ConfigException;
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
      rm = new ResourceManager(WeftConfig.loadDefault().with(KeyValues.fromDaemonArgs(args, USAGE)).validate());
    } catch (ConfigException e) {
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

}
