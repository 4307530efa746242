package io.weft.common.id;

import static java.util.Objects.requireNonNull;

import io.weft.common.rpc.WeftException;

/**
 * A container: {@code container_<clusterTimestamp>_<sequence4>_<attempt2>_<id6>}, or, for one
 * granted by a ResourceManager that restarted on its state store, YARN's
 * {@code container_e<epoch2>_<clusterTimestamp>_<sequence4>_<attempt2>_<id6>}. The epoch (the
 * RM's run on that store) lives in the id's bits from {@link #EPOCH_SHIFT} up, so ids granted after
 * a restart never collide with ones granted before it. The first container an RM grants an attempt
 * (its AM, unless the attempt was recovered) has sequence 1.
 */
public final class ContainerId implements Comparable<ContainerId> {
  public static final int EPOCH_SHIFT = 40;
  private static final long SEQUENCE_MASK = (1L << EPOCH_SHIFT) - 1;
  private static final String PREFIX = "container_";
  private static final String EXAMPLE = "container_1700000000000_0001_01_000001";
  private final ApplicationAttemptId attemptId;
  private final long id;
  /**
   * The id's text, made the first time it is asked for: the RM names each container in many answers (its grant, its
   * token, its completion, the clean-ups of its node's heartbeats), and making the text each time was a tenth of
   * what the reply threads allocated. Racy but benign, as String's hash: every thread makes the same text.
   */
  private String text;

  /**
   * Number 0 of an attempt is never granted: it names an unmanaged AM's virtual container (as in YARN, whose
   * UnmanagedAMLauncher gives its AM {@code container_..._000000}); granted containers start at 1.
   */
  public ContainerId(ApplicationAttemptId attemptId, long id) {
    this.attemptId = requireNonNull(attemptId, "attemptId");
    if (id < 0) {
      throw WeftException.invalidArgument("container number must not be negative, got " + id);
    }
    this.id = id;
  }

  /** The first container number an RM of epoch {@code epoch} grants an attempt. */
  public static long firstNumber(int epoch) {
    return ((long) epoch << EPOCH_SHIFT) + 1;
  }

  public static ContainerId parse(String text) {
    long epoch = 0;
    long[] numbers;
    if (text != null && text.startsWith(PREFIX + "e")) {
      int end = text.indexOf('_', PREFIX.length());
      if (end < 0 || !IdParts.allDigits(text, PREFIX.length() + 1, end)) {
        throw WeftException.invalidArgument("'" + text + "' is not a valid container id (expected e.g. " + EXAMPLE
            + " or container_e01_1700000000000_0001_01_000001)");
      }
      epoch = IdParts.number(text, PREFIX.length() + 1, end);
      numbers = IdParts.numbers(text, end + 1, 4, "container id", EXAMPLE);
    } else {
      numbers = IdParts.numbers(text, PREFIX, 4, "container id", EXAMPLE);
    }
    long sequence = numbers[3];
    if (epoch > Integer.MAX_VALUE || sequence > SEQUENCE_MASK) {
      throw WeftException.invalidArgument("'" + text + "' has an epoch or container number out of range");
    }
    ApplicationId app = new ApplicationId(numbers[0], (int) numbers[1]);
    return new ContainerId(new ApplicationAttemptId(app, (int) numbers[2]), (epoch << EPOCH_SHIFT) | sequence);
  }

  public ApplicationAttemptId attemptId() {
    return attemptId;
  }

  /** The number within its attempt, the RM's epoch in its high bits. */
  public long id() {
    return id;
  }

  public ApplicationId applicationId() {
    return attemptId.applicationId();
  }

  /** The run of the RM that granted it: 0 before any restart. */
  public int epoch() {
    return (int) (id >>> EPOCH_SHIFT);
  }

  @Override
  public String toString() {
    String made = text;
    if (made == null) {
      made = format();
      text = made;
    }
    return made;
  }

  private String format() {
    StringBuilder text = new StringBuilder(48).append(PREFIX);
    if (epoch() != 0) {
      IdParts.appendPadded(text.append('e'), epoch(), 2).append('_');
    }
    attemptId.applicationId().appendSuffix(text).append('_');
    IdParts.appendPadded(text, attemptId.attempt(), 2).append('_');
    return IdParts.appendPadded(text, id & SEQUENCE_MASK, 6).toString();
  }

  /**
   * A record's hash (31 × the attempt's + the number) gave containers of neighbouring applications the same
   * hashes, since their numbers overlap: a busy RM's maps of containers piled into a few bins. The attempt's hash
   * is spread by a large odd factor instead.
   */
  @Override
  public int hashCode() {
    return attemptId.hashCode() * 0x9E3779B9 + Long.hashCode(id);
  }

  // written out: docs/design.md, "Record keys in hash maps"
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof ContainerId other && id == other.id && attemptId.equals(other.attemptId);
  }

  @Override
  public int compareTo(ContainerId other) {
    int byAttempt = attemptId.compareTo(other.attemptId);
    return byAttempt != 0 ? byAttempt : Long.compare(id, other.id);
  }
}
