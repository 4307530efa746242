package io.weft.driver.executor;

import io.weft.common.launch.ContainerEnvironment;
import io.weft.common.launch.LaunchCpu;

import static java.util.Objects.requireNonNull;

import io.weft.common.launch.ContainerEnv;
import io.weft.common.tls.TlsSettings;
import io.weft.common.rpc.RpcServer;
import io.weft.driver.rpc.AppCredentials;
import io.weft.driver.rpc.GrpcBlockFetcher;
import io.weft.driver.rpc.ShuffleEndpoint;
import io.grpc.ChannelCredentials;
import io.weft.driver.DriverKeys;
import io.weft.driver.rpc.NodeShuffleRegistration;
import io.weft.driver.storage.ShuffleServiceMode;
import io.weft.shuffle.ShuffleServiceNames;
import io.weft.driver.storage.BlockCache;
import io.weft.driver.storage.ExecutorStorage;
import io.weft.driver.storage.ShuffleStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.weft.driver.rpc.ExecutorRegistration;
import io.weft.driver.rpc.ExecutorSessionClient;
import io.weft.driver.scheduler.TaskDescription;
import io.weft.driver.scheduler.TaskOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One executor: dials the driver, registers, runs tasks on {@code cores} threads with the user's
 * classes loaded from the user jar, and ends when the driver says stop (exit code 0) or goes away
 * (exit code 1), or when it cannot reach the driver at all (exit code 3).
 */
public final class Executor {
  private static final Logger LOG = LogManager.getLogger();
  public static final int EXIT_STOPPED = 0;
  public static final int EXIT_DRIVER_LOST = 1;
  /** The executor never reached the driver: its advertised address is wrong or blocked for this node. */
  public static final int EXIT_DRIVER_UNREACHABLE = 3;
  /** Shuffle files go here, under the container's working directory (removed with it). */
  public static final String SHUFFLE_DIR = "weft-shuffle";
  private static final Duration FETCH_DEADLINE = Duration.ofMinutes(2);
  /** Jars of class-loader scopes (a job server's isolated jobs), a directory per scope. */
  static final String SCOPES_DIR = "weft-scopes";
  /** Scopes kept open at once; past it the least recently used closes (a release the executor missed). */
  public static final int MAX_OPEN_SCOPES = 16;

  private final ExecutorArgs args;
  private final AppCredentials credentials;
  private final Map<String, String> env;

  public Executor(ExecutorArgs args, AppCredentials credentials, Map<String, String> env) {
    this.args = requireNonNull(args);
    this.credentials = requireNonNull(credentials, "application credentials");
    this.env = Map.copyOf(env);
  }

