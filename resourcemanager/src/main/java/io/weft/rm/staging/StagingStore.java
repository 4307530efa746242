package io.weft.rm.staging;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Staged files, per application and content-addressed within it: {@code <dir>/<applicationId>/<sha256>}.
 * An application's files belong to the user who uploaded the first of them ({@code .owner} beside
 * them): no other user may stat or add to them. An upload streams to a temporary file while hashing,
 * is checked against the announced size and SHA-256, and only then renamed into place atomically, so
 * a staged file is always complete. Nothing is held in memory. {@link #sweep} deletes the files of
 * ended applications and orphans.
 */
public final class StagingStore {
  private static final Logger LOG = LogManager.getLogger();
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final String OWNER = ".owner";
  private final Path dir;
  private final Duration retention;

  /** {@code retention}: how long the files of an application the RM does not know are kept. */
  public StagingStore(Path dir, Duration retention) {
    this.dir = requireNonNull(dir).toAbsolutePath();
    this.retention = requireNonNull(retention);
    try {
      Files.createDirectories(this.dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create staging directory " + this.dir + ": " + e.getMessage(), e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Checks a client-given hash is 64 lowercase hex digits (it becomes a file name). */
  public static String requireSha256(String sha256) {
    String s = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
    if (!SHA256.matcher(s).matches()) {
      throw WeftException.invalidArgument("'" + sha256 + "' is not a SHA-256 (64 hex digits)");
    }
    return s;
  }

  /** The staged file {@code sha256} of {@code app}, as {@code user} may see it: PERMISSION_DENIED for another user. */
  public Optional<StagedFile> stat(ApplicationId app, String user, String sha256) {
    Path file = dir.resolve(app.toString()).resolve(requireSha256(sha256));
    Optional<String> owner = owner(app);
    if (owner.isPresent() && !owner.get().equals(user)) {
      throw refused(app, owner.get(), user, "see");
    }
    try {
      return Files.isRegularFile(file) ? Optional.of(new StagedFile(sha256, Files.size(file))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Opens a staged file of {@code app} for reading (the caller checked the right to); NOT_FOUND when absent. */
  public InputStream open(ApplicationId app, String sha256) {
    Path file = dir.resolve(app.toString()).resolve(requireSha256(sha256));
    try {
      return Files.newInputStream(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw WeftException.notFound("staged file " + sha256 + " of " + app + " is not in staging");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read staged file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts an upload by {@code user} for {@code app} of {@code size} bytes whose content must hash to
   * {@code sha256}; the first upload for an application makes {@code user} its owner, and only the
   * owner may upload more.
   */
  public Upload begin(ApplicationId app, String user, String name, long size, String sha256) {
    String expected = requireSha256(sha256);
    if (size < 0) {
      throw WeftException.invalidArgument("upload of " + name + " announces a negative size " + size);
    }
    Path appDir = dir.resolve(app.toString());
    try {
      Files.createDirectories(appDir);
      claim(app, appDir, user);
      Path temp = Files.createTempFile(appDir, ".upload-", ".tmp");
      return new Upload(name, size, expected, temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file in " + appDir + ": " + e.getMessage(), e);
    }
  }

  private void claim(ApplicationId app, Path appDir, String user) throws IOException {
    try {
      Files.writeString(appDir.resolve(OWNER), user, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      String owner = owner(app).orElse("");
      if (!owner.equals(user)) {
        throw refused(app, owner, user, "add to");
      }
    }
  }

  private Optional<String> owner(ApplicationId app) {
    try {
      return Optional.of(Files.readString(dir.resolve(app.toString()).resolve(OWNER), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the owner of the staged files of " + app + ": " + e.getMessage(), e);
    }
  }

  private static WeftException refused(ApplicationId app, String owner, String user, String what) {
    return WeftException.permissionDenied("the staged files of " + app + " belong to user " + owner + "; " + user
        + " may not " + what + " them");
  }

  /**
   * Deletes the files of every application {@code ended} says has ended (true), and of every
   * application it does not know (empty) whose last upload is older than the retention time
   * (uploaded for an application never submitted, or one the RM no longer remembers). Returns how
   * many applications' files went.
   */
  public int sweep(Function<ApplicationId, Optional<Boolean>> ended, Instant now) {
    int deleted = 0;
    try (DirectoryStream<Path> apps = Files.newDirectoryStream(dir)) {
      for (Path appDir : apps) {
        Optional<ApplicationId> app = applicationOf(appDir);
        if (app.isEmpty()) {
          continue;
        }
        Optional<Boolean> known = ended.apply(app.get());
        boolean orphan = known.isEmpty()
            && Files.getLastModifiedTime(appDir).toInstant().plus(retention).isBefore(now);
        if (known.orElse(false) || orphan) {
          deleteTree(appDir);
          deleted++;
          LOG.info("deleted the staged files of {} ({})", app.get(), orphan
              ? "never submitted, or forgotten, and older than " + retention.toMillis() + " ms" : "it ended");
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot sweep staging directory {}: {}", dir, e.toString());
    }
    return deleted;
  }

  private static Optional<ApplicationId> applicationOf(Path appDir) {
    if (!Files.isDirectory(appDir)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ApplicationId.parse(appDir.getFileName().toString()));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** One upload in progress. Not thread-safe: gRPC delivers a stream's messages one at a time. */
  public final class Upload implements AutoCloseable {
    private final String name;
    private final long size;
    private final String sha256;
    private final Path temp;
    private final MessageDigest digest;
    private final OutputStream out;
    private long written;
    private boolean done;

    private Upload(String name, long size, String sha256, Path temp) throws IOException {
      this.name = name;
      this.size = size;
      this.sha256 = sha256;
      this.temp = temp;
      try {
        this.digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      this.out = new DigestOutputStream(Files.newOutputStream(temp), digest);
    }

    public void write(byte[] chunk) {
      if (written + chunk.length > size) {
        throw WeftException.invalidArgument("upload of " + name + " sent more than the announced " + size
            + " bytes");
      }
      try {
        out.write(chunk);
        written += chunk.length;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write upload of " + name + ": " + e.getMessage(), e);
      }
    }

    /** Verifies size and hash, then moves the file into place. */
    public StagedFile finish() {
      try {
        out.close();
        if (written != size) {
          throw WeftException.invalidArgument("upload of " + name + " has " + written + " bytes but announced "
              + size + " bytes");
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(sha256)) {
          throw WeftException.invalidArgument("upload of " + name + " has SHA-256 " + actual + " but announced "
              + sha256);
        }
        Path target = temp.resolveSibling(sha256);
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        done = true;
        LOG.info("staged {} as {} ({} bytes)", name, sha256, size);
        return new StagedFile(sha256, size);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot finish upload of " + name + ": " + e.getMessage(), e);
      } finally {
        close();
      }
    }

    /** Drops an unfinished upload's temporary file. */
    @Override
    public void close() {
      try {
        out.close();
        if (!done) {
          Files.deleteIfExists(temp);
        }
      } catch (IOException e) {
        LOG.warn("cannot remove temporary upload file {}", temp, e);
      }
    }
  }
}
