package io.weft.driver.rpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The jars and files the driver ships to executors (FetchFile), added at start
 * ({@code weft.jars}/{@code weft.files}) or later ({@code WeftContext.addJar/addFile}). A plain path
 * is served under its file name and fetched by each executor into its working directory;
 * {@code local:/path} is already on every node and only its path travels. Thread-safe.
 */
public final class FileServer {
  public static final String LOCAL_PREFIX = "local:";

  private final List<String> jars = new ArrayList<>();
  private final List<String> files = new ArrayList<>();
  private final Map<String, Path> served = new LinkedHashMap<>();

  /** Adds every entry of two comma-separated lists; fails naming the key and the path that is missing. */
  public static FileServer of(String jarList, String fileList) {
    FileServer server = new FileServer();
    split(jarList).forEach(entry -> server.add(entry, true, "weft.jars"));
    split(fileList).forEach(entry -> server.add(entry, false, "weft.files"));
    return server;
  }

  private static List<String> split(String list) {
    return java.util.Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public void addJar(String entry) {
    add(entry, true, "jar");
  }

  public void addFile(String entry) {
    add(entry, false, "file");
  }

  private synchronized void add(String entry, boolean jar, String what) {
    List<String> names = jar ? jars : files;
    if (entry.startsWith(LOCAL_PREFIX)) {
      if (!names.contains(entry)) {
        names.add(entry);
      }
      return;
    }
    Path path = Path.of(entry).toAbsolutePath();
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException(what + " " + path + " does not exist or is not readable");
    }
    String name = path.getFileName().toString();
    Path previous = served.putIfAbsent(name, path);
    if (previous != null && !previous.equals(path)) {
      throw new IllegalArgumentException(what + " " + path + " has the same file name as " + previous
          + "; executors would get only one of them");
    }
    if (!names.contains(name)) {
      names.add(name);
    }
  }

  public synchronized List<String> jars() {
    return List.copyOf(jars);
  }

  public synchronized List<String> files() {
    return List.copyOf(files);
  }

  /** The file served as {@code name}, if any. */
  public synchronized Optional<Path> path(String name) {
    return Optional.ofNullable(served.get(name));
  }

  public synchronized List<String> servedNames() {
    return List.copyOf(served.keySet());
  }
}
