package io.weft.jobserver.server;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The server's shared classes on the driver: its own class path, plus the jars of non-isolated jobs, which stay
 * for every later job (as a jar added to a Spark context does). The context resolves task results through it.
 */
final class ServerClassLoader extends URLClassLoader {
  ServerClassLoader(ClassLoader parent) {
    super("weft-jobserver-shared", new URL[0], parent);
  }

  void addJar(Path jar) {
    try {
      addURL(jar.toUri().toURL());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad jar path " + jar, e);
    }
  }
}
