package io.weft.rm.ha;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;

/**
 * ZooKeeper's client TLS for the ResourceManagers ({@link HaKeys#ZK_SSL_ENABLED}): the Netty socket with
 * {@code zookeeper.client.secure}, trusting the cluster's CAs ({@code weft.security.tls.trust}) and
 * presenting the RM's own certificate ({@code weft.security.tls.cert} / {@code key}), both as PEM, so a
 * ZooKeeper that requires client certificates of the cluster CA lets the RMs in.
 *
 * <p>ZooKeeper reads a PEM key store as one file holding the key and the chain, where Weft keeps two; so
 * the two are joined into a file of a private temp dir (0700, the file 0600) that {@link #close} deletes.
 * ZooKeeper reads it at every (re)connection, so it lives as long as the client.
 */
public final class ZkClientTls implements AutoCloseable {
  private static final String NETTY_SOCKET = "org.apache.zookeeper.ClientCnxnSocketNetty";
  /** Without TLS to ZooKeeper. */
  public static final ZkClientTls OFF = new ZkClientTls(null, null);

  private final ZKClientConfig clientConfig;
  private final Path keyStoreDir;

  private ZkClientTls(ZKClientConfig clientConfig, Path keyStoreDir) {
    this.clientConfig = clientConfig;
    this.keyStoreDir = keyStoreDir;
  }

  /**
   * {@link #OFF} unless {@link HaKeys#ZK_SSL_ENABLED}; then the TLS files must be named, or this fails
   * naming the keys.
   */
  public static ZkClientTls of(WeftConfig config) {
    if (!config.get(HaKeys.ZK_SSL_ENABLED)) {
      return OFF;
    }
    String trust = config.get(CommonKeys.TLS_TRUST).strip();
    String cert = config.get(CommonKeys.TLS_CERT).strip();
    String key = config.get(CommonKeys.TLS_KEY).strip();
    if (trust.isEmpty()) {
      throw new ConfigException(HaKeys.ZK_SSL_ENABLED.key() + "=true needs " + CommonKeys.TLS_TRUST.key()
          + " (a PEM file of the CAs that signed the ZooKeeper servers' certificates)");
    }
    ZKClientConfig zk = new ZKClientConfig();
    zk.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
    zk.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, NETTY_SOCKET);
    Path dir = null;
    try (ClientX509Util x509 = new ClientX509Util()) {
      zk.setProperty(x509.getSslTruststoreLocationProperty(), trust);
      zk.setProperty(x509.getSslTruststoreTypeProperty(), "PEM");
      if (!cert.isEmpty() && !key.isEmpty()) {
        dir = Files.createTempDirectory("weft-zk-tls-", PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
        Path keyStore = dir.resolve("client.pem");
        Files.createFile(keyStore, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(keyStore, Files.readString(Path.of(key)) + "\n" + Files.readString(Path.of(cert)));
        zk.setProperty(x509.getSslKeystoreLocationProperty(), keyStore.toString());
        zk.setProperty(x509.getSslKeystoreTypeProperty(), "PEM");
      }
    } catch (IOException e) {
      delete(dir);
      throw new ConfigException(HaKeys.ZK_SSL_ENABLED.key() + "=true: cannot make ZooKeeper's PEM key store from "
          + CommonKeys.TLS_KEY.key() + "=" + key + " and " + CommonKeys.TLS_CERT.key() + "=" + cert + ": " + e);
    }
    return new ZkClientTls(zk, dir);
  }

  public boolean enabled() {
    return clientConfig != null;
  }

  /** Gives {@code builder} this client configuration, if TLS is on. */
  public CuratorFrameworkFactory.Builder applyTo(CuratorFrameworkFactory.Builder builder) {
    return clientConfig == null ? builder : builder.zkClientConfig(clientConfig);
  }

  /** The joined key store, if this presents a certificate; for tests. */
  Optional<Path> keyStoreDir() {
    return Optional.ofNullable(keyStoreDir);
  }

  @Override
  public void close() {
    delete(keyStoreDir);
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try {
      Files.deleteIfExists(dir.resolve("client.pem"));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete ZooKeeper's joined PEM key store in " + dir, e);
    }
  }
}
