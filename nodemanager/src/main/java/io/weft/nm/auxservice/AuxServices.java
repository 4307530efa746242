package io.weft.nm.auxservice;

import static java.util.Objects.requireNonNull;

import io.grpc.ServerCredentials;
import io.weft.common.auxservice.AuxServiceContext;
import io.weft.common.auxservice.AuxiliaryService;
import io.weft.common.config.ConfigException;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.lifecycle.Closer;
import io.weft.common.rpc.WeftException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The auxiliary services of this node, started with the NodeManager and stopped with it (in reverse
 * order). A container's start hands each entry of its service data to the service of that name; an
 * application's end is passed on to every service. A class that cannot be loaded, is not an
 * {@link AuxiliaryService}, or fails to start fails the NodeManager's start with the key and value named.
 */
public final class AuxServices implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger();

  private final Map<String, AuxiliaryService> services = new LinkedHashMap<>();
  private final Closer closer = new Closer();

  private AuxServices() {}

  /** Loads and starts every service of {@code settings}; on a failure, closes those already started. */
  public static AuxServices start(AuxServiceSettings settings, String bindHost, String advertisedHost,
      ServerCredentials credentials, AuxServiceContext.ApplicationDirs applicationDirs) {
    AuxServices started = new AuxServices();
    try {
      for (AuxServiceSettings.Service spec : settings.services()) {
        AuxiliaryService service = started.closer.register(instantiate(spec));
        try {
          service.start(new AuxServiceContext(spec.name(), settings.config(), bindHost, advertisedHost, credentials,
              applicationDirs));
        } catch (RuntimeException e) {
          throw new ConfigException("auxiliary service " + spec.name() + " (" + spec.classKey() + "="
              + spec.className() + ") failed to start: " + e.getMessage());
        }
        started.services.put(spec.name(), service);
        LOG.info("auxiliary service {} ({}) started", spec.name(), spec.className());
      }
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  private static AuxiliaryService instantiate(AuxServiceSettings.Service spec) {
    String named = spec.classKey() + "=" + spec.className();
    Class<?> type;
    try {
      type = Class.forName(spec.className(), true, AuxServices.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigException("configuration " + named + ": class " + spec.className()
          + " of auxiliary service " + spec.name() + " cannot be loaded (" + e + "); is its jar in the "
          + "NodeManager's lib/?");
    }
    if (!AuxiliaryService.class.isAssignableFrom(type)) {
      throw new ConfigException("configuration " + named + ": " + spec.className() + " does not implement "
          + AuxiliaryService.class.getName());
    }
    try {
      return (AuxiliaryService) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new ConfigException("configuration " + named + ": cannot create " + spec.className()
          + " with its public no-argument constructor: " + e);
    }
  }

  /**
   * Container {@code id} of {@code user} starts with {@code serviceData}: each entry goes to the service of
   * its name. A name this node runs no service for, or a service that refuses, refuses the container.
   */
  public void initializeContainer(ContainerId id, String user, Map<String, byte[]> serviceData) {
    for (Map.Entry<String, byte[]> entry : serviceData.entrySet()) {
      AuxiliaryService service = services.get(entry.getKey());
      if (service == null) {
        throw WeftException.invalidArgument(id + " carries service data for auxiliary service '" + entry.getKey()
            + "', which this node does not run (it runs " + services.keySet() + ")");
      }
      try {
        service.initializeApplication(id.applicationId().toString(), user, entry.getValue());
      } catch (WeftException e) {
        throw e;
      } catch (RuntimeException e) {
        throw WeftException.invalidArgument("auxiliary service " + entry.getKey() + " refused " + id + ": "
            + e.getMessage());
      }
    }
  }

  /** {@code app} is over on this node: every service forgets it. A service's failure is logged, not raised. */
  public void stopApplication(ApplicationId app) {
    services.forEach((name, service) -> {
      try {
        service.stopApplication(app.toString());
      } catch (RuntimeException e) {
        LOG.warn("auxiliary service {} failed to stop {}: {}", name, app, e.toString());
      }
    });
  }

  /** What the services export into every container's environment. */
  public Map<String, String> containerEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    services.values().forEach(s -> env.putAll(s.containerEnvironment()));
    return env;
  }

  /** The started services by name, in start order. */
  public Map<String, AuxiliaryService> services() {
    return Map.copyOf(services);
  }

  @Override
  public void close() {
    closer.close();
  }
}
