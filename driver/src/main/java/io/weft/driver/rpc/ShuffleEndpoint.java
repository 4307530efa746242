package io.weft.driver.rpc;

import io.weft.shuffle.rpc.DirectoryShuffleHandler;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.RpcServer;
import java.nio.file.Path;
import java.util.List;

/**
 * An executor's ShuffleService server: its shuffle files, behind the application-secret check (and, with
 * TLS, the application's certificate).
 */
public final class ShuffleEndpoint {
  private ShuffleEndpoint() {}

  /** A Netty server on {@code host} (ephemeral port) serving the blocks under {@code shuffleDir}. */
  public static RpcServer netty(String host, String applicationId, AppCredentials credentials, Path shuffleDir) {
    return RpcServer.netty(new HostPort(host, 0), credentials.serverCredentials(),
        List.of(new AppSecretServerInterceptor(applicationId, credentials.secret())),
        new DirectoryShuffleHandler(shuffleDir));
  }
}
