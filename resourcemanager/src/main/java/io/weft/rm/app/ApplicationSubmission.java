package io.weft.rm.app;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import java.util.List;

/**
 * A validated submission. The AM's launch context travels opaque (its serialized wire form): the
 * RM core never looks inside, only the AM launcher at the edge does.
 *
 * @param maxAttempts the effective limit (submission's, capped by the cluster's)
 * @param amResource normalized to the minimum allocation
 * @param keepContainersAcrossAttempts when an attempt fails and another follows, its running
 *     non-AM containers stay with the application and the next attempt's AM is handed them
 */
public record ApplicationSubmission(ApplicationId id, String name, String queue, String user, String type,
    List<String> tags, int priority, Resource amResource, int maxAttempts, byte[] amLaunchContext,
    boolean keepContainersAcrossAttempts) {
  public ApplicationSubmission {
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(queue, "queue");
    requireNonNull(user, "user");
    requireNonNull(type, "type");
    tags = List.copyOf(tags);
    requireNonNull(amResource, "amResource");
    amLaunchContext = amLaunchContext.clone();
  }

  /** A submission whose containers end with the attempt that was granted them. */
  public ApplicationSubmission(ApplicationId id, String name, String queue, String user, String type,
      List<String> tags, int priority, Resource amResource, int maxAttempts, byte[] amLaunchContext) {
    this(id, name, queue, user, type, tags, priority, amResource, maxAttempts, amLaunchContext, false);
  }

  /** This submission placed in leaf queue {@code leaf}. */
  public ApplicationSubmission inQueue(String leaf) {
    return new ApplicationSubmission(id, name, leaf, user, type, tags, priority, amResource, maxAttempts,
        amLaunchContext, keepContainersAcrossAttempts);
  }

  @Override
  public byte[] amLaunchContext() {
    return amLaunchContext.clone();
  }
}
