package io.weft.rm.ha;

import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.ConfigKey;
import io.weft.common.config.WeftConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.AuthInfo;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * Who may read and change a cluster's znodes in ZooKeeper, and how its ResourceManagers prove they may
 * (YARN's {@code yarn.resourcemanager.zk-auth} and {@code zk-acl}). The state store holds the cluster's
 * master keys and user-token records, so with TLS on the RMs must not leave it to ZooKeeper's open ACL:
 * they authenticate ({@link HaKeys#ZK_AUTH}) and create every znode with {@link HaKeys#ZK_ACL}, by default
 * restricted to their own digest identity.
 *
 * @param auth the credentials the RMs' ZooKeeper client adds to its session
 * @param acl the ACL of every znode under the cluster's path the RMs create
 * @param describe what {@code acl} is, for the log (never a password)
 */
public record ZkSecurity(List<AuthInfo> auth, List<ACL> acl, String describe) {
  private static final Logger LOG = LogManager.getLogger();
  private static final Id ANYONE = ZooDefs.Ids.ANYONE_ID_UNSAFE;
  private static final String AUTH_FORM = "scheme:auth[,scheme:auth...], e.g. digest:<user>:<password>, or "
      + "@/path/to/file holding that";
  private static final String ACL_FORM = "scheme:id:perms[,scheme:id:perms...] with perms of r, w, c, d, a, e.g. "
      + "world:anyone:rwcda or digest:<user>:<base64 SHA-1 of user:password>:rwcda, or @/path/to/file holding that";

  /** No credentials, every znode open to everyone: ZooKeeper's default, and Weft's without TLS or zk-auth. */
  public static final ZkSecurity OPEN = new ZkSecurity(List.of(), ZooDefs.Ids.OPEN_ACL_UNSAFE, "world:anyone:cdrwa");

  public ZkSecurity {
    auth = List.copyOf(auth);
    acl = zooKeeperList(acl);
  }

  /**
   * The configured credentials and ACL. Without {@link HaKeys#ZK_ACL}, the ACL is the first digest
   * credential of {@link HaKeys#ZK_AUTH} with every permission, else open; with
   * {@code weft.security.tls.enabled} an open default is refused. A malformed value fails naming the key,
   * the value (passwords masked) and the form expected.
   */
  public static ZkSecurity of(WeftConfig config) {
    List<AuthInfo> auth = parseAuth(config.get(HaKeys.ZK_AUTH).strip());
    String aclText = read(HaKeys.ZK_ACL, config.get(HaKeys.ZK_ACL).strip());
    if (!aclText.isEmpty()) {
      return new ZkSecurity(auth, parseAcl(aclText), aclText);
    }
    for (AuthInfo credential : auth) {
      if (credential.getScheme().equals("digest")) {
        String id = digestId(new String(credential.getAuth(), StandardCharsets.UTF_8));
        return new ZkSecurity(auth, List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", id))),
            "digest:" + id + ":cdrwa");
      }
    }
    if (config.get(CommonKeys.TLS_ENABLED)) {
      throw new ConfigException(CommonKeys.TLS_ENABLED.key() + "=true with HA: the ZooKeeper state store holds the "
          + "cluster's master keys, so the ResourceManagers must keep it to themselves. Set " + HaKeys.ZK_AUTH.key()
          + "=digest:<user>:<password> (or @/path/to/file holding it, mode 0600), the same on every "
          + "ResourceManager of the cluster; or set " + HaKeys.ZK_ACL.key() + " (" + HaKeys.ZK_ACL.key()
          + "=world:anyone:rwcda leaves the state open to whoever reaches ZooKeeper)");
    }
    return new ZkSecurity(auth, OPEN.acl, OPEN.describe);
  }

  /** Whether anyone, authenticated or not, may read what the RMs write. */
  public boolean readableByAnyone() {
    return acl.stream().anyMatch(a -> a.getId().equals(ANYONE) && (a.getPerms() & ZooDefs.Perms.READ) != 0);
  }

  /** Gives {@code builder} (a Curator client of the cluster at {@code paths}) these credentials and this ACL. */
  public CuratorFrameworkFactory.Builder applyTo(CuratorFrameworkFactory.Builder builder, HaPaths paths) {
    if (!auth.isEmpty()) {
      builder.authorization(auth);
    }
    return builder.aclProvider(aclProvider(paths));
  }

  /**
   * Puts {@link #acl} on every znode of the cluster that has another (a store written before zk-auth and
   * zk-acl were set keeps its open ACL otherwise, master keys and all). Looks at the cluster's top znodes
   * first and walks the whole tree only when one of them differs, so an active RM pays four reads. Needs
   * the admin permission, which the open ACL grants.
   *
   * @return how many znodes were changed
   */
  public int protect(CuratorFramework zk, HaPaths paths) throws Exception {
    boolean differs = false;
    for (String path : List.of(paths.cluster(), paths.store(), paths.fence(), paths.election())) {
      if (zk.checkExists().forPath(path) != null && !zk.getACL().forPath(path).equals(acl)) {
        differs = true;
        break;
      }
    }
    if (!differs) {
      return 0;
    }
    int changed = protectTree(zk, paths.cluster());
    LOG.warn("Set ACL {} on {} znode(s) under {} that had another (written before {} / {} were set)", describe, changed,
        paths.cluster(), HaKeys.ZK_AUTH.key(), HaKeys.ZK_ACL.key());
    return changed;
  }

  private int protectTree(CuratorFramework zk, String path) throws Exception {
    int changed = 0;
    try {
      if (!zk.getACL().forPath(path).equals(acl)) {
        zk.setACL().withACL(acl).forPath(path);
        changed++;
      }
      for (String child : zk.getChildren().forPath(path)) {
        changed += protectTree(zk, path + "/" + child);
      }
    } catch (KeeperException.NoNodeException e) {
      // an election participant that left meanwhile
    }
    return changed;
  }

  /**
   * {@link #acl} for the cluster's znodes. The znodes above the cluster's (the parent path, {@code /weft})
   * also let anyone list and create children, so that clusters with other credentials can share the parent;
   * deleting a child needs the parent's delete permission, which only the cluster's ACL grants.
   */
  ACLProvider aclProvider(HaPaths paths) {
    List<ACL> above = new ArrayList<>(acl);
    if (!readableByAnyone()) {
      above.add(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.CREATE, ANYONE));
    }
    List<ACL> ancestors = zooKeeperList(above);
    return new ACLProvider() {
      @Override
      public List<ACL> getDefaultAcl() {
        return acl;
      }

      @Override
      public List<ACL> getAclForPath(String path) {
        return paths.cluster().startsWith(path.endsWith("/") ? path : path + "/") ? ancestors : acl;
      }
    };
  }

  /**
   * An unmodifiable copy ZooKeeper can check: it asks {@code contains(null)}, which {@link List#copyOf}'s
   * lists refuse with a NullPointerException.
   */
  private static List<ACL> zooKeeperList(List<ACL> acl) {
    return Collections.unmodifiableList(new ArrayList<>(acl));
  }

  private static List<AuthInfo> parseAuth(String value) {
    String text = read(HaKeys.ZK_AUTH, value);
    List<AuthInfo> auth = new ArrayList<>();
    if (text.isEmpty()) {
      return auth;
    }
    for (String entry : text.split(",")) {
      String trimmed = entry.strip();
      int colon = trimmed.indexOf(':');
      String scheme = colon < 0 ? "" : trimmed.substring(0, colon);
      String secret = colon < 0 ? "" : trimmed.substring(colon + 1);
      if (!scheme.matches("[A-Za-z0-9]+") || secret.isEmpty()
          || scheme.equals("digest") && !secret.matches("[^:]+:.+")) {
        throw new ConfigException("configuration " + HaKeys.ZK_AUTH.key() + "=" + masked(value, text)
            + " is not valid: '" + maskedEntry(trimmed) + "' is not scheme:auth (digest needs "
            + "digest:<user>:<password>); "
            + "expected " + AUTH_FORM);
      }
      auth.add(new AuthInfo(scheme, secret.getBytes(StandardCharsets.UTF_8)));
    }
    return auth;
  }

  private static List<ACL> parseAcl(String text) {
    List<ACL> acl = new ArrayList<>();
    for (String entry : text.split(",")) {
      String trimmed = entry.strip();
      int first = trimmed.indexOf(':');
      int last = trimmed.lastIndexOf(':');
      String scheme = first < 0 ? "" : trimmed.substring(0, first);
      String id = first < 0 || last == first ? "" : trimmed.substring(first + 1, last);
      String perms = last < 0 || last == first ? "" : trimmed.substring(last + 1);
      String problem = !scheme.matches("[A-Za-z0-9]+") || last == first ? "is not scheme:id:perms"
          : !perms.matches("[rwcda]+") ? "has permissions '" + perms + "', not letters of rwcda"
          : scheme.equals("world") && !id.equals("anyone") ? "names world's id '" + id + "'; world's only id is anyone"
          : scheme.equals("digest") && !id.matches("[^:]+:.+") ? "names digest id '" + id
              + "', not <user>:<base64 SHA-1 of user:password>"
          : !scheme.equals("auth") && id.isEmpty() ? "has an empty id" : null;
      if (problem != null) {
        throw new ConfigException("configuration " + HaKeys.ZK_ACL.key() + "=" + text + " is not valid: '" + trimmed
            + "' " + problem + "; expected " + ACL_FORM);
      }
      acl.add(new ACL(permissions(perms), new Id(scheme, id)));
    }
    return acl;
  }

  private static int permissions(String letters) {
    int perms = 0;
    for (char c : letters.toCharArray()) {
      perms |= switch (c) {
        case 'r' -> ZooDefs.Perms.READ;
        case 'w' -> ZooDefs.Perms.WRITE;
        case 'c' -> ZooDefs.Perms.CREATE;
        case 'd' -> ZooDefs.Perms.DELETE;
        case 'a' -> ZooDefs.Perms.ADMIN;
        default -> throw new IllegalArgumentException("not a permission: " + c);
      };
    }
    return perms;
  }

  /** {@code user:password} as ZooKeeper's digest scheme names it: {@code user:<base64 SHA-1>}. */
  public static String digestId(String userAndPassword) {
    try {
      return DigestAuthenticationProvider.generateDigest(userAndPassword);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("ZooKeeper's digest algorithm is not available: " + e.getMessage(), e);
    }
  }

  /** {@code value}, or the content of the file it names as {@code @/path}. */
  private static String read(ConfigKey<String> key, String value) {
    if (!value.startsWith("@")) {
      return value;
    }
    Path file = Path.of(value.substring(1).strip());
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (content.isEmpty()) {
        throw new ConfigException("configuration " + key.key() + "=" + value + ": " + file + " is empty");
      }
      warnIfOthersMayRead(key, file);
      return content;
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ConfigException("configuration " + key.key() + "=" + value + ": cannot read " + file + " ("
          + e.getMessage() + ")");
    }
  }

  private static void warnIfOthersMayRead(ConfigKey<String> key, Path file) {
    if (!key.equals(HaKeys.ZK_AUTH)) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
        LOG.warn("{} names {}, which users other than its owner may read; it holds the ZooKeeper credential that "
            + "guards the cluster's master keys (chmod 600 it)", key.key(), file);
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("cannot read the permissions of {}: {}", file, e.toString());
    }
  }

  /** The configured value for an error message: a file name as given, inline credentials with passwords hidden. */
  private static String masked(String value, String text) {
    if (value.startsWith("@")) {
      return value;
    }
    List<String> entries = new ArrayList<>();
    for (String entry : text.split(",")) {
      entries.add(maskedEntry(entry.strip()));
    }
    return String.join(",", entries);
  }

  /** {@code digest:user:****}; another scheme's secret as {@code scheme:****}. */
  private static String maskedEntry(String entry) {
    int first = entry.indexOf(':');
    if (first < 0) {
      return entry.isEmpty() ? entry : "****";
    }
    int second = entry.indexOf(':', first + 1);
    return entry.startsWith("digest:") && second > 0 ? entry.substring(0, second + 1) + "****"
        : entry.substring(0, first + 1) + "****";
  }
}
