package io.weft.common.launch.warm;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes a warm JVM's idea of its working directory follow the rename of the directory. The kernel's
 * working directory already follows (relative paths resolve there), but the JVM caches the absolute path
 * it started in: {@code user.dir}, which {@code File.getAbsolutePath} and {@code Path.toAbsolutePath}
 * resolve against. The caches are private to the JDK; the warm JVM is started with the two
 * {@code --add-opens} of {@link #JVM_OPTIONS} to update them. Without them (or on a JDK whose fields
 * differ) only {@code user.dir} changes, and Weft code uses {@code ContainerEnvironment.workingDirectory()}.
 */
final class WorkingDirectory {
  /** The options a warm JVM needs for {@link #follow}; the NodeManager puts them on its command line. */
  static final List<String> JVM_OPTIONS = List.of(
      "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED");

  private WorkingDirectory() {}

  static void follow(Path dir) {
    String absolute = dir.toString();
    System.setProperty("user.dir", absolute);
    try {
      Field fs = java.io.File.class.getDeclaredField("fs");
      fs.setAccessible(true);
      Object ioFileSystem = fs.get(null);
      set(ioFileSystem, "userDir", absolute);
      set(FileSystems.getDefault(), "defaultDirectory", absolute.getBytes(StandardCharsets.UTF_8));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not opened to us: the documented fallback above.
    }
  }

  private static void set(Object target, String name, Object value) throws ReflectiveOperationException {
    Class<?> type = target.getClass();
    while (type != null) {
      try {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
        return;
      } catch (NoSuchFieldException e) {
        type = type.getSuperclass();
      }
    }
    throw new NoSuchFieldException(name);
  }
}
