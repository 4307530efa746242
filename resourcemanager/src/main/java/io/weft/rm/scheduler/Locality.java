package io.weft.rm.scheduler;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Where an ask wants its containers: named hosts (a host name, or a node id {@code host:port}),
 * named racks (names that start with {@code /}), or anywhere when both are empty. With
 * {@code relax} the scheduler waits a bounded time for a node-local slot, then for a rack-local
 * one, then takes any node (delay scheduling); without it, only the named hosts and racks will do.
 */
public record Locality(SortedSet<String> hosts, SortedSet<String> racks, boolean relax) {
  public static final Locality ANY = new Locality(new TreeSet<>(), new TreeSet<>(), true);

  public Locality {
    hosts = Collections.unmodifiableSortedSet(new TreeSet<>(hosts));
    racks = Collections.unmodifiableSortedSet(new TreeSet<>(racks));
  }

  public static Locality of(Set<String> hosts, Set<String> racks, boolean relax) {
    return hosts.isEmpty() && racks.isEmpty() ? ANY : new Locality(new TreeSet<>(hosts), new TreeSet<>(racks), relax);
  }

  /** True for YARN's {@code *}: no preference. */
  public boolean isAny() {
    return hosts.isEmpty() && racks.isEmpty();
  }

  /** Rack names start with '/', as in YARN's topology ({@code /default-rack}); anything else is a host. */
  public static boolean isRack(String resourceName) {
    return resourceName.startsWith("/");
  }

  /** Hosts then racks, for reasons: {@code host-3, /rack-a}. */
  String describe() {
    TreeSet<String> all = new TreeSet<>(hosts);
    all.addAll(racks);
    return String.join(", ", all);
  }
}
