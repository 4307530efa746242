package io.weft.shuffle;

/** The names by which the NodeManager's shuffle service is known to the NodeManager and to executors. */
public final class ShuffleServiceNames {
  /**
   * Its auxiliary-service name: the default of {@code weft.nodemanager.aux-services}, and the key of
   * the application secret in an executor's launch context service data.
   */
  public static final String SERVICE_NAME = "weft_shuffle";
  /** The class the NodeManager loads for {@link #SERVICE_NAME} unless configured otherwise. */
  public static final String SERVICE_CLASS = "io.weft.shuffle.service.ExternalShuffleService";
  /** The container environment variable with the port of the node's shuffle service (on the node's host). */
  public static final String PORT_ENV = "WEFT_SHUFFLE_SERVICE_PORT";

  private ShuffleServiceNames() {}
}
