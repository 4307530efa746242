package io.weft.common.launch;

/**
 * Environment variables a container process finds, and who sets them. The NM sets the first
 * group for every container; the RM's AM launcher adds the second for AM containers; whoever
 * writes a launch context may add more.
 */
public final class ContainerEnv {
  // Set by the NodeManager for every container.
  public static final String CONTAINER_ID = "CONTAINER_ID";
  public static final String NM_HOST = "NM_HOST";
  public static final String NM_PORT = "NM_PORT";
  public static final String NM_HTTP_PORT = "NM_HTTP_PORT";
  public static final String LOG_DIRS = "LOG_DIRS";
  public static final String PWD = "PWD";
  public static final String USER = "USER";
  /** The Weft installation on the node (its lib/ is the container classpath). */
  public static final String WEFT_HOME = "WEFT_HOME";
  /** With TLS: the PEM file of the CAs the NM trusts, for the container to reach the RM and NMs. */
  public static final String TLS_TRUST = "WEFT_TLS_TRUST";

  // Added by the ResourceManager to AM containers.
  /**
   * host:port of the RM's gRPC server (the ApplicationMasterService); with HA every RM's, comma-separated
   * ({@code host:port,host:port}, see {@code RmEndpoints#join}), for the AM to fail over along.
   */
  public static final String RM_ADDRESS = "WEFT_RM_ADDRESS";
  /** The attempt's AMRM token: base64 of a serialized {@code weft.Token}. */
  public static final String AMRM_TOKEN = "WEFT_AMRM_TOKEN";
  /** Submit time of the application (ms since epoch), for start-up measurements. */
  public static final String APP_SUBMIT_TIME = "APP_SUBMIT_TIME_ENV";
  public static final String MAX_APP_ATTEMPTS = "MAX_APP_ATTEMPTS";

  private ContainerEnv() {}
}
