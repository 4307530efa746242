package io.weft.client.records;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.Objects;

/**
 * A container the ResourceManager holds for an attempt (YARN's {@code ContainerReport}, same getter names).
 * Times are epoch milliseconds, 0 when not (yet) known.
 *
 * <p>Immutable: build one with {@link #newBuilder()} (or change a copy with {@link #toBuilder()}).
 */
public final class ContainerReport {
  private final ContainerId containerId;
  private final Resource allocatedResource;
  private final NodeId assignedNode;
  private final int priority;
  private final long creationTime;
  private final long finishTime;
  private final String diagnosticsInfo;
  private final String logUrl;
  private final int containerExitStatus;
  private final ContainerState containerState;
  private final String nodeHttpAddress;

  private ContainerReport(Builder b) {
    this.containerId = requireNonNull(b.containerId, "containerId");
    this.allocatedResource = requireNonNull(b.allocatedResource, "allocatedResource");
    this.assignedNode = requireNonNull(b.assignedNode, "assignedNode");
    this.priority = b.priority;
    this.creationTime = b.creationTime;
    this.finishTime = b.finishTime;
    this.diagnosticsInfo = requireNonNull(b.diagnosticsInfo, "diagnosticsInfo");
    this.logUrl = requireNonNull(b.logUrl, "logUrl");
    this.containerExitStatus = b.containerExitStatus;
    this.containerState = requireNonNull(b.containerState, "containerState");
    this.nodeHttpAddress = requireNonNull(b.nodeHttpAddress, "nodeHttpAddress");
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this one's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.containerId = containerId;
    b.allocatedResource = allocatedResource;
    b.assignedNode = assignedNode;
    b.priority = priority;
    b.creationTime = creationTime;
    b.finishTime = finishTime;
    b.diagnosticsInfo = diagnosticsInfo;
    b.logUrl = logUrl;
    b.containerExitStatus = containerExitStatus;
    b.containerState = containerState;
    b.nodeHttpAddress = nodeHttpAddress;
    return b;
  }

  public ContainerId getContainerId() {
    return containerId;
  }

  public Resource getAllocatedResource() {
    return allocatedResource;
  }

  public NodeId getAssignedNode() {
    return assignedNode;
  }

  public int getPriority() {
    return priority;
  }

  public long getCreationTime() {
    return creationTime;
  }

  public long getFinishTime() {
    return finishTime;
  }

  public String getDiagnosticsInfo() {
    return diagnosticsInfo;
  }

  public String getLogUrl() {
    return logUrl;
  }

  /** Meaningful once COMPLETE: the process's exit code, or a negative YARN {@code ContainerExitStatus}. */
  public int getContainerExitStatus() {
    return containerExitStatus;
  }

  public ContainerState getContainerState() {
    return containerState;
  }

  public String getNodeHttpAddress() {
    return nodeHttpAddress;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ContainerReport other)) {
      return false;
    }
    return containerId.equals(other.containerId)
        && allocatedResource.equals(other.allocatedResource)
        && assignedNode.equals(other.assignedNode)
        && priority == other.priority
        && creationTime == other.creationTime
        && finishTime == other.finishTime
        && diagnosticsInfo.equals(other.diagnosticsInfo)
        && logUrl.equals(other.logUrl)
        && containerExitStatus == other.containerExitStatus
        && containerState.equals(other.containerState)
        && nodeHttpAddress.equals(other.nodeHttpAddress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(containerId, allocatedResource, assignedNode, priority, creationTime, finishTime,
        diagnosticsInfo, logUrl, containerExitStatus, containerState, nodeHttpAddress);
  }

  @Override
  public String toString() {
    return "ContainerReport{"
        + "containerId=" + containerId
        + ", allocatedResource=" + allocatedResource
        + ", assignedNode=" + assignedNode
        + ", priority=" + priority
        + ", creationTime=" + creationTime
        + ", finishTime=" + finishTime
        + ", diagnosticsInfo=" + diagnosticsInfo
        + ", logUrl=" + logUrl
        + ", containerExitStatus=" + containerExitStatus
        + ", containerState=" + containerState
        + ", nodeHttpAddress=" + nodeHttpAddress + "}";
  }

  /** Collects the values of a {@link ContainerReport}; not thread-safe. */
  public static final class Builder {
    private ContainerId containerId;
    private Resource allocatedResource = Resource.NONE;
    private NodeId assignedNode;
    private int priority = 0;
    private long creationTime = 0;
    private long finishTime = 0;
    private String diagnosticsInfo = "";
    private String logUrl = "";
    private int containerExitStatus = 0;
    private ContainerState containerState = ContainerState.NEW;
    private String nodeHttpAddress = "";

    private Builder() {}

    public Builder containerId(ContainerId containerId) {
      this.containerId = requireNonNull(containerId, "containerId");
      return this;
    }

    public Builder allocatedResource(Resource allocatedResource) {
      this.allocatedResource = requireNonNull(allocatedResource, "allocatedResource");
      return this;
    }

    public Builder assignedNode(NodeId assignedNode) {
      this.assignedNode = requireNonNull(assignedNode, "assignedNode");
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder creationTime(long creationTime) {
      this.creationTime = creationTime;
      return this;
    }

    public Builder finishTime(long finishTime) {
      this.finishTime = finishTime;
      return this;
    }

    public Builder diagnosticsInfo(String diagnosticsInfo) {
      this.diagnosticsInfo = requireNonNull(diagnosticsInfo, "diagnosticsInfo");
      return this;
    }

    public Builder logUrl(String logUrl) {
      this.logUrl = requireNonNull(logUrl, "logUrl");
      return this;
    }

    public Builder containerExitStatus(int containerExitStatus) {
      this.containerExitStatus = containerExitStatus;
      return this;
    }

    public Builder containerState(ContainerState containerState) {
      this.containerState = requireNonNull(containerState, "containerState");
      return this;
    }

    public Builder nodeHttpAddress(String nodeHttpAddress) {
      this.nodeHttpAddress = requireNonNull(nodeHttpAddress, "nodeHttpAddress");
      return this;
    }

    public ContainerReport build() {
      return new ContainerReport(this);
    }
  }
}
