package io.weft.driver.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The jars and files of {@code weft.jars} / {@code weft.files} as the driver ships them: a plain
 * path is served by the driver under its file name and fetched by each executor into its working
 * directory; {@code local:/path} is already on every node and only its path travels.
 */
public record ShippedFiles(List<String> jars, List<String> files, Map<String, Path> served) {
  public static final String LOCAL_PREFIX = "local:";

  public ShippedFiles {
    jars = List.copyOf(jars);
    files = List.copyOf(files);
    served = Map.copyOf(served);
  }

  /** Checks every path exists (a local: one is not checked: it is on the nodes, maybe not here). */
  public static ShippedFiles of(String jarList, String fileList) {
    Map<String, Path> served = new LinkedHashMap<>();
    List<String> jars = names(jarList, "weft.jars", served);
    List<String> files = names(fileList, "weft.files", served);
    return new ShippedFiles(jars, files, served);
  }

  private static List<String> names(String list, String key, Map<String, Path> served) {
    List<String> names = new ArrayList<>();
    for (String entry : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
      if (entry.startsWith(LOCAL_PREFIX)) {
        names.add(entry);
        continue;
      }
      Path path = Path.of(entry).toAbsolutePath();
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw new IllegalArgumentException(key + " entry " + path + " does not exist or is not readable");
      }
      String name = path.getFileName().toString();
      Path previous = served.putIfAbsent(name, path);
      if (previous != null && !previous.equals(path)) {
        throw new IllegalArgumentException(key + ": " + path + " and " + previous + " have the same file name '"
            + name + "'; executors would get only one of them");
      }
      names.add(name);
    }
    return names;
  }
}
