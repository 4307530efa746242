package io.weft.common.rpc;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for servers bound later (daemons that must know each other's ports before they start, tests), or bound
 * again after a restart. They lie below the kernel's ephemeral range: a port found with {@code bind(0)} comes from that range, and between the probe and the
 * server's bind (or while a killed daemon is down) any outgoing connection on the host may be given it as
 * its local port, and the bind then fails.
 */
public final class StablePorts {
  private static final int TRIES = 1000;
  /**
   * Every port handed out in this process: a caller binds its ports later, so two calls a moment apart could
   * otherwise both find the same port free (two RMs of one HA pair given one web port). Forgotten all at once
   * when half the range has been handed out.
   */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final int EPHEMERAL_START = ephemeralRangeStart();

  private StablePorts() {}

  /** One free port of 127.0.0.1. */
  public static int free() {
    return free("127.0.0.1", 1).get(0);
  }

  /** {@code count} different ports free on {@code host} now. */
  public static List<Integer> free(String host, int count) {
    int ephemeralLow = EPHEMERAL_START;
    int low = Math.max(1024, ephemeralLow - 20_000);
    if (HANDED_OUT.size() > (ephemeralLow - low) / 2) {
      HANDED_OUT.clear();
    }
    List<Integer> ports = new ArrayList<>();
    for (int tries = 0; ports.size() < count; tries++) {
      if (tries == TRIES) {
        throw new IllegalStateException("no " + count + " free ports on " + host + " in " + low + "-"
            + (ephemeralLow - 1) + " after " + TRIES + " tries");
      }
      int port = low + ThreadLocalRandom.current().nextInt(ephemeralLow - low);
      if (bindable(host, port) && HANDED_OUT.add(port)) {
        ports.add(port);
      }
    }
    return List.copyOf(ports);
  }

  private static boolean bindable(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of Linux's ephemeral range ({@code net.ipv4.ip_local_port_range}); 32768 if unreadable. */
  static int ephemeralRangeStart() {
    // In one read of enough bytes: the file reports size 0, so Files.readString reads a single byte first, and the
    // kernel answers a sysctl read at any offset but 0 with end-of-file ("3" of "32768": ports from 1024 to 2047).
    try (InputStream in = Files.newInputStream(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
      String range = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
      return Math.max(2048, Integer.parseInt(range.split("\\s+")[0]));
    } catch (IOException | RuntimeException e) {
      return 32768;
    }
  }
}
