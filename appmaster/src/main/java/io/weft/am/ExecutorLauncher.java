package io.weft.am;

import static java.util.Objects.requireNonNull;

import io.weft.am.allocator.AllocatedContainer;
import io.weft.am.allocator.ExecutorAllocator;
import io.weft.am.allocator.ExecutorEnd;
import io.weft.am.launch.ExecutorLaunch;
import io.weft.driver.storage.ShuffleServiceMode;
import io.weft.am.rpc.LauncherSessionClient;
import io.weft.am.rpc.NodeManagerClient;
import io.weft.am.rpc.ResourceManagerClient;
import io.weft.am.rpc.ResourceManagerClient.FinalStatus;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.HostPort;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.driver.DriverKeys;
import io.weft.driver.rpc.AppCredentials;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * The client-mode AM: registers, dials the remote driver's ExecutorLauncherSession and keeps as
 * many executors as the driver asks for (an absolute total), kills those it names, and reports how
 * each ends. It unregisters when the driver says finish (with the driver's verdict) or goes away
 * (FAILED). When it cannot reach the driver at all it fails at once, naming the address.
 */
public final class ExecutorLauncher {
  private static final Logger LOG = LogManager.getLogger();
  /** How long the driver has to answer the launcher's registration. */
  static final Duration DRIVER_ANSWER_TIMEOUT = Duration.ofSeconds(20);

  private final AppMasterArgs args;
  private final AmEnvironment env;
  private final WeftConfig conf;
  private final ResourceManagerClient rm;
  private final NodeManagerClient nm;
  private final AppCredentials credentials;
  private final CompletableFuture<Void> firstOrder = new CompletableFuture<>();
  private final CompletableFuture<Outcome> end = new CompletableFuture<>();

  private record Outcome(FinalStatus status, String diagnostics) {}

  public ExecutorLauncher(AppMasterArgs args, AmEnvironment env, ResourceManagerClient rm, NodeManagerClient nm,
      AppCredentials credentials) {
    this.args = requireNonNull(args);
    this.env = requireNonNull(env);
    this.conf = WeftConfig.of(args.conf()).validate();
    this.rm = requireNonNull(rm);
    this.nm = requireNonNull(nm);
    this.credentials = requireNonNull(credentials, "application credentials");
    if (args.mode() != AppMasterArgs.DeployMode.CLIENT) {
      throw WeftException.invalidArgument("the ExecutorLauncher runs in client mode only, not " + args.mode());
    }
  }

  /** Asks a running {@link #run} to stop the executors and return without unregistering (e.g. on SIGTERM). */
  public void requestShutdown(String reason) {
    end.complete(null);
  }

  /** The driver's progress as it last reported it, for the RM. */
  private volatile float driverProgress;

  /** Runs until the driver finishes or goes away; returns the process exit code. */
  public int run() {
    String appId = env.attemptId().applicationId().toString();
    ThreadContext.put("appId", appId);
    HostPort driver = HostPort.parse(args.driverAddress(), "--driver");
    Resource max = rm.register(env.nmHost(), conf.get(DriverKeys.UI_URL), credentials.certificate());
    LOG.info("ExecutorLauncher {} registered; dialling the driver at {}", env.attemptId(), driver);
    AtomicReference<LauncherSessionClient> session = new AtomicReference<>();
    ExecutorAllocator allocator = new ExecutorAllocator(settings(), rm, nm, executorId -> ExecutorLaunch.forExecutor(
        executorId, driver, appId, credentials, args.executorMemoryMb(), args.executorCores(), Optional.empty())
        .withShuffleService(ShuffleServiceMode.enabled(conf), credentials),
        allocationListener(session), () -> driverProgress);
    try {
      session.set(LauncherSessionClient.connect(driver, credentials, env.attemptId().toString(), max.memoryMb(),
          orders(allocator)));
      try {
        firstOrder.get(DRIVER_ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        end.complete(new Outcome(FinalStatus.FAILED, "the ExecutorLauncher got no answer from the driver at "
            + driver + " within " + DRIVER_ANSWER_TIMEOUT.toSeconds() + " s"));
      } catch (ExecutionException e) {
        // the session failed; end is already completed with the reason
      }
      allocator.start();
      Outcome outcome = end.get();
      allocator.stopAsking();
      if (outcome == null) {
        LOG.warn("shutting down without unregistering");
        return ApplicationMaster.EXIT_NOT_UNREGISTERED;
      }
      LOG.info("unregistering with {}: {}", outcome.status(), outcome.diagnostics());
      allocator.close();
      return rm.finish(outcome.status(), outcome.diagnostics()) ? ApplicationMaster.EXIT_OK
          : ApplicationMaster.EXIT_NOT_UNREGISTERED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ApplicationMaster.EXIT_NOT_UNREGISTERED;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (WeftException e) {
      LOG.error("cannot unregister {}: {}", env.attemptId(), e.getMessage());
      return ApplicationMaster.EXIT_NOT_UNREGISTERED;
    } finally {
      allocator.close();
      if (session.get() != null) {
        session.get().close();
      }
    }
  }

  private ExecutorAllocator.Settings settings() {
    // nothing is asked for until the driver says how many it wants
    return AmKeys.allocatorSettings(conf, 0, args.numExecutors(), args.executorMemoryMb(), args.executorCores());
  }

  private LauncherSessionClient.Orders orders(ExecutorAllocator allocator) {
    return new LauncherSessionClient.Orders() {
      @Override
      public void requestExecutors(int total) {
        allocator.setTarget(total);
        firstOrder.complete(null);
      }

      @Override
      public void killExecutors(List<String> executorIds) {
        allocator.kill(executorIds);
      }

      @Override
      public void progress(float value) {
        driverProgress = Math.max(driverProgress, Math.max(0f, Math.min(1f, value)));
      }

      @Override
      public void finish(boolean succeeded, String diagnostics) {
        end.complete(new Outcome(succeeded ? FinalStatus.SUCCEEDED : FinalStatus.FAILED, diagnostics));
      }

      @Override
      public void disconnected(String reason) {
        String what = firstOrder.isDone() ? "lost the driver at " : "cannot reach the driver at ";
        end.complete(new Outcome(FinalStatus.FAILED, "the ExecutorLauncher " + what + args.driverAddress() + ": "
            + reason));
        firstOrder.completeExceptionally(new IllegalStateException(reason));
      }
    };
  }

  private ExecutorAllocator.Listener allocationListener(AtomicReference<LauncherSessionClient> session) {
    return new ExecutorAllocator.Listener() {
      @Override
      public void executorLost(String executorId, String reason) {
        LOG.info("executor {} lost: {}", executorId, reason);
      }

      @Override
      public void executorStarted(String executorId, AllocatedContainer container) {
        if (session.get() != null) {
          session.get().executorStarted(executorId, container.id().toString(), container.nodeId().toString());
        }
      }

      @Override
      public void executorEnded(ExecutorEnd ended) {
        LOG.info("executor {} ended: {}", ended.executorId(), ended.reason());
        if (session.get() != null) {
          session.get().executorEnded(ended);
        }
      }

      @Override
      public void allocationFailed(String reason) {
        end.complete(new Outcome(FinalStatus.FAILED, reason));
      }

      @Override
      public void shutdownRequested(String reason) {
        LOG.warn("shutdown requested: {}", reason);
        end.complete(null);
      }
    };
  }
}
