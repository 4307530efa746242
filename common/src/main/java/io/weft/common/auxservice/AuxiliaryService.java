package io.weft.common.auxservice;

import java.util.Map;

/**
 * A service the NodeManager runs beside its containers, loaded by class name (a public no-argument
 * constructor) from {@code weft.nodemanager.aux-services.<name>.class}. The NodeManager calls
 * {@link #start} once before any container starts and {@link #close} once when it stops; a start that
 * throws fails the NodeManager's start. Calls about applications arrive from several threads.
 */
public interface AuxiliaryService extends AutoCloseable {
  /** Binds what the service serves; {@code context} says where and how. */
  void start(AuxServiceContext context);

  /**
   * A container of {@code applicationId} run by {@code user} is starting on this node with
   * {@code serviceData} for this service (the entry of its launch context's service data named after
   * the service). Called for every such container, so for one application more than once; an
   * exception refuses the container's start with its message.
   */
  void initializeApplication(String applicationId, String user, byte[] serviceData);

  /** The application is over (the ResourceManager says so): forget it and remove what it left here. */
  void stopApplication(String applicationId);

  /** Variables the NodeManager puts into every container's environment (e.g. the service's port). Valid after start. */
  Map<String, String> containerEnvironment();

  /** Stops serving. Idempotent. */
  @Override
  void close();
}
