package io.weft.bench;

import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import io.weft.driver.cluster.ClusterBackendHolder;
import java.util.concurrent.TimeUnit;

/**
 * The driver program {@link StartupLatency} submits in cluster mode: with argument 0 it does
 * nothing; with N it starts a context and returns as soon as N executors have registered with it,
 * printing the wall-clock time of the N-th registration on stdout (the AM's stdout log) as
 * {@value #REGISTERED}{@code <epoch ms>}.
 */
public final class StartupProbe {
  static final String REGISTERED = "executors-registered-at-ms=";

  private StartupProbe() {}

  public static void main(String[] args) throws Exception {
    int executors = Integer.parseInt(args[0]);
    if (executors == 0) {
      return;
    }
    try (WeftContext context = new WeftContext(new WeftConf().setAppName("StartupProbe"))) {
      long[] registeredAt = new long[1];
      ClusterBackendHolder.current().orElseThrow(() -> new IllegalStateException(
              "StartupProbe runs in cluster mode only (no cluster backend in " + context.applicationId() + ")"))
          .scheduler().whenExecutorsRegistered(executors)
          // runs in the thread that registers the N-th executor, so the time is taken right then
          .thenRun(() -> registeredAt[0] = System.currentTimeMillis())
          .get(2, TimeUnit.MINUTES);
      System.out.println(REGISTERED + registeredAt[0]);
    }
  }
}
