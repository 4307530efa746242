package io.weft.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A benchmark's helper process: a JVM of this one's installation, on this one's class path. */
final class ChildJvm {
  private ChildJvm() {}

  /** The command that runs {@code main} with {@code options} before it and {@code args} after it. */
  static List<String> command(List<String> options, Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    return command;
  }
}
