package io.weft.rm.staging;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Content-addressed files under one directory: {@code <dir>/<sha256>}. An upload streams to a
 * temporary file while hashing, is checked against the announced size and SHA-256, and only then
 * renamed into place atomically, so a staged file is always complete. Nothing is held in memory.
 */
public final class StagingStore {
  private static final Logger LOG = LogManager.getLogger();
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private final Path dir;

  public StagingStore(Path dir) {
    this.dir = requireNonNull(dir).toAbsolutePath();
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

  public Optional<StagedFile> stat(String sha256) {
    Path file = dir.resolve(requireSha256(sha256));
    try {
      return Files.isRegularFile(file) ? Optional.of(new StagedFile(sha256, Files.size(file))) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Opens a staged file for reading; NOT_FOUND when it is not there. */
  public InputStream open(String sha256) {
    Path file = dir.resolve(requireSha256(sha256));
    try {
      return Files.newInputStream(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw WeftException.notFound("staged file " + sha256 + " is not in staging");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read staged file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Starts an upload of {@code size} bytes whose content must hash to {@code sha256}. */
  public Upload begin(String name, long size, String sha256) {
    String expected = requireSha256(sha256);
    if (size < 0) {
      throw WeftException.invalidArgument("upload of " + name + " announces a negative size " + size);
    }
    try {
      Path temp = Files.createTempFile(dir, ".upload-", ".tmp");
      return new Upload(name, size, expected, temp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file in " + dir + ": " + e.getMessage(), e);
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
        Path target = dir.resolve(sha256);
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
