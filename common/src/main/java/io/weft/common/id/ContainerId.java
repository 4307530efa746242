package io.weft.common.id;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;

/**
 * A container: {@code container_<clusterTimestamp>_<sequence4>_<attempt2>_<id6>}. The AM container
 * of every attempt has id 1.
 */
public record ContainerId(ApplicationAttemptId attemptId, long id) implements Comparable<ContainerId> {
  private static final String PREFIX = "container_";

  public ContainerId {
    requireNonNull(attemptId, "attemptId");
    if (id <= 0) {
      throw WeftException.invalidArgument("container number must be positive, got " + id);
    }
  }

  public static ContainerId parse(String text) {
    String[] parts = IdParts.split(text, PREFIX, 4, "container id", "container_1700000000000_0001_01_000001");
    ApplicationId app = new ApplicationId(IdParts.number(parts[0], text), (int) IdParts.number(parts[1], text));
    return new ContainerId(new ApplicationAttemptId(app, (int) IdParts.number(parts[2], text)), IdParts.number(parts[3], text));
  }

  public ApplicationId applicationId() {
    return attemptId.applicationId();
  }

  @Override
  public String toString() {
    return PREFIX + attemptId.applicationId().suffix() + "_" + IdParts.pad(attemptId.attempt(), 2) + "_"
        + IdParts.pad(id, 6);
  }

  @Override
  public int compareTo(ContainerId other) {
    int byAttempt = attemptId.compareTo(other.attemptId);
    return byAttempt != 0 ? byAttempt : Long.compare(id, other.id);
  }
}
