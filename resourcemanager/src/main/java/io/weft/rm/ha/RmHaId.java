package io.weft.rm.ha;

import io.weft.common.config.ConfigException;
import io.weft.common.config.RmEndpoints;
import io.weft.common.config.WeftConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.List;

/** Which of the configured ResourceManagers this process is (YARN's rule). */
public final class RmHaId {
  private RmHaId() {}

  /**
   * {@code weft.resourcemanager.ha.id} when set (it must be one of {@code weft.resourcemanager.ha.rm-ids}),
   * else the one id whose {@code weft.resourcemanager.address.<id>} is an address of this host.
   */
  public static String of(WeftConfig config) {
    List<RmEndpoints.Endpoint> endpoints = RmEndpoints.of(config);
    List<String> ids = endpoints.stream().map(RmEndpoints.Endpoint::id).toList();
    String configured = config.get(HaKeys.HA_ID).strip();
    if (!configured.isEmpty()) {
      if (!ids.contains(configured)) {
        throw new ConfigException("configuration " + HaKeys.HA_ID.key() + "=" + configured + " is not one of "
            + io.weft.common.config.CommonKeys.RM_HA_RM_IDS.key() + " " + ids);
      }
      return configured;
    }
    List<String> local = endpoints.stream().filter(e -> isLocal(e.rpc().host())).map(RmEndpoints.Endpoint::id).toList();
    if (local.size() == 1) {
      return local.get(0);
    }
    throw new ConfigException(local.isEmpty()
        ? "cannot tell which ResourceManager this is: none of " + ids.stream().map(RmEndpoints::rpcKey).toList()
            + " is an address of this host; set " + HaKeys.HA_ID.key()
        : "cannot tell which ResourceManager this is: " + local.stream().map(RmEndpoints::rpcKey).toList()
            + " are all addresses of this host; set " + HaKeys.HA_ID.key() + " to one of " + local);
  }

  private static boolean isLocal(String host) {
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.isAnyLocalAddress() || address.isLoopbackAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (UnknownHostException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
