package io.weft.rm.node;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.NodeId;
import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The include and exclude lists of NodeManagers (YARN's hosts files). An entry is a host, which
 * names every NodeManager on it, or a {@code host:port} node id, which names one (several NMs on
 * one host, as in a local cluster). An empty include list lets every node in.
 */
public record NodeHosts(Set<String> included, Set<String> excluded) {
  public static final NodeHosts NONE = new NodeHosts(Set.of(), Set.of());

  public NodeHosts {
    included = Set.copyOf(included);
    excluded = Set.copyOf(excluded);
  }

  /** Reads both files (each optional); entries are separated by white space, {@code #} starts a comment. */
  public static NodeHosts read(Optional<Path> includeFile, Optional<Path> excludeFile) {
    return new NodeHosts(includeFile.map(NodeHosts::entries).orElse(Set.of()),
        excludeFile.map(NodeHosts::entries).orElse(Set.of()));
  }

  private static Set<String> entries(Path file) {
    requireNonNull(file);
    Set<String> out = new LinkedHashSet<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int comment = line.indexOf('#');
        String content = comment >= 0 ? line.substring(0, comment) : line;
        Arrays.stream(content.trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(out::add);
      }
    } catch (NoSuchFileException e) {
      throw WeftException.invalidArgument("hosts file " + file + " does not exist");
    } catch (IOException e) {
      throw WeftException.invalidArgument("cannot read hosts file " + file + ": " + e.getMessage());
    }
    return out;
  }

  /** True when {@code node} is on the exclude list, or missing from a non-empty include list. */
  public boolean excludes(NodeId node) {
    return names(excluded, node) || !included.isEmpty() && !names(included, node);
  }

  private static boolean names(Set<String> list, NodeId node) {
    return list.contains(node.host()) || list.contains(node.toString());
  }
}
