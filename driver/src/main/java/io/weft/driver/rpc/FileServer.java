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
  private final List<String> archives = new ArrayList<>();
  private final Map<String, Path> served = new LinkedHashMap<>();

  /** Adds every entry of two comma-separated lists; fails naming the key and the path that is missing. */
  public static FileServer of(String jarList, String fileList) {
    return of(jarList, fileList, "");
  }

  /** As above, plus {@code path[#alias]} archives that executors unpack into alias (default: the file name). */
  public static FileServer of(String jarList, String fileList, String archiveList) {
    FileServer server = new FileServer();
    split(jarList).forEach(entry -> server.add(entry, true, "weft.jars"));
    split(fileList).forEach(entry -> server.add(entry, false, "weft.files"));
    split(archiveList).forEach(server::addArchive);
    return server;
  }

  /**
   * Serves {@code path[#alias]} under its file name; executors fetch it and unpack it into a directory
   * alias of their working directory, listed as {@code name#alias}.
   */
  public synchronized void addArchive(String entry) {
    int hash = entry.indexOf('#');
    String pathText = hash < 0 ? entry : entry.substring(0, hash);
    if (pathText.startsWith(LOCAL_PREFIX)) {
      throw new IllegalArgumentException("weft.archives entry " + entry + ": local: archives are not supported");
    }
    Path path = Path.of(pathText).toAbsolutePath();
    String alias = hash < 0 ? path.getFileName().toString() : entry.substring(hash + 1);
    if (alias.isEmpty() || alias.contains("/") || alias.contains("#") || alias.equals(".") || alias.equals("..")) {
      throw new IllegalArgumentException("weft.archives entry " + entry + ": the alias must be a plain name");
    }
    add(path.toString(), "archive", archives, path.getFileName() + "#" + alias);
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
    add(entry, what, jar ? jars : files, null);
  }

  /** {@code listed}: what {@code names} lists for a served file, when not its name. */
  private void add(String entry, String what, List<String> names, String listed) {
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
    String listing = listed != null ? listed : name;
    if (!names.contains(listing)) {
      names.add(listing);
    }
  }

  /**
   * Serves {@code path} under {@code name} for FetchFile without listing it among the jars and files every
   * executor gets (a class-loader scope's jar, fetched only by that scope's tasks).
   */
  public synchronized void serveUnlisted(String name, Path path) {
    if (name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("served name '" + name + "' must be a plain file name");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new IllegalArgumentException("file " + path + " does not exist or is not readable");
    }
    Path previous = served.putIfAbsent(name, path.toAbsolutePath());
    if (previous != null && !previous.equals(path.toAbsolutePath())) {
      throw new IllegalArgumentException("the name " + name + " already serves " + previous);
    }
  }

  /** Stops serving an unlisted name ({@link #serveUnlisted}); listed jars and files stay served. */
  public synchronized void stopServing(String name) {
    if (!jars.contains(name) && !files.contains(name)) {
      served.remove(name);
    }
  }

  public synchronized List<String> jars() {
    return List.copyOf(jars);
  }

  public synchronized List<String> files() {
    return List.copyOf(files);
  }

  /** {@code name#alias} of each archive. */
  public synchronized List<String> archives() {
    return List.copyOf(archives);
  }

  /** The file served as {@code name}, if any. */
  public synchronized Optional<Path> path(String name) {
    return Optional.ofNullable(served.get(name));
  }

  public synchronized List<String> servedNames() {
    return List.copyOf(served.keySet());
  }
}
