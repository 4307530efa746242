package io.weft.common.launch.warm;

import io.weft.common.launch.ContainerEnvironment;
import io.weft.common.launch.LaunchCpu;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The main of a warm JVM: a JVM the NodeManager starts ahead of need, with a container's heap size and
 * Weft's class path, in its own process group and empty working directory. It loads the classes Weft's
 * containers need (initializing only those {@link #initializedEarly} allows), builds two JDK caches
 * ({@link #buildJdkCaches}), makes gRPC calls to itself ({@link RpcWarmUp}, and over TLS {@link TlsWarmUp} on a
 * node whose containers speak it), pausing between steps while the
 * NodeManager holds it ({@link WarmUpHold}), then waits on its claim
 * channel, a FIFO in its working directory. When a container claims it, the NodeManager has renamed
 * the directory to the container's working directory (the process's working directory follows) and
 * moved its stdout and stderr into the container's log directory; it then writes a {@link WarmClaim}.
 * This JVM sets the claim's system properties, installs its environment into {@link ContainerEnvironment}
 * and runs its main as the {@code java} launcher would: on the {@code main} thread, exit 0 when main returns and
 * every non-daemon thread has ended, 1 with the stack trace on stderr for an uncaught exception,
 * whatever code {@code System.exit} gives. It never serves a second container.
 *
 * <p>Idle, it exits when the NodeManager whose pid it was given exits, so a crashed NodeManager leaves
 * no idle JVM behind for long; once claimed it no longer watches.
 */
public final class WarmJvm {
  /** The claim channel: a FIFO the launch script makes before starting this JVM. */
  public static final String CLAIM_CHANNEL = ".warm-claim";
  /** Created once this JVM has loaded its classes and opened its channel: only then may it be claimed. */
  public static final String READY_FILE = ".warm-ready";
  /** Created by the NodeManager to hold this JVM's warm-up while containers start ({@link WarmUpHold}). */
  public static final String HOLD_FILE = ".warm-hold";
  /** Created by this JVM while its warm-up is held. */
  public static final String HELD_FILE = ".warm-held";
  /** JVM options a warm JVM is started with, besides the node's (see {@link WorkingDirectory}, {@link UserClassPath}). */
  public static final List<String> JVM_OPTIONS = Stream.concat(WorkingDirectory.JVM_OPTIONS.stream(),
      Stream.of(UserClassPath.JVM_OPTION)).toList();
  private static volatile boolean claimed;

  private WarmJvm() {}

  /** The last argument when the node's containers will speak TLS: the warm-up makes TLS calls too ({@link TlsWarmUp}). */
  public static final String TLS = "--tls";

  /**
   * {@code args}: the NodeManager's pid, then optionally the class-path resource listing the classes to load
   * ahead, in {@code -XX:DumpLoadedClassList}'s format (the NodeManager's list of what Weft's JVMs load), then
   * optionally {@value #TLS}.
   */
  public static void main(String[] args) throws Throwable {
    boolean tls = args.length > 1 && args[args.length - 1].equals(TLS);
    int positional = tls ? args.length - 1 : args.length;
    if (positional < 1 || positional > 2) {
      System.err.println("usage: WarmJvm <NodeManager pid> [<class list resource>] [" + TLS + "]");
      System.exit(2);
    }
    exitWithIdleNodeManager(Long.parseLong(args[0]));
    if (positional == 2) {
      preload(args[1]);
    }
    WarmUpHold.awaitRelease();
    EarlyLogging.start();
    buildJdkCaches();
    WarmUpHold.awaitRelease();
    RpcWarmUp.run();
    WarmUpHold.awaitRelease();
    if (tls) {
      TlsWarmUp.run(Path.of(System.getProperty("java.io.tmpdir")));
      WarmUpHold.awaitRelease();
    }
    WarmClaim claim;
    // Opened read-write: this never blocks for a writer and never sees end-of-file between writers.
    // Relative paths: the working directory is renamed under this JVM, and the kernel follows it.
    try (RandomAccessFile channel = new RandomAccessFile(CLAIM_CHANNEL, "rw")) {
      Files.createFile(Path.of(READY_FILE));
      claim = WarmClaim.readFrom(new FileInputStream(channel.getFD()));
      claimed = true;
    }
    Files.deleteIfExists(Path.of(READY_FILE));
    Files.deleteIfExists(Path.of(CLAIM_CHANNEL));
    run(claim);
  }

  private static void exitWithIdleNodeManager(long nodeManagerPid) {
    ProcessHandle.of(nodeManagerPid).ifPresentOrElse(nm -> nm.onExit().thenRun(() -> {
      if (!claimed) {
        Runtime.getRuntime().halt(0);
      }
    }), () -> Runtime.getRuntime().halt(0));
  }

  /** Classes preloaded between two looks for a hold: some tens of ms of CPU. */
  private static final int HOLD_CHECK_EVERY = 100;

  /** Loads and links, initializing only gRPC's and protobuf's classes ({@link #initializedEarly}). */
  private static void preload(String classListResource) {
    ClassLoader loader = ClassLoader.getSystemClassLoader();
    InputStream list = loader.getResourceAsStream(classListResource);
    if (list == null) {
      return;
    }
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
      String line;
      for (int n = 1; (line = lines.readLine()) != null; n++) {
        if (n % HOLD_CHECK_EVERY == 0) {
          WarmUpHold.awaitRelease();
        }
        String[] fields = line.trim().split("\\s+", 2);
        // "a/b/C id: 1 ..." lines name classes; '#' starts a comment, '@' a line about lambda forms and the like.
        if (fields[0].isEmpty() || fields[0].startsWith("#") || fields[0].startsWith("@")) {
          continue;
        }
        String name = fields[0].replace('/', '.');
        try {
          // Asking for its constructors links (verifies) the class: the part of a class's first use a cold JVM
          // pays for that loading alone does not. Only the libraries of EARLY_INITIALIZED are initialized too.
          Class.forName(name, initializedEarly(name), loader).getDeclaredConstructors();
        } catch (ClassNotFoundException | LinkageError e) {
          // A list a build behind the code: a class that moved is simply loaded later, when needed.
        }
      }
    } catch (IOException e) {
      // Preloading only saves time; the container loads what it needs itself.
    }
  }

  /**
   * Whether {@code className}'s static initializer may run before the claim: gRPC (its shaded Netty included),
   * protobuf and Weft's generated messages, whose initializers read nothing a container sets (the NodeManager
   * starts a command with {@code -Dio.grpc.*} or {@code -Dio.netty.*} cold) and start no thread. They are most
   * of what a Weft container's first calls would otherwise initialize (measured: a warm AM registered 305
   * instead of 582 ms after submission, four executors 1.4 instead of 2.4 s), and Jackson, whose initializers read
   * no property or environment either. Weft's own classes initialize in the container as in a cold JVM; log4j is
   * configured before the claim by {@link EarlyLogging}, not here.
   */
  static boolean initializedEarly(String className) {
    return EARLY_INITIALIZED.stream().anyMatch(className::startsWith);
  }

  private static final List<String> EARLY_INITIALIZED = List.of("io.grpc.", "com.google.protobuf.",
      "io.weft.proto.", "com.fasterxml.jackson.");

  /**
   * Builds two caches of the JDK that a container would otherwise build in its own time: the list of
   * every available locale and the platform MBean server. Jetty's first server asks for both (its MIME
   * table for the locales, its thread pool's cache-line probe for the MBean server); measured with JFR
   * on warm-claimed cluster-mode AMs, they were 46 % of the AM's main-thread CPU before it registered.
   * Both depend only on what the JVM was started with ({@code java.locale.providers}, {@code javax.management.*}
   * and {@code jmx.*}, which make a command cold) and the class path, which is the container's.
   */
  private static void buildJdkCaches() {
    Locale.getAvailableLocales();
    ManagementFactory.getPlatformMBeanServer();
  }

  private static void run(WarmClaim claim) throws Throwable {
    LaunchCpu.claimed();
    claim.systemProperties().forEach(System::setProperty);
    EarlyLogging.claimed(claim.systemProperties());
    ContainerEnvironment.installHandedOver(claim.environment());
    WorkingDirectory.follow(ContainerEnvironment.workingDirectory());
    try {
      UserClassPath.append(claim.userClassPath(), ContainerEnvironment.workingDirectory());
    } catch (IllegalStateException e) {
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
      return;
    }
    Method main;
    try {
      Class<?> mainClass = Class.forName(claim.mainClass(), false, ClassLoader.getSystemClassLoader());
      main = mainClass.getMethod("main", String[].class);
      if (!Modifier.isStatic(main.getModifiers())) {
        throw new NoSuchMethodException(claim.mainClass() + ".main(String[]) is not static");
      }
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      // As the java launcher words it.
      System.err.println("Error: Could not find or load main class " + claim.mainClass());
      System.err.println("Caused by: " + e);
      System.exit(1);
      return;
    }
    try {
      main.invoke(null, (Object) claim.args().toArray(new String[0]));
    } catch (InvocationTargetException e) {
      // Rethrown from main: the main thread's uncaught-exception handling prints it and the JVM exits 1.
      throw e.getCause();
    }
  }
}
