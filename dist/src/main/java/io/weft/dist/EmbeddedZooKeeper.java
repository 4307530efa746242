package io.weft.dist;

import io.weft.common.rpc.WeftException;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * A one-node ZooKeeper, ZooKeeper's own embedded server, for {@code weft local-cluster --ha}: the
 * election and the state store of a cluster on one machine. Its data lives under a work dir, so the
 * cluster keeps its applications across runs of the same work dir.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
  /**
   * ZooKeeper's tick: sessions may be as short as two ticks, so the RMs' default session timeout
   * (weft.resourcemanager.zk-timeout-ms, 1.5 s) is honoured instead of being raised to ZooKeeper's
   * 4 s minimum.
   */
  static final int TICK_MS = 250;

  private final ZooKeeperServerEmbedded server;
  private final String connectString;

  private EmbeddedZooKeeper(ZooKeeperServerEmbedded server, String connectString) {
    this.server = server;
    this.connectString = connectString;
  }

  /** Starts ZooKeeper on 127.0.0.1:{@code port} (must be a free, fixed port) with its data under {@code dir}. */
  public static EmbeddedZooKeeper start(Path dir, int port) {
    Properties config = new Properties();
    config.setProperty("clientPort", Integer.toString(port));
    config.setProperty("clientPortAddress", "127.0.0.1");
    config.setProperty("tickTime", Integer.toString(TICK_MS));
    config.setProperty("initLimit", "10");
    config.setProperty("syncLimit", "5");
    config.setProperty("admin.enableServer", "false");
    config.setProperty("maxClientCnxns", "0");
    try {
      java.nio.file.Files.createDirectories(dir);
      ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder().baseDir(dir).configuration(config)
          .exitHandler(ExitHandler.LOG_ONLY).build();
      server.start(30_000);
      return new EmbeddedZooKeeper(server, "127.0.0.1:" + port);
    } catch (Exception e) {
      throw new WeftException(WeftException.Code.UNAVAILABLE, "cannot start the embedded ZooKeeper on 127.0.0.1:"
          + port + " with its data in " + dir + ": " + e.getMessage());
    }
  }

  /** host:port, as weft.resourcemanager.zk-address takes it. */
  public String connectString() {
    return connectString;
  }

  @Override
  public void close() {
    server.close();
  }
}
