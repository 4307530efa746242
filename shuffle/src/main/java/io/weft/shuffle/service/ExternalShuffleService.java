package io.weft.shuffle.service;

import io.weft.common.auxservice.AuxServiceContext;
import io.weft.common.auxservice.AuxiliaryService;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.RpcServer;
import io.weft.shuffle.ShuffleKeys;
import io.weft.shuffle.ShuffleRegistrations;
import io.weft.shuffle.ShuffleServiceNames;
import io.weft.shuffle.rpc.ExternalShuffleHandler;
import io.weft.shuffle.rpc.PresentedSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The NodeManager's shuffle service (YARN's external shuffle service): serves the shuffle files
 * executors of this node registered, so map outputs outlive the executor that wrote them. It learns
 * each application's secret from the service data of the application's container launches (the
 * secret's UTF-8 bytes under {@link ShuffleServiceNames#SERVICE_NAME}), serves with the NodeManager's
 * credentials (its daemon certificate with TLS on), and when the application ends forgets it and
 * deletes the directories its executors registered. Registrations live in memory only: after a
 * NodeManager restart they are gone (docs/shuffle-service.md).
 */
public final class ExternalShuffleService implements AuxiliaryService {
  private static final Logger LOG = LogManager.getLogger();

  private final ShuffleRegistrations registrations = new ShuffleRegistrations();
  private AuxServiceContext context;
  private RpcServer server;
  private boolean closed;

  /** For the NodeManager, which loads the service by class name. */
  public ExternalShuffleService() {}

  @Override
  public synchronized void start(AuxServiceContext context) {
    if (server != null) {
      return;
    }
    this.context = context;
    int port = context.config().get(ShuffleKeys.SERVICE_PORT);
    RpcServer bound = RpcServer.netty(new HostPort(context.bindHost(), port), context.serverCredentials(),
        List.of(new PresentedSecret()), new ExternalShuffleHandler(registrations));
    bound.start();
    server = bound;
    LOG.info("shuffle service {} serving on {}:{}", context.name(), context.advertisedHost(), bound.port());
  }

  /** The bound port (the real one when configured with 0). Valid after {@link #start}. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("the shuffle service is not started");
    }
    return server.port();
  }

  @Override
  public void initializeApplication(String applicationId, String user, byte[] serviceData) {
    AuxServiceContext started;
    synchronized (this) {
      started = context;
    }
    if (started == null) {
      throw new IllegalStateException("the shuffle service is not started");
    }
    registrations.applicationStarted(applicationId, user, started.applicationDirs().of(user, applicationId),
        new String(serviceData, StandardCharsets.UTF_8));
  }

  @Override
  public void stopApplication(String applicationId) {
    List<Path> dirs = registrations.applicationStopped(applicationId);
    for (Path dir : dirs) {
      try {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
          com.google.common.io.MoreFiles.deleteRecursively(dir); // through a secure directory stream: links not followed
        }
      } catch (IOException e) {
        // The NodeManager deletes the application's directory next; this is the service's own tidy-up.
        LOG.warn("cannot delete shuffle directory {} of {}: {}", dir, applicationId, e.toString());
      }
    }
    if (!dirs.isEmpty()) {
      LOG.info("shuffle service forgot {} and deleted {} shuffle directories", applicationId, dirs.size());
    }
  }

  @Override
  public Map<String, String> containerEnvironment() {
    return Map.of(ShuffleServiceNames.PORT_ENV, Integer.toString(port()));
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (server != null) {
      server.close();
    }
  }
}
