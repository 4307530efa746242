package io.weft.am.driver;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs {@code mainClass} from the user's jar in a thread named {@code Driver}, with a class loader
 * of its own (a child of the system loader, which holds Weft), set as the thread's context loader.
 */
public final class UserMainRunner {
  private static final Logger LOG = LogManager.getLogger();
  public static final String THREAD_NAME = "Driver";
  private static final int STACK_LINES = 8;

  private UserMainRunner() {}

  /** Starts the Driver thread; the future completes when main returns or throws. */
  public static CompletableFuture<DriverOutcome> start(Path jar, String jarName, String mainClass, List<String> args) {
    return start(jar, jarName, mainClass, args, List.of());
  }

  /** As above, with {@code extraJars} (the application's {@code --jars}) on the user class path too. */
  public static CompletableFuture<DriverOutcome> start(Path jar, String jarName, String mainClass, List<String> args,
      List<Path> extraJars) {
    CompletableFuture<DriverOutcome> outcome = new CompletableFuture<>();
    Thread driver = new Thread(() -> {
      try {
        outcome.complete(run(jar, jarName, mainClass, args, extraJars));
      } catch (Throwable t) { // e.g. ExceptionInInitializerError of the main class
        outcome.complete(new DriverOutcome.Failed("User class threw exception: " + t + "\n" + stackHead(t)));
      }
    }, THREAD_NAME);
    // the AM decides when the process ends (it exits after unregistering), not a lingering user thread
    driver.setDaemon(true);
    driver.start();
    return outcome;
  }

  private static DriverOutcome run(Path jar, String jarName, String mainClass, List<String> args,
      List<Path> extraJars) {
    if (!Files.isRegularFile(jar)) {
      return new DriverOutcome.Failed("user jar " + jarName + " is not in the AM's working directory (" + jar + ")");
    }
    List<URL> urls = new java.util.ArrayList<>();
    for (Path path : java.util.stream.Stream.concat(java.util.stream.Stream.of(jar), extraJars.stream()).toList()) {
      try {
        urls.add(path.toUri().toURL());
      } catch (java.net.MalformedURLException e) {
        return new DriverOutcome.Failed("bad jar path " + path + ": " + e.getMessage());
      }
    }
    try (URLClassLoader loader = new URLClassLoader("weft-user-app", urls.toArray(URL[]::new),
        ClassLoader.getSystemClassLoader())) {
      Thread.currentThread().setContextClassLoader(loader);
      Class<?> main;
      try {
        main = Class.forName(mainClass, true, loader);
      } catch (ClassNotFoundException | NoClassDefFoundError e) {
        return new DriverOutcome.Failed("main class " + mainClass + " not found in " + jarName);
      }
      Method method;
      try {
        method = main.getMethod("main", String[].class);
      } catch (NoSuchMethodException e) {
        method = null;
      }
      if (method == null || !Modifier.isStatic(method.getModifiers())) {
        return new DriverOutcome.Failed("main class " + mainClass + " in " + jarName
            + " has no public static void main(String[])");
      }
      LOG.info("running {}.main({}) from {}", mainClass, args, jarName);
      method.invoke(null, (Object) args.toArray(String[]::new));
      LOG.info("{}.main returned", mainClass);
      return new DriverOutcome.Succeeded();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      LOG.error("user class {} threw an exception", mainClass, cause);
      return new DriverOutcome.Failed("User class threw exception: " + cause + "\n" + stackHead(cause));
    } catch (IllegalAccessException | MalformedURLException e) {
      return new DriverOutcome.Failed("cannot run " + mainClass + " from " + jarName + ": " + e);
    } catch (IOException e) {
      LOG.warn("cannot close the user class loader: {}", e.toString());
      return new DriverOutcome.Succeeded();
    }
  }

  private static String stackHead(Throwable t) {
    return Arrays.stream(t.getStackTrace()).limit(STACK_LINES).map(f -> "\tat " + f)
        .collect(Collectors.joining("\n"));
  }
}
