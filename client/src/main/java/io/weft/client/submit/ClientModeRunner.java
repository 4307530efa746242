package io.weft.client.submit;

import static java.util.Objects.requireNonNull;

import io.weft.common.launch.JvmContainer;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.driver.DriverKeys;
import io.weft.driver.WeftConf;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code weft submit --deploy-mode client}: runs the user's main in this JVM, in the user jar's own
 * class loader, as the driver. The settings reach the user's {@code new WeftConf()} as {@code weft.*}
 * system properties (restored afterwards); the jar itself is shipped to executors by the driver.
 * Exit code: 0 when main returns, 1 when it throws (e.g. a failed job).
 */
public final class ClientModeRunner {
  private final PrintStream out;
  private final PrintStream err;

  public ClientModeRunner(PrintStream out, PrintStream err) {
    this.out = requireNonNull(out);
    this.err = requireNonNull(err);
  }

  /** {@code masterUrl}: {@code weft://host:port} (client mode) or {@code local[N]} (no cluster at all). */
  public int run(SubmitOptions options, String masterUrl, String jars, String files) {
    if (!Files.isRegularFile(options.jar()) || !Files.isReadable(options.jar())) {
      throw WeftException.invalidArgument("application jar " + options.jar() + " does not exist or is not readable");
    }
    Map<String, String> settings = settings(options, masterUrl, jars, files);
    boolean local = masterUrl.startsWith("local");
    Resource executor = JvmContainer.resourceFor(options.executorMemoryMb(), options.executorCores());
    long amHeap = DriverKeys.AM_MEMORY.parse(settings.getOrDefault(DriverKeys.AM_MEMORY.key(),
        DriverKeys.AM_MEMORY.defaultText()));
    Resource am = JvmContainer.resourceFor(amHeap, 1);
    if (local) {
      out.println("Running driver and executors in this JVM (" + masterUrl + ")");
    } else {
      out.printf("Running the driver in this JVM (client mode); requesting %d executor container(s) of %d MB"
            + " (%d MB + %d MB overhead), %d vcore(s); ExecutorLauncher AM container of %d MB (%d MB + %d MB overhead)%n",
        options.numExecutors(), executor.memoryMb(), options.executorMemoryMb(),
        executor.memoryMb() - options.executorMemoryMb(), executor.vcores(), am.memoryMb(), amHeap,
        am.memoryMb() - amHeap);
    }
    Map<String, String> previous = new LinkedHashMap<>();
    settings.forEach((k, v) -> previous.put(k, System.getProperty(k)));
    settings.forEach(System::setProperty);
    try (URLClassLoader loader = new URLClassLoader("weft-user", userClassPath(options),
        ClientModeRunner.class.getClassLoader())) {
      Throwable failure = runMain(loader, options);
      if (failure != null) {
        err.println("Driver main " + options.mainClass() + " failed: " + failure);
        return 1;
      }
      return 0;
    } catch (MalformedURLException e) {
      throw WeftException.invalidArgument("bad jar path " + options.jar());
    } catch (java.io.IOException e) {
      return 0; // closing the class loader failed after main ended; nothing to report
    } finally {
      previous.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }

  /**
   * The application jar, then {@code --driver-class-path}: the driver already runs in this JVM, so
   * the extra entries join the class loader of the application rather than the JVM's class path.
   */
  private static URL[] userClassPath(SubmitOptions options) throws MalformedURLException {
    java.util.List<URL> urls = new java.util.ArrayList<>();
    urls.add(options.jar().toUri().toURL());
    for (java.nio.file.Path entry : ClassPathEntries.expand(options.driverClassPath())) {
      urls.add(entry.toUri().toURL());
    }
    return urls.toArray(URL[]::new);
  }

  private static Map<String, String> settings(SubmitOptions options, String masterUrl, String jars, String files) {
    Map<String, String> settings = new LinkedHashMap<>();
    options.conf().forEach((k, v) -> {
      if (!k.startsWith("weft.")) {
        throw WeftException.invalidArgument("--conf " + k + ": Weft settings start with 'weft.'");
      }
      settings.put(k, v);
    });
    settings.put(WeftConf.MASTER, masterUrl);
    settings.put(WeftConf.DEPLOY_MODE, "client");
    settings.put(WeftConf.APP_NAME, options.name());
    settings.put(DriverKeys.QUEUE.key(), options.queue());
    // with dynamic allocation, a count the user gave raises its initial executors (as Spark's --num-executors);
    // submit's own default must not
    boolean dynamic = Boolean.parseBoolean(options.conf().getOrDefault(DriverKeys.DYNAMIC_ALLOCATION_ENABLED.key(),
        "false").trim());
    if (!dynamic || options.conf().containsKey(DriverKeys.EXECUTOR_INSTANCES.key())) {
      settings.put(DriverKeys.EXECUTOR_INSTANCES.key(), Integer.toString(options.numExecutors()));
    }
    settings.put(DriverKeys.EXECUTOR_MEMORY.key(), options.executorMemoryMb() + "m");
    settings.put(DriverKeys.EXECUTOR_CORES.key(), Integer.toString(options.executorCores()));
    String userJar = options.jar().toAbsolutePath().toString();
    settings.put(DriverKeys.JARS.key(), jars.isBlank() ? userJar : userJar + "," + jars);
    settings.put(DriverKeys.FILES.key(), files);
    return settings;
  }

  /** Runs main in a "driver" thread with the user's loader; returns what it threw, or null. */
  private static Throwable runMain(ClassLoader loader, SubmitOptions options) {
    Method main;
    try {
      main = Class.forName(options.mainClass(), false, loader).getMethod("main", String[].class);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      throw WeftException.invalidArgument("main class " + options.mainClass() + " with a main(String[]) method is"
          + " not in " + options.jar());
    }
    if (!Modifier.isStatic(main.getModifiers())) {
      throw WeftException.invalidArgument("main method of " + options.mainClass() + " is not static");
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread driver = new Thread(() -> {
      try {
        main.invoke(null, (Object) options.appArgs().toArray(String[]::new));
      } catch (InvocationTargetException e) {
        failure.set(e.getCause());
      } catch (IllegalAccessException | RuntimeException | Error e) {
        failure.set(e);
      }
    }, "driver");
    driver.setContextClassLoader(loader);
    driver.start();
    try {
      driver.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      driver.interrupt();
      return e;
    }
    return failure.get();
  }
}
