package io.weft.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The ZooKeeper credential of a secure HA local cluster's ResourceManagers
 * ({@code weft.resourcemanager.zk-auth=@<file>}): {@code digest:weft-rm:<256 random bits>}, in a file only
 * its owner may read. Kept when it exists, because the embedded ZooKeeper keeps its znodes, and their
 * ACL names this credential, across runs of the same work dir.
 */
final class ZkCredentialFile {
  static final String NAME = "zk-auth";
  static final String USER = "weft-rm";

  private ZkCredentialFile() {}

  /** {@code dir}/zk-auth, made (mode 0600) unless it is there. */
  static Path ensure(Path dir) {
    Path file = dir.resolve(NAME);
    if (Files.isRegularFile(file)) {
      return file;
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    String credential = "digest:" + USER + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n";
    try {
      Files.createDirectories(dir);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, credential, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ResourceManagers' ZooKeeper credential " + file, e);
    }
  }
}
