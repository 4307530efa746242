package io.weft.shuffle;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a NodeManager's shuffle service knows: each running application's secret and directory on this
 * node, and the shuffle directory each of its executors registered. Every question presents the
 * application's secret; a missing one is UNAUTHENTICATED, a wrong one PERMISSION_DENIED, both naming
 * the application. A registered directory must lie under the application's directory (symbolic links
 * resolved), so the service never serves a file the application could not have written there.
 * Thread-safe.
 */
public final class ShuffleRegistrations {
  private final Map<String, Application> applications = new HashMap<>();

  private static final class Application {
    final String user;
    final Path dir;
    final byte[] secret;
    final Map<String, Path> executorDirs = new HashMap<>();

    Application(String user, Path dir, byte[] secret) {
      this.user = user;
      this.dir = dir;
      this.secret = secret;
    }
  }

  /**
   * A container of {@code applicationId} starts here with {@code secret}; the first one introduces the
   * application, the others must carry the same secret.
   */
  public synchronized void applicationStarted(String applicationId, String user, Path applicationDir, String secret) {
    requireNonNull(applicationDir);
    if (requireNonNull(secret).isEmpty()) {
      throw WeftException.invalidArgument("the shuffle service data of " + applicationId + " has an empty secret");
    }
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    Application known = applications.get(applicationId);
    if (known == null) {
      applications.put(applicationId, new Application(user, applicationDir.toAbsolutePath().normalize(), bytes));
    } else if (!MessageDigest.isEqual(known.secret, bytes) || !known.user.equals(user)) {
      throw WeftException.permissionDenied("a container of " + applicationId + " (user " + user
          + ") carries another secret or user than the application's earlier containers on this node");
    }
  }

  /** Executor {@code executorId} of the application keeps its shuffle files in {@code shuffleDir}. */
  public synchronized void register(String applicationId, String presentedSecret, String executorId, Path shuffleDir) {
    Application app = authorized(applicationId, presentedSecret);
    if (executorId.isBlank()) {
      throw WeftException.invalidArgument("a shuffle registration of " + applicationId + " has no executor id");
    }
    app.executorDirs.put(executorId, checkedDir(applicationId, app, shuffleDir));
  }

  /** The shuffle directory executor {@code executorId} of the application registered. */
  public Path executorDir(String applicationId, String presentedSecret, String executorId) {
    Application app;
    Path dir;
    synchronized (this) {
      app = authorized(applicationId, presentedSecret);
      dir = app.executorDirs.get(executorId);
    }
    if (dir == null) {
      throw WeftException.notFound("executor " + executorId + " of " + applicationId
          + " has not registered a shuffle directory with this node's shuffle service");
    }
    return checkedDir(applicationId, app, dir); // again: a directory swapped for a link since must not be followed
  }

  /** Forgets the application; returns the shuffle directories its executors registered (to delete). */
  public synchronized List<Path> applicationStopped(String applicationId) {
    Application app = applications.remove(applicationId);
    return app == null ? List.of() : List.copyOf(app.executorDirs.values());
  }

  public synchronized boolean knows(String applicationId) {
    return applications.containsKey(applicationId);
  }

  private Application authorized(String applicationId, String presentedSecret) {
    if (presentedSecret == null || presentedSecret.isEmpty()) {
      throw WeftException.unauthenticated("missing application secret for " + applicationId
          + " at this node's shuffle service");
    }
    Application app = applications.get(applicationId);
    if (app == null) {
      throw WeftException.notFound(applicationId + " has no running containers known to this node's shuffle service"
          + " (it never ran here, or it has ended)");
    }
    if (!MessageDigest.isEqual(app.secret, presentedSecret.getBytes(StandardCharsets.UTF_8))) {
      throw WeftException.permissionDenied("wrong application secret for " + applicationId
          + " at this node's shuffle service");
    }
    return app;
  }

  private static Path checkedDir(String applicationId, Application app, Path dir) {
    if (!dir.isAbsolute()) {
      throw WeftException.invalidArgument("shuffle directory " + dir + " of " + applicationId + " is not absolute");
    }
    Path real;
    Path appReal;
    try {
      real = dir.toRealPath();
      appReal = app.dir.toRealPath();
    } catch (IOException e) {
      throw WeftException.invalidArgument("shuffle directory " + dir + " of " + applicationId
          + " cannot be resolved on this node: " + e.getMessage());
    }
    if (!real.startsWith(appReal) || real.equals(appReal) || !Files.isDirectory(real)) {
      throw WeftException.permissionDenied("shuffle directory " + dir + (real.equals(dir) ? "" : " (" + real + ")")
          + " is not a directory under " + app.dir + ", the directory of " + applicationId + " on this node");
    }
    return real;
  }
}
