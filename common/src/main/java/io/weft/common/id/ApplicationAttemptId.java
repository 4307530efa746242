package io.weft.common.id;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;

/** One attempt of an application: {@code appattempt_<clusterTimestamp>_<sequence4>_<attempt6>}. */
public record ApplicationAttemptId(ApplicationId applicationId, int attempt)
    implements Comparable<ApplicationAttemptId> {
  private static final String PREFIX = "appattempt_";

  public ApplicationAttemptId {
    requireNonNull(applicationId, "applicationId");
    if (attempt <= 0) {
      throw WeftException.invalidArgument("attempt number must be positive, got " + attempt);
    }
  }

  public static ApplicationAttemptId parse(String text) {
    String[] parts = IdParts.split(text, PREFIX, 3, "application attempt id", "appattempt_1700000000000_0001_000001");
    ApplicationId app = new ApplicationId(IdParts.number(parts[0], text), (int) IdParts.number(parts[1], text));
    return new ApplicationAttemptId(app, (int) IdParts.number(parts[2], text));
  }

  @Override
  public String toString() {
    return PREFIX + applicationId.suffix() + "_" + IdParts.pad(attempt, 6);
  }

  @Override
  public int compareTo(ApplicationAttemptId other) {
    int byApp = applicationId.compareTo(other.applicationId);
    return byApp != 0 ? byApp : Integer.compare(attempt, other.attempt);
  }
}
