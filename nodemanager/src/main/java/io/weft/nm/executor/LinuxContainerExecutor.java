package io.weft.nm.executor;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.ConfigException;
import io.weft.common.id.ContainerId;
import io.weft.nm.NmKeys;
import io.weft.nm.launch.ContainerDirs;
import io.weft.nm.launch.LaunchScript;
import io.weft.nm.launch.ProcessGroups;
import io.weft.nm.localize.FileCopier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs each container as its application's submitting user (YARN's LinuxContainerExecutor, without a
 * setuid binary: the NodeManager is root). The user must exist and pass the {@link ContainerUserPolicy}.
 * The dirs above a container ({@code usercache/<user>}, its {@code appcache}, the application's dir, the
 * application's log dir) belong to root with the user's group, mode 0750: the user can enter them,
 * nobody else can, and the user cannot swap them for links the root NodeManager would follow. The
 * container's work and log dirs are made by root (0700), filled (localized files, launch script),
 * and only then, by the root wrapper that starts the container, joined to its cgroups and handed to
 * the user; the wrapper then {@code exec}s {@code setpriv} (or {@code runuser}) into the launch script
 * as the user with the user's groups, so pid = process group as with the default executor.
 */
public final class LinuxContainerExecutor implements ContainerExecutor {
  private static final Logger LOG = LogManager.getLogger();
  private static final Set<PosixFilePermission> USER_AND_GROUP_MAY_ENTER = PosixFilePermissions.fromString("rwxr-x---");
  private static final Set<PosixFilePermission> ONLY_OWNER = PosixFilePermissions.fromString("rwx------");
  private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
  /** Locale and zone only: the NodeManager's own HOME, TMPDIR and the like are root's, not the container's. */
  private static final List<String> INHERITED_ENV = List.of("LANG", "LC_ALL", "TZ");

  /** How the wrapper becomes the container's user. */
  public enum SwitchUser {
    /** util-linux {@code setpriv --reuid --regid --init-groups}: no PAM session, nothing but the ids changes. */
    SETPRIV,
    /** util-linux {@code runuser -u}: the fallback where setpriv is missing; goes through PAM. */
    RUNUSER;

    List<String> as(LocalUser user, List<String> command) {
      List<String> argv = new ArrayList<>(switch (this) {
        case SETPRIV -> List.of("setpriv", "--reuid=" + user.uid(), "--regid=" + user.gid(), "--init-groups", "--");
        case RUNUSER -> List.of("runuser", "-u", user.name(), "--");
      });
      argv.addAll(command);
      return argv;
    }
  }

  private final ContainerUserPolicy policy;
  private final SwitchUser switchUser;
  private final LocalUsers users = new LocalUsers(Clock.systemUTC());

  LinuxContainerExecutor(ContainerUserPolicy policy, SwitchUser switchUser) {
    this.policy = requireNonNull(policy);
    this.switchUser = requireNonNull(switchUser);
  }

  /**
   * The executor of a NodeManager that runs as root (else a ConfigException naming the key and the
   * NodeManager's user) with setpriv or runuser on its PATH, and whose local and log dirs every user
   * can reach (else the containers could not enter their dirs).
   */
  public static LinuxContainerExecutor open(ContainerUserPolicy policy, List<Path> nodeDirs) throws IOException {
    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    requireRoot(uid, System.getProperty("user.name"));
    SwitchUser switchUser = onPath("setpriv") ? SwitchUser.SETPRIV : onPath("runuser") ? SwitchUser.RUNUSER : null;
    if (switchUser == null) {
      throw new ConfigException(NmKeys.CONTAINER_EXECUTOR.key() + "=linux needs setpriv or runuser (util-linux) "
          + "on the PATH of the NodeManager; neither is in " + System.getenv("PATH"));
    }
    for (Path dir : nodeDirs) {
      requireReachableByAll(dir);
    }
    requireProtectedHardlinks(Path.of("/proc/sys/fs/protected_hardlinks"));
    LOG.info("containers run as their users (switching with {}; min uid {}, banned {}, allowed system users {})",
        switchUser.name().toLowerCase(java.util.Locale.ROOT), policy.minUserId(), policy.bannedUsers(),
        policy.allowedSystemUsers());
    return new LinuxContainerExecutor(policy, switchUser);
  }

  static void requireRoot(int uid, String user) {
    if (uid != 0) {
      throw new ConfigException(NmKeys.CONTAINER_EXECUTOR.key() + "=linux needs the NodeManager to run as root "
          + "(to start containers as their users), but it runs as user '" + user + "' (uid " + uid + "); run it "
          + "as root or set " + NmKeys.CONTAINER_EXECUTOR.key() + "=default");
    }
  }

  /** Every dir from / down to {@code dir} must let others pass (o+x), or no container user reaches its dir. */
  private static void requireReachableByAll(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
      if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new ConfigException(NmKeys.CONTAINER_EXECUTOR.key() + "=linux: containers of other users cannot reach "
            + dir + " because " + p + " has mode " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
            + " (others need x on every dir above the NodeManager's local and log dirs)");
      }
    }
  }

  /**
   * Without the kernel's hard-link protection a user could link a file only root may read into their
   * log dir, and the root NodeManager would serve it as a log.
   */
  static void requireProtectedHardlinks(Path sysctl) throws IOException {
    if (Files.exists(sysctl) && Files.readString(sysctl).trim().equals("0")) {
      throw new ConfigException(NmKeys.CONTAINER_EXECUTOR.key() + "=linux needs fs.protected_hardlinks=1 (" + sysctl
          + " is 0): users could hard-link files they cannot read into their log dirs, which the root NodeManager "
          + "serves; set it with sysctl -w fs.protected_hardlinks=1");
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", DEFAULT_PATH);
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  public SwitchUser switchUser() {
    return switchUser;
  }

  @Override
  public void admit(ContainerId id, String user) {
    policy.admit(id, user, users.lookup(user));
  }

  @Override
  public void createDirs(String userName, ContainerDirs dirs) throws IOException {
    LocalUser user = account(userName);
    Path app = dirs.workDir().getParent();
    Path appCache = app.getParent();
    Path userCache = appCache.getParent();
    Files.createDirectories(userCache.getParent());
    for (Path dir : List.of(userCache, appCache, app, dirs.logDir().getParent())) {
      enterableByUser(dir, user);
    }
    createEmpty(dirs.workDir());
    createEmpty(dirs.logDir());
  }

  /** {@code dir}, made if missing, a real directory owned by root with the user's group, mode 0750. */
  private static void enterableByUser(Path dir, LocalUser user) throws IOException {
    Files.createDirectories(dir.getParent());
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException alreadyThere) {
      // Another container of the same application made it.
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(dir + " is not a directory; refusing to use it for user '" + user.name() + "'");
    }
    Files.setAttribute(dir, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(dir, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
    Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setPermissions(USER_AND_GROUP_MAY_ENTER);
  }

  /** A new dir, root's only until the wrapper hands it over: nothing anyone put there before can be in it. */
  private static void createEmpty(Path dir) throws IOException {
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(ONLY_OWNER));
    } catch (FileAlreadyExistsException e) {
      throw new IOException(dir + " already exists; a container's dir must be new", e);
    }
  }

  /**
   * The container dirs' contents belong to the user, whose processes could still be swapping a dir for a
   * link while root walks it (the race of a root {@code rm -rf} in another user's tree): the user deletes
   * them, with the user's rights. Root then removes only what it owns, one empty dir at a time; a dir
   * the user filled again meanwhile stays, with a warning.
   */
  @Override
  public void deleteAppDir(String userName, Path appDir) throws IOException {
    List<Path> containerDirs;
    try (Stream<Path> list = Files.list(appDir)) {
      containerDirs = list.toList();
    }
    Optional<LocalUser> user = users.lookup(userName);
    for (Path dir : containerDirs) {
      if (user.isPresent() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        // Its own dir cannot go (the app dir is root's): rm reports that, and root removes the empty dir.
        runAsUser(user.get(), List.of("rm", "-rf", "--one-file-system", "--", dir.toString()));
      }
      Files.deleteIfExists(dir);
    }
    Files.deleteIfExists(appDir);
  }

  private void runAsUser(LocalUser user, List<String> command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(switchUser.as(user, command))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().keySet().retainAll(List.of("PATH"));
    try {
      builder.start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command + " as " + user.name());
    }
  }

  @Override
  public FileCopier fileCopier(String userName) {
    return (source, target) -> {
      LocalUser user = account(userName);
      ProcessBuilder cat = new ProcessBuilder(switchUser.as(user, List.of("cat", "--", source.toString())))
          .redirectOutput(target.toFile());
      cat.environment().keySet().retainAll(List.of("PATH"));
      Process process = cat.start();
      String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      try {
        if (process.waitFor() != 0) {
          Files.deleteIfExists(target);
          throw new IOException("user '" + userName + "' cannot read " + source + ": " + errors);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while copying " + source);
      }
    };
  }

  @Override
  public Process launch(String userName, ContainerDirs dirs, Map<String, String> env, List<String> command,
      List<Path> cgroupProcs) throws IOException {
    LocalUser user = account(userName);
    // The dirs are still root's (0700), so the script is written where nobody else can meddle.
    LaunchScript.write(dirs.workDir(), env, command);
    String owner = user.uid() + ":" + user.gid();
    String wrapper = LaunchScript.joinCgroups(cgroupProcs)
        + "chown -R --no-dereference " + owner + " " + LaunchScript.quote(dirs.workDir().toString()) + " "
        + LaunchScript.quote(dirs.logDir().toString()) + " || exit 1\n"
        + "exec " + switchUser.as(user, List.of("bash", LaunchScript.FILE_NAME)).stream().map(LaunchScript::quote)
            .collect(Collectors.joining(" ")) + "\n";
    return ProcessGroups.start(List.of("bash", "-c", wrapper), dirs, environmentFor(user, dirs));
  }

  private static Map<String, String> environmentFor(LocalUser user, ContainerDirs dirs) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", DEFAULT_PATH));
    for (String name : INHERITED_ENV) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.put("HOME", (Files.isDirectory(user.home()) ? user.home() : dirs.workDir()).toString());
    env.put("USER", user.name());
    env.put("LOGNAME", user.name());
    return env;
  }

  private LocalUser account(String user) throws IOException {
    return users.lookup(user).orElseThrow(() -> new IOException("no user '" + user + "' exists on this host"));
  }
}