  /** Runs until stopped or disconnected; returns the process exit code. */
  public int run() {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(args.cores(), r -> {
      Thread t = new Thread(r, "executor-task-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    String host = env.getOrDefault(ContainerEnv.NM_HOST, "127.0.0.1");
    boolean nodeService = ShuffleServiceMode.enabledInExecutor(env);
    Path shuffleDir = nodeService ? nodeShuffleDir() : Path.of(SHUFFLE_DIR).toAbsolutePath();
    // With the node's shuffle service the executor serves nothing itself: the service does, also after it is gone.
    Optional<RpcServer> shuffleServer = nodeService ? Optional.empty()
        : Optional.of(ShuffleEndpoint.netty(host, args.applicationId(), credentials, shuffleDir));
    ChannelCredentials clusterTrust = TlsSettings.ofContainer(env).channelCredentials();
    try (UserClassLoader loader = userLoader();
        ScopedClassLoaders scopes = new ScopedClassLoaders(loader, Path.of(SCOPES_DIR).toAbsolutePath(),
            MAX_OPEN_SCOPES);
        GrpcBlockFetcher fetcher = new GrpcBlockFetcher(credentials, FETCH_DEADLINE,
            Optional.of(new GrpcBlockFetcher.NodeServiceAccess(args.applicationId(), clusterTrust)))) {
      // records are read by the reducing task: with its scope's classes when it has one
      ClassLoader recordLoader = new TaskThreadClassLoader(loader);
      ShuffleStore shuffles;
      if (nodeService) {
        int port = nodeShufflePort();
        Files.createDirectories(shuffleDir);
        NodeShuffleRegistration.register(host, port, clusterTrust, credentials.secret(), args.applicationId(),
            args.executorId(), shuffleDir, FETCH_DEADLINE);
        shuffles = new ShuffleStore(args.executorId(), host, port, shuffleDir, recordLoader, Optional.of(fetcher),
            true);
        LOG.info("executor {} writes shuffle files to {}, served by the node's shuffle service at {}:{}",
            args.executorId(), shuffleDir, host, port);
      } else {
        shuffleServer.get().start();
        shuffles = new ShuffleStore(args.executorId(), host, shuffleServer.get().port(), shuffleDir, recordLoader,
            Optional.of(fetcher));
        LOG.info("executor {} serves shuffle files of {} on {}", args.executorId(), shuffleDir,
            shuffleServer.get().address());
      }
      TaskRunner runner = new TaskRunner(loader, new ExecutorStorage(shuffles, new BlockCache()));
      ShippedFiles shipped = new ShippedFiles(loader, ContainerEnvironment.workingDirectory());
      ExecutorRegistration registration = new ExecutorRegistration(args.executorId(), host, args.cores(),
          env.getOrDefault(ContainerEnv.CONTAINER_ID, ""), nodeId(), logUrl());
      CompletableFuture<ExecutorSessionClient> session = new CompletableFuture<>();
      ExecutorSessionClient.Listener listener = new ExecutorSessionClient.Listener() {
        @Override
        public void onRegistered(String applicationId, List<String> jars, List<String> files,
            List<String> archives) {
          LOG.info("executor {} registered with the driver of {} at {} ({})", args.executorId(), applicationId,
              args.driver(), LaunchCpu.describe());
          try {
            shipped.ensure(session.join(), jars, files, archives);
          } catch (IOException | RuntimeException e) {
            LOG.error("executor {} cannot get its jars and files from the driver: {}", args.executorId(),
                e.getMessage());
            exit.complete(EXIT_DRIVER_LOST);
          }
        }

        @Override
        public void onLaunch(TaskDescription task, List<String> jars, List<String> files, List<String> archives) {
          pool.execute(() -> {
            try {
              shipped.ensure(session.join(), jars, files, archives);
            } catch (IOException | RuntimeException e) {
              session.join().report(new TaskOutcome.Failed(task.taskId(), "executor " + args.executorId()
                  + " cannot get the jars and files added to the context: " + e.getMessage(), ""));
              return;
            }
            ClassLoader taskLoader;
            try {
              taskLoader = scopes.loaderFor(task.scope(), session.join()::fetchFile);
            } catch (IOException | RuntimeException e) {
              session.join().report(new TaskOutcome.Failed(task.taskId(), "executor " + args.executorId()
                  + " cannot get the jars of class-loader scope " + task.scope().id() + ": " + e.getMessage(), ""));
              return;
            }
            session.join().report(runner.run(task, taskLoader));
          });
        }

        @Override
        public void onReleaseClassLoaderScope(String scopeId) {
          scopes.release(scopeId);
        }

        @Override
        public void onStop(String reason) {
          LOG.info("executor {} stopping: {}", args.executorId(), reason);
          exit.complete(EXIT_STOPPED);
        }

        @Override
        public void onDisconnected(String reason) {
          LOG.error("executor {} lost the driver at {}: {}", args.executorId(), args.driver(), reason);
          exit.complete(EXIT_DRIVER_LOST);
        }

        @Override
        public void onDriverUnreachable(String reason) {
          LOG.error("executor {} cannot reach the driver at {}: {}", args.executorId(), args.driver(), reason);
          exit.complete(EXIT_DRIVER_UNREACHABLE);
        }
      };
      session.complete(ExecutorSessionClient.connect(args.driver(), credentials, registration, listener));
      int code = exit.get();
      pool.shutdownNow();
      session.join().close();
      return code;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return EXIT_DRIVER_LOST;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
      shuffleServer.ifPresent(RpcServer::close);
    }
  }

  /**
   * Under the application's directory on this node (the parent of the container's working directory), which
   * the NodeManager keeps until the application ends: the files outlive this executor's container. Named after
   * the container, unique on the node even across application attempts.
   */
  private Path nodeShuffleDir() {
    String owner = env.getOrDefault(ContainerEnv.CONTAINER_ID, "executor-" + args.executorId());
    return ContainerEnvironment.workingDirectory().getParent().resolve(SHUFFLE_DIR + "-" + owner);
  }

  private int nodeShufflePort() {
    String port = env.getOrDefault(ShuffleServiceNames.PORT_ENV, "");
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalStateException("executor " + args.executorId() + " was told to use the node's shuffle service ("
          + DriverKeys.SHUFFLE_SERVICE_ENABLED.key() + "=true) but $" + ShuffleServiceNames.PORT_ENV + " is '" + port
          + "': the NodeManager runs no shuffle service (see weft.nodemanager.aux-services)");
    }
    return Integer.parseInt(port);
  }

  private String logUrl() {
    String host = env.get(ContainerEnv.NM_HOST);
    String httpPort = env.get(ContainerEnv.NM_HTTP_PORT);
    String container = env.get(ContainerEnv.CONTAINER_ID);
    return host == null || httpPort == null || container == null ? ""
: TlsSettings.ofContainer(env).scheme() + "://" + host + ":" + httpPort + "/node/containerlogs/" + container + "/"
            + env.getOrDefault(ContainerEnv.USER, "weft");
  }

  private String nodeId() {
    String host = env.get(ContainerEnv.NM_HOST);
    String port = env.get(ContainerEnv.NM_PORT);
    return host == null || port == null ? "" : host + ":" + port;
  }

  private UserClassLoader userLoader() {
    URL[] urls = new URL[0];
    if (args.userJar().isPresent()) {
      if (!Files.isRegularFile(args.userJar().get())) {
        throw new IllegalArgumentException("user jar " + args.userJar().get().toAbsolutePath() + " does not exist");
      }
      try {
        urls = new URL[] {args.userJar().get().toUri().toURL()};
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("bad user jar path " + args.userJar().get(), e);
      }
    }
    UserClassLoader loader = new UserClassLoader(urls);
    for (Path extra : args.extraJars()) {
      if (!Files.isRegularFile(extra)) {
        throw new IllegalArgumentException("extra jar " + extra.toAbsolutePath() + " does not exist");
      }
      loader.addJar(extra);
    }
    return loader;
  }
}
