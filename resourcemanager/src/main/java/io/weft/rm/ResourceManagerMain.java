package io.weft.rm;

import io.weft.common.config.WeftConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code weft resourcemanager [--conf key=value]...}: runs a ResourceManager until SIGTERM or
 * Ctrl-C.
 */
public final class ResourceManagerMain {
  private static final Logger LOG = LogManager.getLogger();

  private ResourceManagerMain() {}

  public static void main(String[] args) throws InterruptedException {
    WeftConfig config = WeftConfig.loadDefault().with(parseConf(args)).validate();
    ResourceManager rm = new ResourceManager(config);
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

  static Map<String, String> parseConf(String[] args) {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value;
      if (arg.equals("--conf") && i + 1 < args.length) {
        value = args[++i];
      } else if (arg.startsWith("--conf=")) {
        value = arg.substring("--conf=".length());
      } else {
        throw new IllegalArgumentException("unknown argument '" + arg + "'; usage: resourcemanager [--conf key=value]...");
      }
      int eq = value.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--conf '" + value + "' is not key=value");
      }
      overrides.put(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
    }
    return overrides;
  }
}
