package io.weft.driver.executor;

import io.weft.common.launch.ContainerEnvironment;

import io.weft.driver.rpc.AppCredentials;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Main class of an executor container:
 * {@code --driver host:port --executor-id ID --cores N --app-id APPID [--user-jar PATH]}; the
 * application secret comes from {@code $WEFT_APP_SECRET} and, with TLS, the application's certificate
 * from {@code $WEFT_APP_TLS}. Exits 0 when the driver stops it,
 * 1 when the driver goes away, 2 on bad arguments, 3 when the driver cannot be reached at all.
 */
public final class ExecutorMain {
  private static final Logger LOG = LogManager.getLogger();
  public static final int EXIT_BAD_ARGUMENTS = 2;

  private ExecutorMain() {}

  public static void main(String[] argv) {
    int code;
    try {
      ExecutorArgs args = ExecutorArgs.parse(argv);
      code = new Executor(args, AppCredentials.fromEnvironment(ContainerEnvironment.current()), ContainerEnvironment.current()).run();
    } catch (RuntimeException e) {
      LOG.error("executor failed to start: {}", e.getMessage(), e);
      code = EXIT_BAD_ARGUMENTS;
    }
    LogManager.shutdown();
    System.exit(code);
  }
}
