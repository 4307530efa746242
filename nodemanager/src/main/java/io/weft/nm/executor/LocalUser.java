package io.weft.nm.executor;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** An account of this host, as its passwd entry names it. */
public record LocalUser(String name, int uid, int gid, Path home) {
  public LocalUser {
    requireNonNull(name);
    requireNonNull(home);
  }

  /**
   * The account called {@code name}, from {@code getent passwd} (so NSS sources such as LDAP count);
   * empty when the host has none. A numeric name is never taken for a uid: the entry must carry the name.
   */
  public static Optional<LocalUser> lookup(String name) {
    String entry = getent(name);
    String[] fields = entry.split(":", -1);
    if (fields.length < 7 || !fields[0].equals(name)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new LocalUser(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]),
          Path.of(fields[5].isEmpty() ? "/" : fields[5])));
    } catch (NumberFormatException e) {
      throw WeftException.internal("the passwd entry of user '" + name + "' is malformed: " + entry, e);
    }
  }

  private static String getent(String name) {
    try {
      Process getent = new ProcessBuilder("getent", "passwd", "--", name)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = getent.getInputStream().readAllBytes();
      if (!getent.waitFor(30, TimeUnit.SECONDS)) {
        getent.destroyForcibly();
        throw WeftException.unavailable("getent passwd " + name + " did not answer within 30 s");
      }
      // Exit 2: no such key. Other failures say nothing about the user either way.
      if (getent.exitValue() == 2) {
        return "";
      }
      if (getent.exitValue() != 0) {
        throw WeftException.unavailable("getent passwd " + name + " failed with exit code " + getent.exitValue());
      }
      return new String(out, StandardCharsets.UTF_8).lines().findFirst().orElse("");
    } catch (IOException e) {
      throw WeftException.unavailable("cannot run getent to look up user '" + name + "': " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw WeftException.unavailable("interrupted while looking up user '" + name + "'");
    }
  }
}
