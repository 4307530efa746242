package io.weft.rm.node;

import java.nio.file.Path;
import java.util.Optional;

/** Where the include and exclude files are (each optional), read again at every refresh. */
public record NodeHostsFiles(Optional<Path> include, Optional<Path> exclude) {
  /** From the configured values (blank = no file). */
  public static NodeHostsFiles of(String include, String exclude) {
    return new NodeHostsFiles(path(include), path(exclude));
  }

  private static Optional<Path> path(String value) {
    return value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.trim()));
  }

  /** The lists as the files say now. */
  public NodeHosts read() {
    return NodeHosts.read(include, exclude);
  }

  /** Which files, for operators. */
  public String describe() {
    if (include.isEmpty() && exclude.isEmpty()) {
      return "no include or exclude file";
    }
    return "include " + include.map(Path::toString).orElse("(none)") + ", exclude "
        + exclude.map(Path::toString).orElse("(none)");
  }
}
