package io.weft.rm;

import io.weft.common.config.KeyValues;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.WeftException;
import io.weft.rm.store.RocksDbStateStore;
import io.weft.rm.store.StateStoreException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code weft resourcemanager [--conf key=value]...}: runs a ResourceManager until SIGTERM or
 * Ctrl-C. {@code weft resourcemanager -format-state-store [--conf key=value]...} wipes the configured
 * state store instead and exits. A configuration or state store that stops the RM from starting is
 * reported on one line and exits 2.
 */
public final class ResourceManagerMain {
  private static final Logger LOG = LogManager.getLogger();
  private static final String FORMAT_STATE_STORE = "-format-state-store";
  private static final String USAGE = "resourcemanager [" + FORMAT_STATE_STORE + "] [--conf key=value]...";
  private static final int START_FAILED = 2;

  private ResourceManagerMain() {}

  public static void main(String[] args) throws InterruptedException {
    boolean format = args.length > 0 && args[0].equals(FORMAT_STATE_STORE);
    ResourceManager rm;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      RmKeys.declare();
      WeftConfig config = WeftConfig.loadDefault().with(weftSystemProperties())
          .with(KeyValues.fromDaemonArgs(format ? Arrays.copyOfRange(args, 1, args.length) : args, USAGE)).validate();
      if (format) {
        formatStateStore(config);
        return;
      }
      rm = new ResourceManager(withDefaultQueueFile(config));
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        rm.close();
        stopped.countDown();
      }, "rm-shutdown"));
      rm.start();
    } catch (WeftException | StateStoreException e) {
      // the shutdown hook, if registered, closes what did start
      System.err.println("weft resourcemanager: " + e.getMessage());
      System.exit(START_FAILED);
      return;
    }
    LOG.info("ResourceManager listening on {}", rm.address());
    System.out.println("ResourceManager listening on " + rm.address());
    stopped.await();
  }

  /** {@code -Dweft.*} from WEFT_OPTS, as bin/weft documents; {@code --conf} overrides them. */
  private static Map<String, String> weftSystemProperties() {
    Map<String, String> values = new TreeMap<>();
    System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("weft."))
        .forEach(k -> values.put(k, System.getProperty(k)));
    return values;
  }

  private static void formatStateStore(WeftConfig config) {
    Path dir = RmKeys.storeDir(config).toAbsolutePath();
    long wiped = RocksDbStateStore.format(dir);
    System.out.println(wiped == 0
        ? "State store " + dir + " was already empty; nothing wiped"
        : "Formatted the state store " + dir + ": deleted " + wiped + " files and directories (every saved "
            + "application, attempt and the RM's identity and master keys)");
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
