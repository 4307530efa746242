package io.weft.am;

import static java.util.Objects.requireNonNull;

import io.weft.common.config.RmEndpoints;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.HostPort;
import io.weft.common.launch.ContainerEnv;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.TlsSettings;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the NM and RM tell the AM process through its environment, parsed once. {@code rmAddresses}
 * is one RM, or with HA every RM ({@code WEFT_RM_ADDRESS=host:port,host:port}), to fail over along.
 */
public record AmEnvironment(ApplicationAttemptId attemptId, String nmHost, List<HostPort> rmAddresses,
    byte[] amrmToken, Path workDir, Map<String, String> variables) {
  public AmEnvironment {
    requireNonNull(attemptId);
    requireNonNull(nmHost);
    rmAddresses = List.copyOf(rmAddresses);
    requireNonNull(amrmToken);
    requireNonNull(workDir);
    variables = Map.copyOf(variables);
  }

  /** Reads {@code env}; fails naming the first variable that is missing. */
  public static AmEnvironment from(Map<String, String> env, Path workDir) {
    ContainerId container = ContainerId.parse(need(env, ContainerEnv.CONTAINER_ID));
    byte[] token = Base64.getDecoder().decode(need(env, ContainerEnv.AMRM_TOKEN));
    return new AmEnvironment(container.attemptId(), env.getOrDefault(ContainerEnv.NM_HOST, "127.0.0.1"),
        RmEndpoints.parseList(need(env, ContainerEnv.RM_ADDRESS), "$" + ContainerEnv.RM_ADDRESS), token, workDir, env);
  }

  /** How to reach the RM and NMs: with TLS, trusting the CAs the NM names in {@code WEFT_TLS_TRUST}. */
  public TlsSettings tls() {
    return TlsSettings.ofContainer(variables);
  }

  private static String need(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw WeftException.invalidArgument("environment variable " + name + " is not set; the AM must run in a"
          + " container started by the ResourceManager");
    }
    return value;
  }
}
