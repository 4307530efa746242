package io.weft.common.id;

import io.weft.common.rpc.WeftException;

/** An application, named as YARN names it: {@code application_<clusterTimestamp>_<sequence4>}. */
public record ApplicationId(long clusterTimestamp, int sequence) implements Comparable<ApplicationId> {
  private static final String PREFIX = "application_";

  public ApplicationId {
    if (clusterTimestamp <= 0 || sequence <= 0) {
      throw WeftException.invalidArgument(
          "application id needs a positive cluster timestamp and sequence, got " + clusterTimestamp + "/" + sequence);
    }
  }

  public static ApplicationId parse(String text) {
    long[] numbers = IdParts.numbers(text, PREFIX, 2, "application id", "application_1700000000000_0001");
    return new ApplicationId(numbers[0], (int) numbers[1]);
  }

  // equals and hashCode written out: docs/design.md, "Record keys in hash maps"
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof ApplicationId other && clusterTimestamp == other.clusterTimestamp
        && sequence == other.sequence;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(clusterTimestamp) * 31 + sequence;
  }

  @Override
  public String toString() {
    return appendSuffix(new StringBuilder(32).append(PREFIX)).toString();
  }

  /** Appends the part YARN's other ids embed: {@code <clusterTimestamp>_<sequence4>}. */
  StringBuilder appendSuffix(StringBuilder to) {
    return IdParts.appendPadded(to.append(clusterTimestamp).append('_'), sequence, 4);
  }

  @Override
  public int compareTo(ApplicationId other) {
    int byTs = Long.compare(clusterTimestamp, other.clusterTimestamp);
    return byTs != 0 ? byTs : Integer.compare(sequence, other.sequence);
  }
}
