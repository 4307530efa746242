package io.weft.driver.executor;

import static java.util.Objects.requireNonNull;

import io.weft.driver.scheduler.ClassLoaderScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * An executor's class loaders of {@link ClassLoaderScope}s: one per scope, a child of the shared user loader
 * over the scope's jars (fetched into a directory of the scope's own), so classes of two scopes never meet.
 * A loader is closed, and its jars deleted, when the driver releases its scope; at most {@code maxScopes} are
 * kept, so an executor that missed a release (it was busy reconnecting) drops the least recently used.
 */
public final class ScopedClassLoaders implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();
  private static final String LOCAL_PREFIX = "local:";

  /** Gets a jar the driver serves under {@code name} into {@code into}. */
  public interface JarFetcher {
    void fetch(String name, Path into) throws IOException;
  }

  private record Scoped(URLClassLoader loader, Path dir) {}

  private final ClassLoader shared;
  private final Path scopesDir;
  private final int maxScopes;
  /** Access order: the first entry is the least recently used. */
  private final Map<String, Scoped> scopes = new LinkedHashMap<>(16, 0.75f, true);

  public ScopedClassLoaders(ClassLoader shared, Path scopesDir, int maxScopes) {
    this.shared = requireNonNull(shared);
    this.scopesDir = requireNonNull(scopesDir);
    if (maxScopes < 1) {
      throw new IllegalArgumentException("at least one class-loader scope must be kept, got " + maxScopes);
    }
    this.maxScopes = maxScopes;
  }

  /** The shared loader for the shared scope; else the scope's loader, made (and its jars fetched) on first use. */
  public synchronized ClassLoader loaderFor(ClassLoaderScope scope, JarFetcher fetcher) throws IOException {
    if (scope.isShared()) {
      return shared;
    }
    Scoped existing = scopes.get(scope.id());
    if (existing != null) {
      return existing.loader();
    }
    Path dir = scopesDir.resolve(scope.id());
    List<URL> urls = new ArrayList<>();
    for (String jar : scope.jars()) {
      urls.add(jarPath(jar, dir, fetcher).toUri().toURL());
    }
    URLClassLoader loader = new URLClassLoader("weft-scope-" + scope.id(), urls.toArray(URL[]::new), shared);
    scopes.put(scope.id(), new Scoped(loader, dir));
    LOG.info("class-loader scope {} opened over {}", scope.id(), scope.jars());
    while (scopes.size() > maxScopes) {
      Iterator<Map.Entry<String, Scoped>> eldest = scopes.entrySet().iterator();
      Map.Entry<String, Scoped> entry = eldest.next();
      eldest.remove();
      LOG.warn("class-loader scope {} closed unreleased: more than {} scopes are open", entry.getKey(), maxScopes);
      close(entry.getValue());
    }
    return loader;
  }

  private static Path jarPath(String entry, Path dir, JarFetcher fetcher) throws IOException {
    if (entry.startsWith(LOCAL_PREFIX)) {
      return Path.of(entry.substring(LOCAL_PREFIX.length()));
    }
    if (entry.contains("/") || entry.contains("\\") || entry.equals("..") || entry.equals(".") || entry.isBlank()) {
      throw new IOException("refusing to fetch scope jar '" + entry + "' outside " + dir);
    }
    Path into = Files.createDirectories(dir).resolve(entry);
    fetcher.fetch(entry, into);
    return into;
  }

  /** Closes the scope's loader and deletes its jars; a scope not open here is nothing to do. */
  public synchronized void release(String scopeId) {
    Scoped scoped = scopes.remove(scopeId);
    if (scoped != null) {
      close(scoped);
      LOG.info("class-loader scope {} released", scopeId);
    }
  }

  public synchronized int openScopes() {
    return scopes.size();
  }

  private static void close(Scoped scoped) {
    try {
      scoped.loader().close();
    } catch (IOException e) {
      LOG.warn("cannot close the class loader {}: {}", scoped.loader().getName(), e.toString());
    }
    if (Files.isDirectory(scoped.dir())) {
      try (Stream<Path> files = Files.walk(scoped.dir())) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        LOG.debug("cannot delete {}: {}", scoped.dir(), e.toString());
      }
    }
  }

  @Override
  public synchronized void close() {
    scopes.values().forEach(ScopedClassLoaders::close);
    scopes.clear();
  }
}
