package io.weft.nm.rpc;

import io.weft.common.launch.ExitStatus;
import io.weft.common.rpc.Resources;
import io.weft.nm.container.ContainerAllocation;
import io.weft.nm.container.ContainerReport;
import io.weft.nm.container.ContainerSpec;
import io.weft.nm.localize.LocalResourceSpec;
import io.weft.proto.ContainerFailure;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerState;
import io.weft.proto.ContainerStatus;
import io.weft.proto.LocalResource;
import io.weft.proto.LocalResourceType;
import java.util.LinkedHashMap;
import java.util.Map;

/** Wire form <-> domain records for the NM's services. */
final class ProtoMapping {
  private ProtoMapping() {}

  static ContainerSpec toSpec(ContainerGrant grant, ContainerLaunchContext context) {
    Map<String, LocalResourceSpec> resources = new LinkedHashMap<>();
    context.getLocalResourcesMap().forEach((link, r) -> resources.put(link, toSpec(r)));
    return new ContainerSpec(grant.containerId(), grant.user(), grant.resource(), context.getCommandList(),
        context.getEnvironmentMap(), resources, serviceData(context),
        new ContainerAllocation(grant.priority(), grant.allocationRequestId(), grant.created(), grant.expiry()));
  }

  private static Map<String, byte[]> serviceData(ContainerLaunchContext context) {
    Map<String, byte[]> data = new LinkedHashMap<>();
    context.getServiceDataMap().forEach((name, bytes) -> data.put(name, bytes.toByteArray()));
    return data;
  }

  private static LocalResourceSpec toSpec(LocalResource r) {
    LocalResourceSpec.Type type = r.getType() == LocalResourceType.ARCHIVE ? LocalResourceSpec.Type.ARCHIVE
        : LocalResourceSpec.Type.FILE;
    return new LocalResourceSpec(r.getUri(), type, r.getSize(), r.getSha256());
  }

  /** Running (any state before completion) or complete, with exit status and diagnostics. */
  static ContainerStatus toProto(ContainerReport report) {
    return ContainerStatus.newBuilder()
        .setContainerId(report.id().toString())
        .setState(report.isCompleted() ? ContainerState.CONTAINER_COMPLETE : ContainerState.CONTAINER_RUNNING)
        .setExitStatus(report.isCompleted() ? report.exitStatus() : io.weft.common.launch.ExitStatus.INVALID)
        .setDiagnostics(report.diagnostics())
        .setCapability(Resources.toProto(report.resource()))
        .setPriority(report.allocation().priority())
        .setCreationTimeMs(report.allocation().creationTime().toEpochMilli())
        .setAllocationRequestId(report.allocation().allocationRequestId())
        .build();
  }

  static ContainerFailure failure(String containerId, io.weft.common.rpc.WeftException e) {
    return ContainerFailure.newBuilder().setContainerId(containerId).setCode(e.code().name())
        .setMessage(e.getMessage()).build();
  }
}
