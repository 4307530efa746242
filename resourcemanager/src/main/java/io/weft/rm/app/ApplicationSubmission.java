package io.weft.rm.app;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import java.time.Duration;
import java.util.List;

/**
 * A validated submission. The AM's launch context travels opaque (its serialized wire form): the
 * RM core never looks inside, only the AM launcher at the edge does.
 *
 * @param maxAttempts the effective limit (submission's, capped by the cluster's)
 * @param amResource normalized to the minimum allocation
 * @param keepContainersAcrossAttempts when an attempt fails and another follows, its running
 *     non-AM containers stay with the application and the next attempt's AM is handed them
 * @param lifetime how long after its submission the RM kills the application (YARN's ApplicationTimeouts
 *     LIFETIME); {@link Duration#ZERO} = no limit
 * @param unmanagedAm its AM runs in the submitting client (YARN's unmanaged AM): the RM launches no AM
 *     container, allocates no AM resource, gives the attempt's AMRM token to the owner and starts no second attempt
 * @param amNodeLabelExpression the node label (partition) its AM containers go to; "" = nodes without a label. The
 *     RM resolves a blank one (to the application's label, else the queue's default-node-label-expression) at
 *     submission, as YARN does
 * @param nodeLabelExpression the application's node label (YARN's ApplicationSubmissionContext.nodeLabelExpression):
 *     every ask of its AM that names no label goes there; "" = the queue's default-node-label-expression
 * @param amResourceName where its AM containers should run (the resource name of YARN's AM container request): a
 *     host, a node id {@code host:port} or a rack {@code /rack}, preferred as an executor's ask prefers it (delay
 *     scheduling, then anywhere); "" (or {@code *}) = anywhere
 */
