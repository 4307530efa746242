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
    long[] numbers = IdParts.numbers(text, PREFIX, 3, "application attempt id", "appattempt_1700000000000_0001_000001");
    return new ApplicationAttemptId(new ApplicationId(numbers[0], (int) numbers[1]), (int) numbers[2]);
  }

  // equals and hashCode written out: docs/design.md, "Record keys in hash maps"
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof ApplicationAttemptId other && attempt == other.attempt
        && applicationId.equals(other.applicationId);
  }

  @Override
  public int hashCode() {
    return applicationId.hashCode() * 31 + attempt;
  }

  @Override
  public String toString() {
    StringBuilder text = applicationId.appendSuffix(new StringBuilder(40).append(PREFIX)).append('_');
    return IdParts.appendPadded(text, attempt, 6).toString();
  }

  @Override
  public int compareTo(ApplicationAttemptId other) {
    int byApp = applicationId.compareTo(other.applicationId);
    return byApp != 0 ? byApp : Integer.compare(attempt, other.attempt);
  }
}
