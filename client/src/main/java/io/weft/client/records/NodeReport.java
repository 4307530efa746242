package io.weft.client.records;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.NodeId;
import io.weft.common.resource.Resource;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A NodeManager as the ResourceManager reports it (YARN's {@code NodeReport}, same getter names).
 * Times are epoch milliseconds, 0 when not known.
 *
 * <p>Immutable: build one with {@link #newBuilder()} (or change a copy with {@link #toBuilder()}).
 */
public final class NodeReport {
  private final NodeId nodeId;
  private final NodeState nodeState;
  private final String httpAddress;
  private final String rackName;
  private final Resource used;
  private final Resource capability;
  private final int numContainers;
  private final String healthReport;
  private final long lastHealthReportTime;
  private final Set<String> nodeLabels;
  private final long decommissionDeadline;

  private NodeReport(Builder b) {
    this.nodeId = requireNonNull(b.nodeId, "nodeId");
    this.nodeState = requireNonNull(b.nodeState, "nodeState");
    this.httpAddress = requireNonNull(b.httpAddress, "httpAddress");
    this.rackName = requireNonNull(b.rackName, "rackName");
    this.used = requireNonNull(b.used, "used");
    this.capability = requireNonNull(b.capability, "capability");
    this.numContainers = b.numContainers;
    this.healthReport = requireNonNull(b.healthReport, "healthReport");
    this.lastHealthReportTime = b.lastHealthReportTime;
    this.nodeLabels = Collections.unmodifiableSet(new LinkedHashSet<>(b.nodeLabels));
    this.decommissionDeadline = b.decommissionDeadline;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this one's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.nodeId = nodeId;
    b.nodeState = nodeState;
    b.httpAddress = httpAddress;
    b.rackName = rackName;
    b.used = used;
    b.capability = capability;
    b.numContainers = numContainers;
    b.healthReport = healthReport;
    b.lastHealthReportTime = lastHealthReportTime;
    b.nodeLabels(nodeLabels);
    b.decommissionDeadline = decommissionDeadline;
    return b;
  }

  public NodeId getNodeId() {
    return nodeId;
  }

  public NodeState getNodeState() {
    return nodeState;
  }

  public String getHttpAddress() {
    return httpAddress;
  }

  public String getRackName() {
    return rackName;
  }

  public Resource getUsed() {
    return used;
  }

  public Resource getCapability() {
    return capability;
  }

  public int getNumContainers() {
    return numContainers;
  }

  public String getHealthReport() {
    return healthReport;
  }

  public long getLastHealthReportTime() {
    return lastHealthReportTime;
  }

  public Set<String> getNodeLabels() {
    return nodeLabels;
  }

  /**
   * A DECOMMISSIONING node's deadline after which its containers are killed, 0 = none (YARN gives the timeout in
   * seconds instead: {@code getDecommissioningTimeout()}).
   */
  public long getDecommissionDeadline() {
    return decommissionDeadline;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NodeReport other)) {
      return false;
    }
    return nodeId.equals(other.nodeId)
        && nodeState.equals(other.nodeState)
        && httpAddress.equals(other.httpAddress)
        && rackName.equals(other.rackName)
        && used.equals(other.used)
        && capability.equals(other.capability)
        && numContainers == other.numContainers
        && healthReport.equals(other.healthReport)
        && lastHealthReportTime == other.lastHealthReportTime
        && nodeLabels.equals(other.nodeLabels)
        && decommissionDeadline == other.decommissionDeadline;
  }

  @Override
  public int hashCode() {
    return Objects.hash(nodeId, nodeState, httpAddress, rackName, used, capability, numContainers, healthReport,
        lastHealthReportTime, nodeLabels, decommissionDeadline);
  }

  @Override
  public String toString() {
    return "NodeReport{"
        + "nodeId=" + nodeId
        + ", nodeState=" + nodeState
        + ", httpAddress=" + httpAddress
        + ", rackName=" + rackName
        + ", used=" + used
        + ", capability=" + capability
        + ", numContainers=" + numContainers
        + ", healthReport=" + healthReport
        + ", lastHealthReportTime=" + lastHealthReportTime
        + ", nodeLabels=" + nodeLabels
        + ", decommissionDeadline=" + decommissionDeadline + "}";
  }

  /** Collects the values of a {@link NodeReport}; not thread-safe. */
  public static final class Builder {
    private NodeId nodeId;
    private NodeState nodeState = NodeState.NEW;
    private String httpAddress = "";
    private String rackName = "";
    private Resource used = Resource.NONE;
    private Resource capability = Resource.NONE;
    private int numContainers = 0;
    private String healthReport = "";
    private long lastHealthReportTime = 0;
    private LinkedHashSet<String> nodeLabels = new LinkedHashSet<>();
    private long decommissionDeadline = 0;

    private Builder() {}

    public Builder nodeId(NodeId nodeId) {
      this.nodeId = requireNonNull(nodeId, "nodeId");
      return this;
    }

    public Builder nodeState(NodeState nodeState) {
      this.nodeState = requireNonNull(nodeState, "nodeState");
      return this;
    }

    public Builder httpAddress(String httpAddress) {
      this.httpAddress = requireNonNull(httpAddress, "httpAddress");
      return this;
    }

    public Builder rackName(String rackName) {
      this.rackName = requireNonNull(rackName, "rackName");
      return this;
    }

    public Builder used(Resource used) {
      this.used = requireNonNull(used, "used");
      return this;
    }

    public Builder capability(Resource capability) {
      this.capability = requireNonNull(capability, "capability");
      return this;
    }

    public Builder numContainers(int numContainers) {
      this.numContainers = numContainers;
      return this;
    }

    public Builder healthReport(String healthReport) {
      this.healthReport = requireNonNull(healthReport, "healthReport");
      return this;
    }

    public Builder lastHealthReportTime(long lastHealthReportTime) {
      this.lastHealthReportTime = lastHealthReportTime;
      return this;
    }

    /** Replaces the nodeLabels. */
    public Builder nodeLabels(Collection<String> nodeLabels) {
      this.nodeLabels.clear();
      nodeLabels.forEach(e -> this.nodeLabels.add(requireNonNull(e, "nodeLabels element")));
      return this;
    }

    public Builder decommissionDeadline(long decommissionDeadline) {
      this.decommissionDeadline = decommissionDeadline;
      return this;
    }

    public NodeReport build() {
      return new NodeReport(this);
    }
  }
}
