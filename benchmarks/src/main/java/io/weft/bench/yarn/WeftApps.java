package io.weft.bench.yarn;

import io.weft.client.WeftClient;
import io.weft.client.submit.DistributedShellSubmitter;
import io.weft.common.id.ApplicationId;
import io.weft.examples.am.TrueAm;
import io.weft.examples.am.TrueAmSubmitter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** How the benchmarks submit Weft's applications: the minimal AM and the distributed shell. */
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

  /**
   * Submits the distributed shell running {@code true} in {@code n} containers of 1 GB / 1 vcore, as
   * {@code weft distributed-shell --shell-command true --num-containers n} does; returns its id.
   */
  static ApplicationId submitDistributedShell(WeftClient client, int n) {
    return new DistributedShellSubmitter(client, new PrintStream(OutputStream.nullOutputStream())).submit(
        new DistributedShellSubmitter.Options(n, 1024, 1, 0, "true", null, "", Map.of(), "default", "ds-n" + n,
            false));
  }

  /** Submits the minimal AM ({@link TrueAm}) running {@code true} in {@code n} containers of 1 GB / 1 vcore. */
  static ApplicationId submitMinimalAm(WeftClient client, Path examplesJar, int n) {
    return TrueAmSubmitter.submit(client, examplesJar, "default",
        List.of("--num-containers", Integer.toString(n), "--container-memory-mb", "1024"));
  }
}
