package io.weft.am;

import io.weft.common.launch.ContainerEnvironment;

import io.grpc.ManagedChannel;
import io.weft.am.rpc.NodeChannels;
import io.weft.am.rpc.NodeManagerClient;
import io.weft.am.rpc.ResourceManagerClient;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RetryPolicy;
import io.weft.driver.rpc.AppCredentials;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Composition root of the AM process: arguments from {@link AppMasterArgs}, environment from the
 * NM and RM ({@link AmEnvironment}), channels to the RM and NMs. Exits 0 after a successful
 * unregister, non-zero otherwise.
 */
public final class ApplicationMasterMain {
  private static final Logger LOG = LogManager.getLogger();
  public static final int EXIT_BAD_START = 2;

  private ApplicationMasterMain() {}

  public static void main(String[] argv) {
    int code;
    try {
      code = run(argv);
    } catch (RuntimeException e) {
      LOG.error("ApplicationMaster failed: {}", e.getMessage(), e);
      code = EXIT_BAD_START;
    }
    LogManager.shutdown();
    System.exit(code);
  }

  private static int run(String[] argv) {
    AppMasterArgs args = AppMasterArgs.parse(argv);
    AmEnvironment env = AmEnvironment.from(ContainerEnvironment.current(), ContainerEnvironment.workingDirectory());
    WeftConfig conf = WeftConfig.of(args.conf());
    Duration timeout = conf.get(CommonKeys.RPC_TIMEOUT);
    ManagedChannel rmChannel = Channels.forResourceManagers(env.rmAddresses(), env.tls().channelCredentials());
    NodeChannels nodes = new NodeChannels(env.tls().channelCredentials());
    try {
      ResourceManagerClient rm = new ResourceManagerClient(rmChannel, env.amrmToken(), env.attemptId(), timeout,
          RetryPolicy.forResourceManager(conf));
      NodeManagerClient nm = new NodeManagerClient(nodes, timeout);
      if (args.mode() == AppMasterArgs.DeployMode.CLIENT) {
        ExecutorLauncher launcher = new ExecutorLauncher(args, env, rm, nm,
            AppCredentials.fromEnvironment(ContainerEnvironment.current()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> launcher.requestShutdown("terminated"), "am-shutdown"));
        return launcher.run();
      }
      ApplicationMaster am = new ApplicationMaster(args, env, rm, nm);
      java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        am.requestShutdown("the ApplicationMaster process is being terminated");
        try {
          done.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "am-shutdown"));
      try {
        return am.run();
      } finally {
        done.countDown();
      }
    } finally {
      nodes.close();
      Channels.close(rmChannel);
    }
  }
}
