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
    String[] parts = IdParts.split(text, PREFIX, 2, "application id", "application_1700000000000_0001");
    return new ApplicationId(IdParts.number(parts[0], text), (int) IdParts.number(parts[1], text));
  }

  @Override
  public String toString() {
    return PREFIX + clusterTimestamp + "_" + IdParts.pad(sequence, 4);
  }

  /** The part YARN's other ids embed: {@code <clusterTimestamp>_<sequence4>}. */
  String suffix() {
    return clusterTimestamp + "_" + IdParts.pad(sequence, 4);
  }

  @Override
  public int compareTo(ApplicationId other) {
    int byTs = Long.compare(clusterTimestamp, other.clusterTimestamp);
    return byTs != 0 ? byTs : Integer.compare(sequence, other.sequence);
  }
}
