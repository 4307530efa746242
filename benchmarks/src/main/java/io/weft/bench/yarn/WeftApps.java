package io.weft.bench.yarn;

import io.weft.client.WeftClient;
import io.weft.common.id.ApplicationId;
import io.weft.examples.am.TrueAm;
import io.weft.examples.am.TrueAmSubmitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** How the benchmarks submit Weft's applications, from the installation named by WEFT_HOME. */
final class WeftApps {
  private WeftApps() {}

  /** The installation's examples jar, which holds {@link TrueAm}: what a user would submit. */
  static Path examplesJar() {
    String home = System.getenv("WEFT_HOME");
    Path jar = Path.of(home == null ? "dist/target/weft" : home, "examples", "weft-examples.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no examples jar at " + jar + " (WEFT_HOME=" + home + "); build the "
          + "installation first: ./mvnw -q package -DskipTests -pl dist -am");
    }
    return jar.toAbsolutePath();
  }

  /** Submits the minimal AM ({@link TrueAm}) running {@code true} in {@code n} containers of 1 GB / 1 vcore. */
  static ApplicationId submitMinimalAm(WeftClient client, Path examplesJar, int n) {
    return TrueAmSubmitter.submit(client, examplesJar, "default",
        List.of("--num-containers", Integer.toString(n), "--container-memory-mb", "1024"));
  }
}
