package io.weft.common.launch.warm;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts a user's jars on a claimed warm JVM's class path, for a command that gives them before Weft's class path
 * (a user's AM). The JVM started with Weft's class path and has loaded Weft's classes, so the jars go after
 * it: to the application class loader, as {@code Instrumentation.appendToSystemClassLoaderSearch} adds them,
 * where {@code Class.forName}, {@code ServiceLoader} and {@code ClassLoader.getSystemClassLoader()} find them
 * as in a cold JVM. The NodeManager claims a warm JVM only for jars that hold nothing Weft's class path has with
 * other content, so the order changes nothing. The loader's method is private to the JDK; the warm JVM is
 * started with {@link #JVM_OPTION} to call it.
 */
final class UserClassPath {
  /** The option a warm JVM needs for {@link #append}; the NodeManager puts it on its command line. */
  static final String JVM_OPTION = "--add-opens=java.base/jdk.internal.loader=ALL-UNNAMED";

  private UserClassPath() {}

  /**
   * Appends {@code jars} (relative ones resolved against {@code workingDirectory}) and puts them before the
   * rest in {@code java.class.path}, as the cold command's {@code -cp} has them. Throws naming the cause when
   * the JDK does not let it.
   */
  static void append(List<String> jars, Path workingDirectory) {
    if (jars.isEmpty()) {
      return;
    }
    ClassLoader application = ClassLoader.getSystemClassLoader();
    try {
      Method append = application.getClass().getDeclaredMethod("appendToClassPathForInstrumentation", String.class);
      append.setAccessible(true);
      for (String jar : jars) {
        append.invoke(application, workingDirectory.resolve(jar).toString());
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new IllegalStateException("cannot add " + jars + " to the class path of this warm JVM (" + cause
          + "); weft.nodemanager.warm-jvms.enabled=false starts such containers cold", cause);
    }
    System.setProperty("java.class.path", String.join(File.pathSeparator, jars) + File.pathSeparator
        + System.getProperty("java.class.path"));
  }
}
