package io.weft.driver.serialize;

/**
 * How big a graph one deserialization may read: one task, one task result, one shuffle record.
 * Serialization allocates what the stream claims before it reads it, so these bound memory and
 * stack whatever the bytes say.
 *
 * @param maxDepth the deepest nesting of objects (stack use)
 * @param maxArrayLength the most elements of one object array
 * @param maxReferences the most objects and back-references (the stream's handle table)
 * @param maxBytes the most bytes; a primitive array may not claim more than this either
 */
public record DeserializationLimits(long maxDepth, long maxArrayLength, long maxReferences, long maxBytes) {
  /**
   * Far above what tasks, results (at most 64 MiB, the driver's gRPC message limit) and shuffle
   * records need, far below what would exhaust an executor or the driver.
   */
  public static final DeserializationLimits DEFAULT =
      new DeserializationLimits(2_000, 16 * 1024 * 1024, 64 * 1024 * 1024, 256L * 1024 * 1024);

  public DeserializationLimits {
    if (maxDepth < 1 || maxArrayLength < 0 || maxReferences < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("deserialization limits must be positive: depth " + maxDepth
          + ", array length " + maxArrayLength + ", references " + maxReferences + ", bytes " + maxBytes);
    }
  }
}
