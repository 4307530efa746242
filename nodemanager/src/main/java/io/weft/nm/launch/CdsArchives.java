package io.weft.nm.launch;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Application class-data-sharing archives for the Weft JVMs this node starts (AMs, executors):
 * one archive per main class, class path and JDK, so a JVM maps the classes it needs instead of
 * loading, parsing and verifying them from jars.
 *
 * <p>The first launch of a main class that has no archive records the classes it loads
 * ({@code -XX:DumpLoadedClassList}, written as they load, so a container killed at the end still
 * leaves a usable list). Once it exits, a background JVM dumps a static archive from that list
 * ({@code -Xshare:dump}) into a temporary file that is renamed into place when complete, so no
 * launch waits for an archive or sees half of one, and the archive is completed even if the NM
 * stops first. Launches meanwhile run without CDS. One
 * training at a time per archive, claimed with an atomically created marker file so that the NMs
 * of a host can share the directory; after {@value #MAX_FAILED_TRAININGS} failed attempts this NM
 * stops trying. The key hashes the JDK's {@code release} file and every class path jar's path, size
 * and modification time, so a rebuilt jar or another JDK makes a new archive (archives of the same
 * main class unused for a day are deleted then). The JVM checks an archive again itself and, with CDS logging off,
 * silently runs without it when it does not match. Nothing here ever fails a launch.
 */
public final class CdsArchives implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  static final int MAX_FAILED_TRAININGS = 2;
  /** A training claim older than this is left over from a dead NM. */
  private static final Duration STALE_CLAIM = Duration.ofMinutes(10);
  /**
   * An archive's modification time is its last use, refreshed at most this often; other archives of
   * its main class (another class path sharing the directory, or an older build) unused for
   * {@link #UNUSED} are deleted when a new one is made.
   */
  private static final Duration TOUCH_EVERY = Duration.ofHours(1);
  private static final Duration UNUSED = Duration.ofDays(1);
  private static final String ARCHIVE = ".jsa";
  private static final Pattern MAIN_CLASS =
      Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
  /** Silences CDS warnings (archive mismatch, classes it cannot archive), which would reach the container's stdout. */
  private static final String QUIET = "-Xlog:cds*=off";

  private final Path dir;
  private final String javaHome;
  private final String classpath;
  private final boolean train;
  private final ConcurrentHashMap<String, Integer> failedTrainings = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** {@code classpath} as {@code {{WEFT_CLASSPATH}}} expands ({@code dir/*} entries included). */
  public CdsArchives(Path dir, String javaHome, String classpath) {
    this(dir, javaHome, classpath, true);
  }

  /**
   * Archives that launches only map when {@code train} is false: containers that run as other users
   * cannot write their class lists here, and what they wrote must not become an archive for everyone.
   */
  public CdsArchives(Path dir, String javaHome, String classpath, boolean train) {
    this.dir = requireNonNull(dir);
    this.javaHome = requireNonNull(javaHome);
    this.classpath = requireNonNull(classpath);
    this.train = train;
  }

  /** The options for a launch of {@code mainClass} by container {@code containerId}; never throws. */
  public JvmLaunchOptions forLaunch(String mainClass, String containerId) {
    if (closed || !MAIN_CLASS.matcher(mainClass).matches()) {
      return JvmLaunchOptions.NONE;
    }
    try {
      List<Path> entries = classpathEntries();
      if (entries.stream().anyMatch(Files::isDirectory)) {
        return JvmLaunchOptions.NONE; // the JVM archives classes from jars only (a build's target/classes is not)
      }
      String key = mainClass + "-" + fingerprint(entries);
      Path archive = dir.resolve(key + ARCHIVE);
      if (Files.isRegularFile(archive)) {
        markUsed(archive);
        return new JvmLaunchOptions(List.of(QUIET, "-XX:SharedArchiveFile=" + archive), code -> { });
      }
      if (!train || failedTrainings.getOrDefault(key, 0) >= MAX_FAILED_TRAININGS || !claim(key)) {
        return JvmLaunchOptions.NONE;
      }
      Path classList = dir.resolve(key + "." + containerId + ".classlist");
      LOG.info("{} records its classes for the class-data-sharing archive {}", containerId, archive.getFileName());
      return new JvmLaunchOptions(List.of("-XX:DumpLoadedClassList=" + classList),
          code -> dump(key, mainClass, classList, archive));
    } catch (IOException | RuntimeException e) {
      LOG.warn("class-data sharing skipped for a launch of {} by {}: {}", mainClass, containerId, e.toString());
      return JvmLaunchOptions.NONE;
    }
  }

  private boolean claim(String key) throws IOException {
    Files.createDirectories(dir);
    Path marker = claimMarker(key);
    try {
      Files.createFile(marker);
      return true;
    } catch (FileAlreadyExistsException e) {
      FileTime claimed = Files.getLastModifiedTime(marker);
      if (claimed.toInstant().isBefore(Instant.now().minus(STALE_CLAIM))) {
        Files.deleteIfExists(marker);
      }
      return false;
    }
  }

  private Path claimMarker(String key) {
    return dir.resolve(key + ".training");
  }

  /**
   * Dumps {@code archive} from the recorded class list in a background JVM, off every launch's path.
   * A small shell runs the dump and renames the result into place, so the archive is completed
   * even if this NM stops first (a short-lived local cluster, like the quickstart's, would otherwise
   * never keep one); the NM only cleans up and counts failures when it sees the end.
   */
  private void dump(String key, String mainClass, Path classList, Path archive) {
    Path partial = dir.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      if (closed || !Files.isRegularFile(classList) || Files.size(classList) == 0) {
        throw new IOException("no class list was recorded");
      }
      String script = "\"$1\" -Xshare:dump -XX:SharedClassListFile=\"$2\" -XX:SharedArchiveFile=\"$3\" "
          + QUIET + " -cp \"$4\" && mv -f \"$3\" \"$5\"; status=$?; rm -f \"$2\" \"$3\" \"$6\"; exit $status";
      Process process = new ProcessBuilder("/bin/sh", "-c", script, "cds-dump",
          Path.of(javaHome, "bin", "java").toString(), classList.toString(), partial.toString(), classpath,
          archive.toString(), claimMarker(key).toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      process.onExit().thenAccept(p -> dumped(key, mainClass, classList, partial, archive, p.exitValue()));
    } catch (IOException | RuntimeException e) {
      failed(key, classList, partial, "cannot dump " + archive.getFileName() + ": " + e.getMessage());
    }
  }

  private void dumped(String key, String mainClass, Path classList, Path partial, Path archive, int exitCode) {
    if (exitCode != 0 || !Files.isRegularFile(archive)) {
      failed(key, classList, partial, "dumping " + archive.getFileName() + " ended with exit code " + exitCode);
      return;
    }
    try {
      LOG.info("class-data-sharing archive {} ready ({} bytes)", archive.getFileName(), Files.size(archive));
      deleteUnusedArchives(mainClass, archive);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot delete unused class-data-sharing archives of {} in {}: {}", mainClass, dir, e.toString());
    }
  }

  private void failed(String key, Path classList, Path partial, String why) {
    failedTrainings.merge(key, 1, Integer::sum);
    LOG.info("no class-data-sharing archive this time: {}", why);
    try {
      Files.deleteIfExists(partial);
      Files.deleteIfExists(classList);
      Files.deleteIfExists(claimMarker(key));
    } catch (IOException e) {
      LOG.warn("cannot clean up after a class-data-sharing training in {}: {}", dir, e.toString());
    }
  }

  private static void markUsed(Path archive) throws IOException {
    Instant now = Instant.now();
    if (Files.getLastModifiedTime(archive).toInstant().isBefore(now.minus(TOUCH_EVERY))) {
      Files.setLastModifiedTime(archive, FileTime.from(now));
    }
  }

  private void deleteUnusedArchives(String mainClass, Path keep) throws IOException {
    Instant unusedSince = Instant.now().minus(UNUSED);
    try (DirectoryStream<Path> others = Files.newDirectoryStream(dir, mainClass + "-*" + ARCHIVE)) {
      for (Path path : others) {
        if (!path.equals(keep) && Files.getLastModifiedTime(path).toInstant().isBefore(unusedSince)) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  /** Hash of the JDK and of every class path entry's path, size and modification time, in order. */
  String fingerprint() throws IOException {
    return fingerprint(classpathEntries());
  }

  private String fingerprint(List<Path> entries) throws IOException {
    MessageDigest digest = sha256();
    update(digest, Path.of(javaHome, "release"));
    for (Path entry : entries) {
      update(digest, entry);
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 12);
  }

  /** The class path as the java launcher sees it: a {@code dir/*} entry is that directory's jars. */
  List<Path> classpathEntries() throws IOException {
    List<Path> entries = new ArrayList<>();
    for (String part : classpath.split(java.io.File.pathSeparator)) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.endsWith("*")) {
        Path directory = Path.of(part.substring(0, part.length() - 1));
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(directory)) {
          try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory, "*.{jar,JAR}")) {
            listing.forEach(jars::add);
          }
        }
        jars.sort(null);
        entries.addAll(jars);
      } else {
        entries.add(Path.of(part));
      }
    }
    return entries;
  }

  private static void update(MessageDigest digest, Path path) throws IOException {
    digest.update(path.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
    if (Files.exists(path)) {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      digest.update((attributes.size() + ":" + attributes.lastModifiedTime().toMillis() + ";")
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /**
   * Stops handing out trainings. Dumps in flight finish on their own (seconds; they only write
   * this directory), so that the archive a short-lived cluster trained is not lost.
   */
  @Override
  public void close() {
    closed = true;
  }
}
