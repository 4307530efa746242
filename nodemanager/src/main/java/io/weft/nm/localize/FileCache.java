package io.weft.nm.localize;

import io.weft.common.id.ContainerId;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Staged files by content, under {@code <local-dir>/filecache/<sha256>}: fetched once, verified,
 * then shared by every container that names the same digest.
 */
final class FileCache {
  private static final Logger LOG = LogManager.getLogger();
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;
  private final StagedFileSource source;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  FileCache(Path dir, StagedFileSource source) {
    this.dir = requireNonNull(dir);
    this.source = requireNonNull(source);
  }

  /**
   * The cached file for {@code sha256} of {@code container}'s application, fetching and verifying it
   * first when absent. Cached per application ({@code <dir>/<applicationId>/<sha256>}): a container
   * never gets a file of another application, even one whose digest it knows.
   */
  Path get(ContainerId container, String sha256) throws IOException {
    if (!SHA256.matcher(sha256).matches()) {
      throw new LocalizationException("'" + sha256 + "' is not a SHA-256 digest (64 lower-case hex digits)");
    }
    Path appDir = dir.resolve(container.applicationId().toString());
    Path cached = appDir.resolve(sha256);
    synchronized (locks.computeIfAbsent(cached.toString(), k -> new Object())) {
      if (Files.isRegularFile(cached)) {
        LOG.debug("staged file {} found in the file cache", sha256);
        return cached;
      }
      Files.createDirectories(appDir);
      Path partial = appDir.resolve(sha256 + ".tmp-" + UUID.randomUUID());
      try {
        source.fetch(container, sha256, partial);
        String actual = Digests.sha256(partial);
        if (!actual.equals(sha256)) {
          throw new LocalizationException("content fetched from staging has sha256 " + actual + ", expected " + sha256);
        }
        Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("fetched staged file {} ({} bytes) into the file cache", sha256, Files.size(cached));
        return cached;
      } finally {
        Files.deleteIfExists(partial);
      }
    }
  }
}
