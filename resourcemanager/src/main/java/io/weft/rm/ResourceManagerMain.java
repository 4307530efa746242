package io.weft.rm;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.KeyValues;
import io.weft.common.config.WeftConfig;
import io.weft.common.lifecycle.Lifecycle;
import io.weft.common.rpc.WeftException;
import io.weft.rm.config.RmKeys;
import io.weft.rm.ha.HaKeys;
import io.weft.rm.ha.ZkClientTls;
import io.weft.rm.ha.ZkSecurity;
import io.weft.rm.ha.HaPaths;
import io.weft.rm.store.RocksDbStateStore;
import io.weft.rm.store.StateStoreException;
import io.weft.rm.store.ZkStoreFormatter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code weft resourcemanager [--conf key=value]...}: runs a ResourceManager until SIGTERM or
 * Ctrl-C; with {@code weft.resourcemanager.ha.enabled}, as one RM of an HA cluster, on its own id's
 * addresses. {@code weft resourcemanager -format-state-store [--conf key=value]...} wipes the configured
 * state store instead (with HA, the cluster's store in ZooKeeper) and exits. A configuration or state
 * store that stops the RM from starting is
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
    Lifecycle rm;
    Supplier<String> listening;
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      RmKeys.declare();
      WeftConfig config = WeftConfig.fromEnvironment()
          .with(KeyValues.fromDaemonArgs(format ? Arrays.copyOfRange(args, 1, args.length) : args, USAGE)).validate();
      if (format) {
        formatStateStore(config);
        return;
      }
      if (config.get(CommonKeys.RM_HA_ENABLED)) {
        HaResourceManager ha = new HaResourceManager(withDefaultQueueFile(config));
        rm = ha;
        listening = () -> "ResourceManager " + ha.id() + " (HA) listening on " + ha.address()
            + ", web console at http://" + ha.webAddress();
      } else {
        ResourceManager single = new ResourceManager(withDefaultQueueFile(config));
        rm = single;
        listening = () -> "ResourceManager listening on " + single.address();
      }
      Lifecycle started = rm;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.close();
        stopped.countDown();
      }, "rm-shutdown"));
      rm.start();
    } catch (WeftException | StateStoreException e) {
      // the shutdown hook, if registered, closes what did start
      System.err.println("weft resourcemanager: " + e.getMessage());
      System.exit(START_FAILED);
      return;
    }
    LOG.info(listening.get());
    System.out.println(listening.get());
    stopped.await();
  }

  private static void formatStateStore(WeftConfig config) {
    if (config.get(CommonKeys.RM_HA_ENABLED)) {
      formatZkStateStore(config);
      return;
    }
    Path dir = RmKeys.storeDir(config).toAbsolutePath();
    long wiped = RocksDbStateStore.format(dir);
    System.out.println(wiped == 0
        ? "State store " + dir + " was already empty; nothing wiped"
        : "Formatted the state store " + dir + ": deleted " + wiped + " files and directories (every saved "
            + "application, attempt and the RM's identity and master keys)");
  }

  /** With HA the store is the cluster's, in ZooKeeper: its records and fence go, its election stays. */
  private static void formatZkStateStore(WeftConfig config) {
    String address = config.get(HaKeys.ZK_ADDRESS).strip();
    if (address.isEmpty()) {
      throw new StateStoreException("cannot format the state store: " + CommonKeys.RM_HA_ENABLED.key()
          + " is true but " + HaKeys.ZK_ADDRESS.key() + " is empty; set it to the ZooKeeper ensemble");
    }
    HaPaths paths = HaPaths.of(config);
    List<ZkStoreFormatter.Deleted> deleted;
    try (ZkClientTls tls = ZkClientTls.of(config)) {
      deleted = ZkStoreFormatter.format(address, config.get(HaKeys.ZK_TIMEOUT), paths, ZkSecurity.of(config), tls);
    }
    if (deleted.isEmpty()) {
      System.out.println("State store " + paths.store() + " in ZooKeeper " + address + " was already empty; nothing "
          + "wiped");
      return;
    }
    for (ZkStoreFormatter.Deleted d : deleted) {
      System.out.println("Formatted the state store in ZooKeeper " + address + ": deleted " + d.path() + " ("
          + d.znodes() + " znodes)");
    }
    System.out.println("Every saved application, attempt and the RM's identity and master keys are gone; "
        + "the election at " + paths.election() + " is untouched");
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
