package io.weft.it.chaos;

import java.time.Duration;
import java.util.Set;

/**
 * One kill -9 of a chaos run.
 *
 * @param at how long after the run started
 * @param target what was killed, for people: a container id with its pids, an NM, the RM
 * @param names what a diagnostic of an application it hit may name to say why it failed: the killed
 *     container ids, the killed node's id, the RM's address
 * @param applications the names of the applications it hit: a container of theirs was killed or lived on
 *     the killed node; an RM kill hits every application in flight
 */
record Kill(int number, Duration at, Kind kind, String target, Set<String> names, Set<String> applications) {
  enum Kind {
    EXECUTOR("executor"), AM("AM container"), NODE_MANAGER("NodeManager"), RESOURCE_MANAGER("ResourceManager");

    final String label;

    Kind(String label) {
      this.label = label;
    }
  }

  /** True if {@code diagnostics} name this kill: a killed container, the killed node, the RM. */
  boolean namedIn(String diagnostics) {
    return names.stream().anyMatch(diagnostics::contains);
  }

  @Override
  public String toString() {
    return "kill " + number + " at " + at.toSeconds() + " s: " + kind.label + " " + target + ", hit " + applications;
  }
}
