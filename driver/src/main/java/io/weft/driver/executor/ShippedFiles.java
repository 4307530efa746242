package io.weft.driver.executor;

import static java.util.Objects.requireNonNull;

import io.weft.common.archive.Archives;
import io.weft.driver.rpc.ExecutorSessionClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The jars, files and archives the driver ships to this executor: a name is fetched once (FetchFile)
 * into the working directory, a {@code local:/path} is used in place; jars join the user class loader,
 * archives are unpacked.
 */
final class ShippedFiles {
  private static final Logger LOG = LogManager.getLogger();
  private static final String LOCAL_PREFIX = "local:";
  private static final String ARCHIVE_DOWNLOADS = ".archives";

  private final UserClassLoader loader;
  private final Path workDir;
  private final Set<String> have = new HashSet<>();

  ShippedFiles(UserClassLoader loader, Path workDir) {
    this.loader = requireNonNull(loader);
    this.workDir = requireNonNull(workDir);
  }

  /**
   * Gets every entry not got yet; blocks concurrent tasks until done. An archive ({@code name#alias})
   * is fetched into a hidden directory and unpacked into {@code alias}.
   */
  synchronized void ensure(ExecutorSessionClient driver, List<String> jars, List<String> files,
      List<String> archives) throws IOException {
    for (String jar : jars) {
      if (!have.contains(jar)) {
        loader.addJar(get(driver, jar));
        have.add(jar);
      }
    }
    for (String file : files) {
      if (!have.contains(file)) {
        get(driver, file);
        have.add(file);
      }
    }
    for (String archive : archives) {
      if (!have.contains(archive)) {
        unpack(driver, archive);
        have.add(archive);
      }
    }
  }

  private void unpack(ExecutorSessionClient driver, String entry) throws IOException {
    int hash = entry.indexOf('#');
    String name = hash < 0 ? entry : entry.substring(0, hash);
    String alias = hash < 0 ? name : entry.substring(hash + 1);
    requirePlainName(name);
    requirePlainName(alias);
    Path download = Files.createDirectories(workDir.resolve(ARCHIVE_DOWNLOADS)).resolve(name);
    driver.fetchFile(name, download);
    Archives.unpack(download, workDir.resolve(alias));
    Files.delete(download);
    LOG.info("fetched archive {} from the driver and unpacked it into {}", name, alias);
  }

  private void requirePlainName(String entry) throws IOException {
    if (entry.contains("/") || entry.contains("\\") || entry.equals("..") || entry.equals(".") || entry.isBlank()) {
      throw new IOException("refusing to fetch '" + entry + "' outside the working directory " + workDir);
    }
  }

  private Path get(ExecutorSessionClient driver, String entry) throws IOException {
    if (entry.startsWith(LOCAL_PREFIX)) {
      return Path.of(entry.substring(LOCAL_PREFIX.length()));
    }
    if (entry.contains("/") || entry.contains("\\") || entry.equals("..") || entry.isBlank()) {
      throw new IOException("refusing to fetch '" + entry + "' outside the working directory " + workDir);
    }
    Path into = workDir.resolve(entry);
    driver.fetchFile(entry, into);
    LOG.info("fetched {} from the driver ({} bytes)", entry, Files.size(into));
    return into;
  }
}