public record ApplicationSubmission(ApplicationId id, String name, String queue, String user, String type,
    List<String> tags, int priority, Resource amResource, int maxAttempts, byte[] amLaunchContext,
    boolean keepContainersAcrossAttempts, Duration lifetime, boolean unmanagedAm, String amNodeLabelExpression,
    String nodeLabelExpression, String amResourceName) {
  public ApplicationSubmission {
    requireNonNull(lifetime, "lifetime");
    if (lifetime.isNegative()) {
      throw WeftException.invalidArgument("application lifetime " + lifetime.toSeconds() + " s must not be negative");
    }
    requireNonNull(id, "id");
    requireNonNull(name, "name");
    requireNonNull(queue, "queue");
    requireNonNull(user, "user");
    requireNonNull(type, "type");
    tags = List.copyOf(tags);
    requireNonNull(amResource, "amResource");
    amLaunchContext = amLaunchContext.clone();
    amNodeLabelExpression = amNodeLabelExpression == null ? "" : amNodeLabelExpression.strip();
    nodeLabelExpression = nodeLabelExpression == null ? "" : nodeLabelExpression.strip();
    amResourceName = amResourceName == null || amResourceName.isBlank() || amResourceName.strip().equals("*") ? ""
        : requireResourceName(id, amResourceName.strip());
  }

  /** A submission whose AM may run anywhere its labels allow. */
  public ApplicationSubmission(ApplicationId id, String name, String queue, String user, String type,
      List<String> tags, int priority, Resource amResource, int maxAttempts, byte[] amLaunchContext,
      boolean keepContainersAcrossAttempts, Duration lifetime, boolean unmanagedAm, String amNodeLabelExpression,
      String nodeLabelExpression) {
    this(id, name, queue, user, type, tags, priority, amResource, maxAttempts, amLaunchContext,
        keepContainersAcrossAttempts, lifetime, unmanagedAm, amNodeLabelExpression, nodeLabelExpression, "");
  }

  private static final java.util.regex.Pattern RESOURCE_NAME =
      java.util.regex.Pattern.compile("/[A-Za-z0-9._/-]+|[A-Za-z0-9._-]+(:[0-9]{1,5})?");

  private static String requireResourceName(ApplicationId id, String name) {
    if (!RESOURCE_NAME.matcher(name).matches()) {
      throw WeftException.invalidArgument("submission of " + id + " has am_resource_name '" + name + "': it must be "
          + "*, a host name, a node id host:port or a rack /name");
    }
    return name;
  }


  /** A submission without node labels: it goes to its queue's default partition. */
  public ApplicationSubmission(ApplicationId id, String name, String queue, String user, String type,
      List<String> tags, int priority, Resource amResource, int maxAttempts, byte[] amLaunchContext,
      boolean keepContainersAcrossAttempts, Duration lifetime, boolean unmanagedAm) {
    this(id, name, queue, user, type, tags, priority, amResource, maxAttempts, amLaunchContext,
        keepContainersAcrossAttempts, lifetime, unmanagedAm, "", "");
  }

  /** A submission whose AM the RM launches. */
  public ApplicationSubmission(ApplicationId id, String name, String queue, String user, String type,
      List<String> tags, int priority, Resource amResource, int maxAttempts, byte[] amLaunchContext,
      boolean keepContainersAcrossAttempts, Duration lifetime) {
    this(id, name, queue, user, type, tags, priority, amResource, maxAttempts, amLaunchContext,
        keepContainersAcrossAttempts, lifetime, false);
  }

  /** A submission without a lifetime. */
  public ApplicationSubmission(ApplicationId id, String name, String queue, String user, String type,
      List<String> tags, int priority, Resource amResource, int maxAttempts, byte[] amLaunchContext,
      boolean keepContainersAcrossAttempts) {
    this(id, name, queue, user, type, tags, priority, amResource, maxAttempts, amLaunchContext,
        keepContainersAcrossAttempts, Duration.ZERO);
  }

  /** A submission whose containers end with the attempt that was granted them. */
  public ApplicationSubmission(ApplicationId id, String name, String queue, String user, String type,
      List<String> tags, int priority, Resource amResource, int maxAttempts, byte[] amLaunchContext) {
    this(id, name, queue, user, type, tags, priority, amResource, maxAttempts, amLaunchContext, false);
  }

  /** This submission placed in leaf queue {@code leaf}. */
  public ApplicationSubmission inQueue(String leaf) {
    return new ApplicationSubmission(id, name, leaf, user, type, tags, priority, amResource, maxAttempts,
        amLaunchContext, keepContainersAcrossAttempts, lifetime, unmanagedAm, amNodeLabelExpression,
        nodeLabelExpression, amResourceName);
  }

  /** This submission at priority {@code newPriority}. */
  public ApplicationSubmission withPriority(int newPriority) {
    return new ApplicationSubmission(id, name, queue, user, type, tags, newPriority, amResource, maxAttempts,
        amLaunchContext, keepContainersAcrossAttempts, lifetime, unmanagedAm, amNodeLabelExpression,
        nodeLabelExpression, amResourceName);
  }

  /** This submission killed {@code newLifetime} after it was submitted ({@link Duration#ZERO}: never). */
  public ApplicationSubmission withLifetime(Duration newLifetime) {
    return new ApplicationSubmission(id, name, queue, user, type, tags, priority, amResource, maxAttempts,
        amLaunchContext, keepContainersAcrossAttempts, newLifetime, unmanagedAm, amNodeLabelExpression,
        nodeLabelExpression, amResourceName);
  }

  /** This submission with its AM containers in partition {@code label}. */
  public ApplicationSubmission withAmNodeLabelExpression(String label) {
    return new ApplicationSubmission(id, name, queue, user, type, tags, priority, amResource, maxAttempts,
        amLaunchContext, keepContainersAcrossAttempts, lifetime, unmanagedAm, label, nodeLabelExpression,
        amResourceName);
  }

  @Override
  public byte[] amLaunchContext() {
    return amLaunchContext.clone();
  }
}
