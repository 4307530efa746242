package io.weft.examples.am;

import io.weft.client.AppSubmission;
import io.weft.client.WeftClient;
import io.weft.client.records.ApplicationReport;
import io.weft.client.records.FinalApplicationStatus;
import io.weft.client.records.YarnApplicationState;
import io.weft.client.cli.WeftCli;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.JvmContainer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Submits {@link TrueAm} to a Weft cluster and waits for it (the RM pushes each state change):
 * stages the examples jar, starts the AM with it on its class path, prints the final state and the
 * AM's diagnostics (exit summary and start-up timings), and exits 0 only if it succeeded.
 *
 * <pre>{@code
 * java -cp "$WEFT_HOME/lib/*:$WEFT_HOME/examples/weft-examples.jar" io.weft.examples.am.TrueAmSubmitter \
 *     [--rm host:port] [--num-containers 4] [--container-memory-mb 1024] [--command true] [--queue default]
 * }</pre>
 * Without {@code --rm} the RM is {@code weft.resourcemanager.address} (from {@code weft-site.properties}
 * or {@code -D}).
 */
public final class TrueAmSubmitter {
  private static final long AM_HEAP_MB = 256;
  private static final String JAR_LINK = "am.jar";

  private TrueAmSubmitter() {}

  public static void main(String[] args) throws URISyntaxException {
    WeftConfig config = WeftCli.configFromEnvironment();
    List<String> amArgs = new ArrayList<>();
    String queue = "default";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rm" -> config = config.with(CommonKeys.RM_ADDRESS, args[i + 1]);
        case "--queue" -> queue = args[i + 1];
        default -> amArgs.addAll(List.of(args[i], args[i + 1]));
      }
    }
    Path jar = Path.of(TrueAm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (WeftClient client = WeftClient.connect(config)) {
      long start = System.nanoTime();
      ApplicationId id = submit(client, jar, queue, amArgs);
      ApplicationReport last = client.watch(id, report -> {});
      System.out.printf("%s %s/%s in %d ms: %s%n", id, last.getYarnApplicationState(), last.getFinalApplicationStatus(),
          (System.nanoTime() - start) / 1_000_000, last.getDiagnostics());
      System.exit(last.getYarnApplicationState() == YarnApplicationState.FINISHED
          && last.getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED ? 0 : 1);
    }
  }

  /** Stages {@code jar} (which holds TrueAm) and submits TrueAm with {@code amArgs}; returns the new id. */
  public static ApplicationId submit(WeftClient client, Path jar, String queue, List<String> amArgs) {
    WeftClient.NewApplication app = client.createApplication();
    client.submitApplication(AppSubmission.builder(app.id())
        .name("TrueAm").queue(queue).applicationType("TRUE_AM")
        .amResource(JvmContainer.resourceFor(AM_HEAP_MB, 1))
        .localResource(JAR_LINK, client.uploadFile(app.id(), jar))
        // no JVM options: the plain command runs in a warm JVM of the NodeManager's when one of its heap is idle
        .javaCommand(AM_HEAP_MB, List.of("{{PWD}}/" + JAR_LINK), TrueAm.class.getName(), amArgs)
        .build());
    return app.id();
  }
}
