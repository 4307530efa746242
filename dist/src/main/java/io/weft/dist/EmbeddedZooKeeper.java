package io.weft.dist;

import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * A one-node ZooKeeper, ZooKeeper's own embedded server, for {@code weft local-cluster --ha}: the
 * election and the state store of a cluster on one machine; with {@code --secure} it serves TLS only.
 * Its data lives under a work dir, so the cluster keeps its applications across runs of the same work dir.
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
    return start(dir, port, config);
  }

  /**
   * Starts ZooKeeper serving only a TLS client port, 127.0.0.1:{@code port}: it presents {@code cert}
   * (with {@code key}) and admits only clients presenting a certificate of a CA in {@code trust}. ZooKeeper
   * reads its PEM key store as one file, so key and chain are joined into {@code dir}/server.pem (mode 0600).
   */
  public static EmbeddedZooKeeper startSecure(Path dir, int port, Path cert, Path key, Path trust) {
    Properties config = new Properties();
    config.setProperty("secureClientPort", Integer.toString(port));
    config.setProperty("secureClientPortAddress", "127.0.0.1");
    config.setProperty("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
    config.setProperty("ssl.keyStore.location", joinedKeyStore(dir, cert, key).toString());
    config.setProperty("ssl.keyStore.type", "PEM");
    config.setProperty("ssl.trustStore.location", trust.toString());
    config.setProperty("ssl.trustStore.type", "PEM");
    config.setProperty("ssl.clientAuth", "need");
    return start(dir, port, config);
  }

  private static Path joinedKeyStore(Path dir, Path cert, Path key) {
    Path file = dir.resolve("server.pem");
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, Files.readString(key) + "\n"
          + Files.readString(cert));
      return file;
    } catch (IOException e) {
      throw new WeftException(WeftException.Code.UNAVAILABLE, "cannot write the embedded ZooKeeper's key store "
          + file + ": " + e.getMessage());
    }
  }

  private static EmbeddedZooKeeper start(Path dir, int port, Properties config) {
    config.setProperty("tickTime", Integer.toString(TICK_MS));
    config.setProperty("initLimit", "10");
    config.setProperty("syncLimit", "5");
    config.setProperty("admin.enableServer", "false");
    config.setProperty("maxClientCnxns", "0");
    try {
      Files.createDirectories(dir);
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
