package io.weft.rm.rpc;

import io.weft.common.resource.Resource;
import io.weft.common.rpc.Resources;
import io.weft.common.rpc.WeftException;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.LocalResource;
import io.weft.proto.LocalResourceType;
import io.weft.proto.LocalResourceVisibility;
import io.weft.rm.app.ApplicationSubmission;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A submission that arrived over REST (YARN's submit-application JSON, already parsed by the web
 * layer), turned into the same {@link ApplicationSubmission} a gRPC client's would be, through the
 * same checks.
 *
 * @param command the AM's argv
 * @param localResources link name -> resource
 * @param amNodeLabelExpression YARN's {@code am-container-node-label-expression}
 * @param nodeLabelExpression YARN's {@code app-node-label-expression}
 */
public record RestSubmission(String applicationId, String name, String queue, String user, String type,
    List<String> tags, int priority, Resource amResource, int maxAttempts, boolean unmanagedAm,
    boolean keepContainersAcrossAttempts, List<String> command, Map<String, String> environment,
    Map<String, LocalFile> localResources, String amNodeLabelExpression, String nodeLabelExpression) {

  /** One local resource: uri (staging:, file:, http(s):, local:), FILE or ARCHIVE, visibility, size. */
  public record LocalFile(String uri, String type, String visibility, long size) {}

  public RestSubmission {
    tags = List.copyOf(tags);
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
    localResources = Map.copyOf(localResources);
    amNodeLabelExpression = amNodeLabelExpression == null ? "" : amNodeLabelExpression;
    nodeLabelExpression = nodeLabelExpression == null ? "" : nodeLabelExpression;
  }

  /** This submission with {@code owner} as its user (the authenticated caller). */
  public RestSubmission ownedBy(String owner) {
    return new RestSubmission(applicationId, name, queue, owner, type, tags, priority, amResource, maxAttempts,
        unmanagedAm, keepContainersAcrossAttempts, command, environment, localResources, amNodeLabelExpression,
        nodeLabelExpression);
  }

  public ApplicationSubmission toSubmission() {
    ContainerLaunchContext.Builder launch = ContainerLaunchContext.newBuilder().addAllCommand(command)
        .putAllEnvironment(environment);
    localResources.forEach((link, r) -> launch.putLocalResources(link, LocalResource.newBuilder().setUri(r.uri())
        .setType(enumValue(LocalResourceType.class, r.type(), LocalResourceType.FILE, "local resource " + link
            + " type"))
        .setVisibility(enumValue(LocalResourceVisibility.class, r.visibility(), LocalResourceVisibility.APPLICATION,
            "local resource " + link + " visibility"))
        .setSize(Math.max(0, r.size())).build()));
    ApplicationSubmissionContext context = ApplicationSubmissionContext.newBuilder()
        .setApplicationId(applicationId == null ? "" : applicationId).setName(name == null ? "" : name)
        .setQueue(queue == null ? "" : queue).setUser(user == null ? "" : user).setApplicationType(type == null ? ""
            : type)
        .addAllApplicationTags(tags).setPriority(priority).setAmResource(Resources.toProto(amResource))
        .setMaxAppAttempts(maxAttempts).setUnmanagedAm(unmanagedAm)
        .setKeepContainersAcrossApplicationAttempts(keepContainersAcrossAttempts).setAmContainerSpec(launch)
        .setAmNodeLabelExpression(amNodeLabelExpression).setNodeLabelExpression(nodeLabelExpression).build();
    return RmProtos.fromProto(context);
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, E fallback, String what) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      E e = Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
      if (e.name().equals("UNRECOGNIZED")) {
        throw new IllegalArgumentException(value);
      }
      return e;
    } catch (IllegalArgumentException e) {
      throw WeftException.invalidArgument(what + " '" + value + "' is not one of "
          + java.util.Arrays.toString(type.getEnumConstants()));
    }
  }
}
