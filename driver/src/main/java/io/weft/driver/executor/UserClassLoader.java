package io.weft.driver.executor;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/** The user's classes on an executor: the application jar, plus jars shipped at registration. */
final class UserClassLoader extends URLClassLoader {
  UserClassLoader(URL[] urls) {
    super("weft-user", urls, ClassLoader.getSystemClassLoader());
  }

  void addJar(Path jar) {
    try {
      addURL(jar.toUri().toURL());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("bad jar path " + jar, e);
    }
  }
}
