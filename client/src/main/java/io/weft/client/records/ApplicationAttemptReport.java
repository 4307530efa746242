package io.weft.client.records;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import java.util.Objects;
import java.util.Optional;

/**
 * One attempt of an application (YARN's {@code ApplicationAttemptReport}, same getter names).
 * Times are epoch milliseconds, 0 when not (yet) known.
 *
 * <p>Immutable: build one with {@link #newBuilder()} (or change a copy with {@link #toBuilder()}).
 */
public final class ApplicationAttemptReport {
  private final ApplicationAttemptId applicationAttemptId;
  private final YarnApplicationAttemptState yarnApplicationAttemptState;
  private final Optional<ContainerId> amContainerId;
  private final String host;
  private final int rpcPort;
  private final String trackingUrl;
  private final String diagnostics;
  private final long startTime;
  private final long finishTime;
  private final Optional<NodeId> amNodeId;
  private final String amNodeHttpAddress;

  private ApplicationAttemptReport(Builder b) {
    this.applicationAttemptId = requireNonNull(b.applicationAttemptId, "applicationAttemptId");
    this.yarnApplicationAttemptState = requireNonNull(b.yarnApplicationAttemptState, "yarnApplicationAttemptState");
    this.amContainerId = Optional.ofNullable(b.amContainerId);
    this.host = requireNonNull(b.host, "host");
    this.rpcPort = b.rpcPort;
    this.trackingUrl = requireNonNull(b.trackingUrl, "trackingUrl");
    this.diagnostics = requireNonNull(b.diagnostics, "diagnostics");
    this.startTime = b.startTime;
    this.finishTime = b.finishTime;
    this.amNodeId = Optional.ofNullable(b.amNodeId);
    this.amNodeHttpAddress = requireNonNull(b.amNodeHttpAddress, "amNodeHttpAddress");
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this one's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.applicationAttemptId = applicationAttemptId;
    b.yarnApplicationAttemptState = yarnApplicationAttemptState;
    b.amContainerId = amContainerId.orElse(null);
    b.host = host;
    b.rpcPort = rpcPort;
    b.trackingUrl = trackingUrl;
    b.diagnostics = diagnostics;
    b.startTime = startTime;
    b.finishTime = finishTime;
    b.amNodeId = amNodeId.orElse(null);
    b.amNodeHttpAddress = amNodeHttpAddress;
    return b;
  }

  public ApplicationAttemptId getApplicationAttemptId() {
    return applicationAttemptId;
  }

  public YarnApplicationAttemptState getYarnApplicationAttemptState() {
    return yarnApplicationAttemptState;
  }

  /** Empty until the AM container is allocated. */
  public Optional<ContainerId> getAMContainerId() {
    return amContainerId;
  }

  public String getHost() {
    return host;
  }

  public int getRpcPort() {
    return rpcPort;
  }

  public String getTrackingUrl() {
    return trackingUrl;
  }

  public String getDiagnostics() {
    return diagnostics;
  }

  public long getStartTime() {
    return startTime;
  }

  public long getFinishTime() {
    return finishTime;
  }

  /** The AM container's node (Weft only). */
  public Optional<NodeId> getAmNodeId() {
    return amNodeId;
  }

  /** The AM container's node's web address (Weft only). */
  public String getAmNodeHttpAddress() {
    return amNodeHttpAddress;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ApplicationAttemptReport other)) {
      return false;
    }
    return applicationAttemptId.equals(other.applicationAttemptId)
        && yarnApplicationAttemptState.equals(other.yarnApplicationAttemptState)
        && amContainerId.equals(other.amContainerId)
        && host.equals(other.host)
        && rpcPort == other.rpcPort
        && trackingUrl.equals(other.trackingUrl)
        && diagnostics.equals(other.diagnostics)
        && startTime == other.startTime
        && finishTime == other.finishTime
        && amNodeId.equals(other.amNodeId)
        && amNodeHttpAddress.equals(other.amNodeHttpAddress);
  }

  @Override
  public int hashCode() {
    return Objects.hash(applicationAttemptId, yarnApplicationAttemptState, amContainerId, host, rpcPort, trackingUrl,
        diagnostics, startTime, finishTime, amNodeId, amNodeHttpAddress);
  }

  @Override
  public String toString() {
    return "ApplicationAttemptReport{"
        + "applicationAttemptId=" + applicationAttemptId
        + ", yarnApplicationAttemptState=" + yarnApplicationAttemptState
        + ", amContainerId=" + amContainerId
        + ", host=" + host
        + ", rpcPort=" + rpcPort
        + ", trackingUrl=" + trackingUrl
        + ", diagnostics=" + diagnostics
        + ", startTime=" + startTime
        + ", finishTime=" + finishTime
        + ", amNodeId=" + amNodeId
        + ", amNodeHttpAddress=" + amNodeHttpAddress + "}";
  }

  /** Collects the values of a {@link ApplicationAttemptReport}; not thread-safe. */
  public static final class Builder {
    private ApplicationAttemptId applicationAttemptId;
    private YarnApplicationAttemptState yarnApplicationAttemptState = YarnApplicationAttemptState.NEW;
    private ContainerId amContainerId;
    private String host = "";
    private int rpcPort = 0;
    private String trackingUrl = "";
    private String diagnostics = "";
    private long startTime = 0;
    private long finishTime = 0;
    private NodeId amNodeId;
    private String amNodeHttpAddress = "";

    private Builder() {}

    public Builder applicationAttemptId(ApplicationAttemptId applicationAttemptId) {
      this.applicationAttemptId = requireNonNull(applicationAttemptId, "applicationAttemptId");
      return this;
    }

    public Builder yarnApplicationAttemptState(YarnApplicationAttemptState yarnApplicationAttemptState) {
      this.yarnApplicationAttemptState = requireNonNull(yarnApplicationAttemptState, "yarnApplicationAttemptState");
      return this;
    }

    /** {@code null} = none. */
    public Builder amContainerId(ContainerId amContainerId) {
      this.amContainerId = amContainerId;
      return this;
    }

    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    public Builder rpcPort(int rpcPort) {
      this.rpcPort = rpcPort;
      return this;
    }

    public Builder trackingUrl(String trackingUrl) {
      this.trackingUrl = requireNonNull(trackingUrl, "trackingUrl");
      return this;
    }

    public Builder diagnostics(String diagnostics) {
      this.diagnostics = requireNonNull(diagnostics, "diagnostics");
      return this;
    }

    public Builder startTime(long startTime) {
      this.startTime = startTime;
      return this;
    }

    public Builder finishTime(long finishTime) {
      this.finishTime = finishTime;
      return this;
    }

    /** {@code null} = none. */
    public Builder amNodeId(NodeId amNodeId) {
      this.amNodeId = amNodeId;
      return this;
    }

    public Builder amNodeHttpAddress(String amNodeHttpAddress) {
      this.amNodeHttpAddress = requireNonNull(amNodeHttpAddress, "amNodeHttpAddress");
      return this;
    }

    public ApplicationAttemptReport build() {
      return new ApplicationAttemptReport(this);
    }
  }
}
