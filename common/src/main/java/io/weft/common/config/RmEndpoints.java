package io.weft.common.config;

import io.weft.common.id.HostPort;
import io.weft.common.rpc.WeftException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the ResourceManagers are: one, at {@code weft.resourcemanager.address}, or with HA one per id
 * of {@code weft.resourcemanager.ha.rm-ids}, at {@code weft.resourcemanager.address.<id>} and
 * {@code weft.resourcemanager.webapp.address.<id>} (YARN's names). Everything that dials the RM takes
 * the whole list and fails over along it.
 */
public final class RmEndpoints {
  /** One ResourceManager: its HA id (empty without HA), gRPC address and web address. */
  public record Endpoint(String id, HostPort rpc, HostPort web) {
    /** Where this RM's gRPC server listens ({@code bindHost}, else its address's host) and what it advertises. */
    public ServerAddress rpcServer(String bindHost) {
      return ServerAddress.of(rpc, bindHost, id.isEmpty() ? CommonKeys.RM_ADDRESS.key() : rpcKey(id));
    }

    /** Where this RM's web server listens ({@code bindHost}, else its address's host) and what it advertises. */
    public ServerAddress webServer(String bindHost) {
      return ServerAddress.of(web, bindHost, id.isEmpty() ? CommonKeys.RM_WEBAPP_ADDRESS.key() : webKey(id));
    }
  }

  private RmEndpoints() {}

  /** Every ResourceManager, in the order of {@code weft.resourcemanager.ha.rm-ids}. */
  public static List<Endpoint> of(WeftConfig config) {
    if (!config.get(CommonKeys.RM_HA_ENABLED)) {
      return List.of(new Endpoint("", HostPort.parse(config.get(CommonKeys.RM_ADDRESS), CommonKeys.RM_ADDRESS.key()),
          HostPort.parse(config.get(CommonKeys.RM_WEBAPP_ADDRESS), CommonKeys.RM_WEBAPP_ADDRESS.key())));
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (String id : ids(config)) {
      endpoints.add(new Endpoint(id, HostPort.parse(required(config, rpcKey(id)), rpcKey(id)),
          HostPort.parse(required(config, webKey(id)), webKey(id))));
    }
    return List.copyOf(endpoints);
  }

  /** The gRPC addresses of {@link #of}. */
  public static List<HostPort> rpcAddresses(WeftConfig config) {
    return of(config).stream().map(Endpoint::rpc).toList();
  }

  /** The ids of {@code weft.resourcemanager.ha.rm-ids}; fails naming the key when there are none or repeats. */
  public static List<String> ids(WeftConfig config) {
    String text = config.get(CommonKeys.RM_HA_RM_IDS);
    Set<String> ids = new LinkedHashSet<>();
    for (String part : text.split(",")) {
      String id = part.strip();
      if (id.isEmpty()) {
        continue;
      }
      if (!id.matches("[A-Za-z0-9_-]+")) {
        throw new ConfigException("configuration " + CommonKeys.RM_HA_RM_IDS.key() + "=" + text + ": id '" + id
            + "' may hold only letters, digits, '-' and '_'");
      }
      if (!ids.add(id)) {
        throw new ConfigException("configuration " + CommonKeys.RM_HA_RM_IDS.key() + "=" + text + " names " + id
            + " twice");
      }
    }
    if (ids.isEmpty()) {
      throw new ConfigException(CommonKeys.RM_HA_ENABLED.key() + " is true but " + CommonKeys.RM_HA_RM_IDS.key()
          + " names no ResourceManager; set it to the ids of the RMs, e.g. rm1,rm2");
    }
    return List.copyOf(ids);
  }

  /**
   * The keys every daemon and client of an HA cluster of {@code endpoints} shares: HA on, the ids in
   * order and each RM's gRPC and web address.
   */
  public static Map<String, String> haKeys(List<Endpoint> endpoints) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(CommonKeys.RM_HA_ENABLED.key(), "true");
    keys.put(CommonKeys.RM_HA_RM_IDS.key(), String.join(",", endpoints.stream().map(Endpoint::id).toList()));
    for (Endpoint endpoint : endpoints) {
      keys.put(rpcKey(endpoint.id()), endpoint.rpc().toString());
      keys.put(webKey(endpoint.id()), endpoint.web().toString());
    }
    return keys;
  }

  /** {@code weft.resourcemanager.address.<id>}. */
  public static String rpcKey(String id) {
    return CommonKeys.RM_ADDRESS.key() + "." + id;
  }

  /** {@code weft.resourcemanager.webapp.address.<id>}. */
  public static String webKey(String id) {
    return CommonKeys.RM_WEBAPP_ADDRESS.key() + "." + id;
  }

  /** The addresses as one value ({@code host:port,host:port}), e.g. for an AM's environment. */
  public static String join(List<HostPort> addresses) {
    return String.join(",", addresses.stream().map(HostPort::toString).toList());
  }

  /** Parses {@link #join}'s form; {@code what} names the value in errors (with the whole list when it has several). */
  public static List<HostPort> parseList(String text, String what) {
    List<HostPort> addresses = new ArrayList<>();
    String entry = text.contains(",") ? what + " '" + text + "': entry" : what;
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        addresses.add(HostPort.parse(part.strip(), entry));
      }
    }
    if (addresses.isEmpty()) {
      throw WeftException.invalidArgument(what + " '" + text + "' names no host:port");
    }
    return List.copyOf(addresses);
  }

  private static String required(WeftConfig config, String key) {
    return config.raw(key).filter(v -> !v.isBlank()).orElseThrow(() -> new ConfigException(
        CommonKeys.RM_HA_ENABLED.key() + " is true and " + CommonKeys.RM_HA_RM_IDS.key() + " names this RM, but "
            + key + " is not set; set it to host:port"));
  }
}
