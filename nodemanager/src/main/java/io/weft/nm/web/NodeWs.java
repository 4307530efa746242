package io.weft.nm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import io.weft.common.version.Versions;
import io.weft.nm.application.ApplicationReport;
import io.weft.nm.application.Applications;
import io.weft.nm.container.ContainerManager;
import io.weft.nm.container.ContainerReport;
import io.weft.nm.container.ContainerState;
import io.weft.nm.health.NodeHealth;
import io.weft.nm.logs.ContainerLogs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The JSON of the NodeManager's REST API ({@code /ws/v1/node…}) in the shapes and with the field names a
 * Hadoop YARN 3.4 NodeManager sends; what Weft cannot measure is sent as YARN sends it and listed in
 * docs/web.md.
 */
final class NodeWs {
  /**
   * YARN's default {@code yarn.nodemanager.vmem-pmem-ratio}: YARN reports the node's memory times this as
   * its containers' virtual-memory allowance. Weft does not limit virtual memory (vmemCheckEnabled is
   * false), so it reports what a YARN NM with that check off and the default ratio reports.
   */
  static final float YARN_DEFAULT_VMEM_PMEM_RATIO = 2.1f;
  /** YARN's ContainerExitStatus.INVALID: the exit code of a container that has not exited. */
  static final int EXIT_CODE_NOT_EXITED = -1000;

  private final NmWebApp.NodeFacts node;
  private final ContainerManager containers;
  private final Applications applications;
  private final ContainerLogs logs;
  private final String scheme;

  NodeWs(NmWebApp.NodeFacts node, ContainerManager containers, Applications applications, ContainerLogs logs,
      String scheme) {
    this.node = requireNonNull(node);
    this.containers = requireNonNull(containers);
    this.applications = requireNonNull(applications);
    this.logs = requireNonNull(logs);
    this.scheme = requireNonNull(scheme);
  }

  Map<String, Object> info() {
    Resource capability = containers.capability();
    Resource used = containers.allocated();
    NodeHealth health = node.health().get();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("healthReport", health.report());
    m.put("totalVmemAllocatedContainersMB", (long) (capability.memoryMb() * YARN_DEFAULT_VMEM_PMEM_RATIO));
    m.put("totalPmemAllocatedContainersMB", capability.memoryMb());
    m.put("totalVCoresAllocatedContainers", capability.vcores());
    m.put("vmemCheckEnabled", false);
    m.put("pmemCheckEnabled", node.pmemCheckEnabled());
    m.put("lastNodeUpdateTime", health.checked().toEpochMilli());
    m.put("resourceTypes", resourceTypes(capability));
    m.put("nodeHealthy", health.healthy());
    m.put("nodeManagerVersion", Versions.WEFT);
    m.put("nodeManagerBuildVersion", Versions.WEFT + " (Weft)");
    m.put("nodeManagerVersionBuiltOn", "");
    m.put("hadoopVersion", Versions.HADOOP_API);
    m.put("hadoopBuildVersion", Versions.HADOOP_API + " (the Hadoop YARN API of Weft " + Versions.WEFT + ")");
    m.put("hadoopVersionBuiltOn", "");
    m.put("id", node.nodeId().toString());
    m.put("nodeHostName", node.nodeId().host());
    m.put("nmStartupTime", node.startedAt().toEpochMilli());
    // Weft's own
    m.put("usedMemoryMB", used.memoryMb());
    m.put("usedVirtualCores", used.vcores());
    m.put("registeredWithResourceManager", node.registered().getAsBoolean());
    return m;
  }

  /** YARN's form: {@code memory-mb (unit=Mi), vcores}, then any other resource this node offers. */
  private static String resourceTypes(Resource capability) {
    StringBuilder b = new StringBuilder("memory-mb (unit=Mi), vcores");
    capability.others().keySet().forEach(name -> b.append(", ").append(name));
    return b.toString();
  }

  List<Map<String, Object>> apps() {
    return applications.reports().stream().map(NodeWs::app).toList();
  }

  Map<String, Object> app(String text) {
    ApplicationId id;
    try {
      id = ApplicationId.parse(text);
    } catch (WeftException e) {
      throw WeftException.invalidArgument("Invalid ApplicationId: " + text);
    }
    // YARN's words, exception prefix included, so the body is the one YARN sends
    return app(applications.report(id).orElseThrow(() -> WeftException.notFound(
        "java.lang.Exception: app with id " + id + " not found")));
  }

  private static Map<String, Object> app(ApplicationReport a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", a.id().toString());
    m.put("state", a.state().name());
    m.put("user", a.user());
    if (!a.containerIds().isEmpty()) {
      // YARN leaves the list out once no container of the application is left
      m.put("containerids", a.containerIds().stream().map(ContainerId::toString).toList());
    }
    return m;
  }

  /** {@code logsVisible}: whether the caller may see an application's log file names. */
  List<Map<String, Object>> containers(Predicate<ApplicationId> logsVisible) {
    return containers.reports().stream().map(c -> container(c, logsVisible)).toList();
  }

  Map<String, Object> container(ContainerId id, Predicate<ApplicationId> logsVisible) {
    ContainerReport report;
    try {
      report = containers.report(id);
    } catch (WeftException e) {
      if (e.code() != WeftException.Code.NOT_FOUND) {
        throw e;
      }
      throw WeftException.notFound("java.lang.Exception: container with id, " + id + ", not found");
    }
    return container(report, logsVisible);
  }

  private Map<String, Object> container(ContainerReport c, Predicate<ApplicationId> logsVisible) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id().toString());
    m.put("state", yarnState(c.state()));
    m.put("exitCode", c.isCompleted() ? c.exitStatus() : EXIT_CODE_NOT_EXITED);
    m.put("diagnostics", c.diagnostics() == null ? "" : c.diagnostics());
    m.put("user", c.user());
    m.put("totalMemoryNeededMB", c.resource().memoryMb());
    m.put("totalVCoresNeeded", c.resource().vcores());
    m.put("executionType", "GUARANTEED"); // Weft has no opportunistic containers
    m.put("containerLogsLink", scheme + "://" + node.httpAddress() + "/node/containerlogs/" + c.id() + "/" + c.user());
    m.put("nodeId", node.nodeId().toString());
    // the files' names are the application's as much as their contents; others see the field empty
    m.put("containerLogFiles", logsVisible.test(c.id().applicationId()) ? logs.files(c.id()) : List.of());
    return m;
  }

  /**
   * The state as YARN's NM names it. Weft's RECOVERED (rebuilt from the recovery store, its process not
   * yet found) has no YARN name: YARN's recovered containers sit in NEW until their process is reacquired.
   */
  static String yarnState(ContainerState state) {
    return state == ContainerState.RECOVERED ? ContainerState.NEW.name() : state.name();
  }
}
