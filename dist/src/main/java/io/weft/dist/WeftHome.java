package io.weft.dist;

import io.weft.common.rpc.WeftException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The installation: {@code $WEFT_HOME/lib} (the classpath) and {@code $WEFT_HOME/examples}. */
final class WeftHome {
  private WeftHome() {}

  static Path examplesJar() {
    String home = System.getenv("WEFT_HOME");
    if (home == null) {
      throw WeftException.failedPrecondition("WEFT_HOME is not set; run through bin/weft");
    }
    Path jar = Path.of(home, "examples", "weft-examples.jar");
    if (!Files.isRegularFile(jar)) {
      throw WeftException.failedPrecondition("the examples jar " + jar + " is missing; build with ./mvnw package");
    }
    return jar;
  }
}
