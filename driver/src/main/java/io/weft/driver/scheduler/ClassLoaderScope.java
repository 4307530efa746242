package io.weft.driver.scheduler;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The class loader an executor deserializes and runs a task with: the application's shared user loader
 * ({@link #SHARED}), or a loader of one scope only, made over {@code jars} when the scope's first task
 * arrives and closed when the driver releases the scope. A job server runs each isolated job in a scope
 * of its own, so two jobs may ship classes of the same name with different code.
 *
 * @param id empty for the shared loader; else a plain name unique within the application
 * @param jars what the executor fetches for the scope: names served by the driver, or {@code local:/path}
 */
public record ClassLoaderScope(String id, List<String> jars) {
  public static final ClassLoaderScope SHARED = new ClassLoaderScope("", List.of());

  public ClassLoaderScope {
    requireNonNull(id, "id");
    jars = List.copyOf(jars);
    if (id.isEmpty() && !jars.isEmpty()) {
      throw new IllegalArgumentException("the shared class loader takes no scope jars; got " + jars);
    }
    if (!id.matches("[A-Za-z0-9._-]*") || id.equals(".") || id.equals("..")) {
      throw new IllegalArgumentException("class-loader scope id '" + id + "' must be a plain name of letters, digits,"
          + " '.', '_' and '-'");
    }
  }

  public boolean isShared() {
    return id.isEmpty();
  }
}
