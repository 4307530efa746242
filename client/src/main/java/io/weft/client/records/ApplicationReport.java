package io.weft.client.records;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.ContainerId;
import io.weft.common.id.NodeId;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An application as the ResourceManager reports it (YARN's {@code ApplicationReport}, same getter names).
 * Times are epoch milliseconds as in YARN, 0 when not (yet) known; strings are empty, never {@code null}, when
 * not known; ids that may not exist yet are {@link Optional}.
 *
 * <p>Immutable: build one with {@link #newBuilder()} (or change a copy with {@link #toBuilder()}).
 */
public final class ApplicationReport {
  private final ApplicationId applicationId;
  private final Optional<ApplicationAttemptId> currentApplicationAttemptId;
  private final String user;
  private final String queue;
  private final String name;
  private final String host;
  private final int rpcPort;
  private final YarnApplicationState yarnApplicationState;
  private final String diagnostics;
  private final String trackingUrl;
  private final String originalTrackingUrl;
  private final long startTime;
  private final long launchTime;
  private final long finishTime;
  private final FinalApplicationStatus finalApplicationStatus;
  private final ApplicationResourceUsageReport applicationResourceUsageReport;
  private final float progress;
  private final String applicationType;
  private final Set<String> applicationTags;
  private final int priority;
  private final Optional<ContainerId> amContainerId;
  private final Optional<NodeId> amNodeId;
  private final String waitingReason;
  private final long lifetimeExpiryTime;
  private final boolean unmanagedApp;
  private final String amrmToken;

  private ApplicationReport(Builder b) {
    this.applicationId = requireNonNull(b.applicationId, "applicationId");
    this.currentApplicationAttemptId = Optional.ofNullable(b.currentApplicationAttemptId);
    this.user = requireNonNull(b.user, "user");
    this.queue = requireNonNull(b.queue, "queue");
    this.name = requireNonNull(b.name, "name");
    this.host = requireNonNull(b.host, "host");
    this.rpcPort = b.rpcPort;
    this.yarnApplicationState = requireNonNull(b.yarnApplicationState, "yarnApplicationState");
    this.diagnostics = requireNonNull(b.diagnostics, "diagnostics");
    this.trackingUrl = requireNonNull(b.trackingUrl, "trackingUrl");
    this.originalTrackingUrl = requireNonNull(b.originalTrackingUrl, "originalTrackingUrl");
    this.startTime = b.startTime;
    this.launchTime = b.launchTime;
    this.finishTime = b.finishTime;
    this.finalApplicationStatus = requireNonNull(b.finalApplicationStatus, "finalApplicationStatus");
    this.applicationResourceUsageReport = requireNonNull(b.applicationResourceUsageReport, "applicationResourceUsageReport");
    this.progress = b.progress;
    this.applicationType = requireNonNull(b.applicationType, "applicationType");
    this.applicationTags = Collections.unmodifiableSet(new LinkedHashSet<>(b.applicationTags));
    this.priority = b.priority;
    this.amContainerId = Optional.ofNullable(b.amContainerId);
    this.amNodeId = Optional.ofNullable(b.amNodeId);
    this.waitingReason = requireNonNull(b.waitingReason, "waitingReason");
    this.lifetimeExpiryTime = b.lifetimeExpiryTime;
    this.unmanagedApp = b.unmanagedApp;
    this.amrmToken = b.amrmToken;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this one's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.applicationId = applicationId;
    b.currentApplicationAttemptId = currentApplicationAttemptId.orElse(null);
    b.user = user;
    b.queue = queue;
    b.name = name;
    b.host = host;
    b.rpcPort = rpcPort;
    b.yarnApplicationState = yarnApplicationState;
    b.diagnostics = diagnostics;
    b.trackingUrl = trackingUrl;
    b.originalTrackingUrl = originalTrackingUrl;
    b.startTime = startTime;
    b.launchTime = launchTime;
    b.finishTime = finishTime;
    b.finalApplicationStatus = finalApplicationStatus;
    b.applicationResourceUsageReport = applicationResourceUsageReport;
    b.progress = progress;
    b.applicationType = applicationType;
    b.applicationTags(applicationTags);
    b.priority = priority;
    b.amContainerId = amContainerId.orElse(null);
    b.amNodeId = amNodeId.orElse(null);
    b.waitingReason = waitingReason;
    b.lifetimeExpiryTime = lifetimeExpiryTime;
    b.unmanagedApp = unmanagedApp;
    b.amrmToken = amrmToken;
    return b;
  }

  public ApplicationId getApplicationId() {
    return applicationId;
  }

  /** The latest attempt; empty before the first is made. */
  public Optional<ApplicationAttemptId> getCurrentApplicationAttemptId() {
    return currentApplicationAttemptId;
  }

  public String getUser() {
    return user;
  }

  public String getQueue() {
    return queue;
  }

  public String getName() {
    return name;
  }

  /** The AM's host once it registered, else empty. */
  public String getHost() {
    return host;
  }

  /** The AM's RPC port once it registered, else 0 or negative. */
  public int getRpcPort() {
    return rpcPort;
  }

  public YarnApplicationState getYarnApplicationState() {
    return yarnApplicationState;
  }

  public String getDiagnostics() {
    return diagnostics;
  }

  public String getTrackingUrl() {
    return trackingUrl;
  }

  public String getOriginalTrackingUrl() {
    return originalTrackingUrl;
  }

  /** When it was submitted. */
  public long getStartTime() {
    return startTime;
  }

  /** When its AM container was launched. */
  public long getLaunchTime() {
    return launchTime;
  }

  public long getFinishTime() {
    return finishTime;
  }

  /** As its AM reported it (UNDEFINED while it runs). */
  public FinalApplicationStatus getFinalApplicationStatus() {
    return finalApplicationStatus;
  }

  /** What it holds now and its memory and vcore seconds. */
  public ApplicationResourceUsageReport getApplicationResourceUsageReport() {
    return applicationResourceUsageReport;
  }

  /** 0..1 as its AM reported it. */
  public float getProgress() {
    return progress;
  }

  public String getApplicationType() {
    return applicationType;
  }

  /** In the order they were given. */
  public Set<String> getApplicationTags() {
    return applicationTags;
  }

  /** Within its queue, higher is served first (YARN wraps it in a {@code Priority}). */
  public int getPriority() {
    return priority;
  }

  /** The current attempt's AM container (not in YARN's report; YARN has it on the attempt). */
  public Optional<ContainerId> getAmContainerId() {
    return amContainerId;
  }

  /** The node of the current AM container (not in YARN's report). */
  public Optional<NodeId> getAmNodeId() {
    return amNodeId;
  }

  /** Why the scheduler has not started it yet; empty once it runs (Weft only). */
  public String getWaitingReason() {
    return waitingReason;
  }

  /**
   * When the ResourceManager kills it for its lifetime, 0 = no lifetime (YARN: the LIFETIME entry of {@code
   * getApplicationTimeouts()}).
   */
  public long getLifetimeExpiryTime() {
    return lifetimeExpiryTime;
  }

  /** Whether its AM runs in the submitting client rather than in a container (YARN's {@code isUnmanagedApp()}). */
  public boolean isUnmanagedApp() {
    return unmanagedApp;
  }

  /**
   * The AMRM token of an unmanaged application's current attempt, as its AM's {@code WEFT_AMRM_TOKEN} takes it
   * (base64 of a serialized {@code weft.Token}); empty unless the caller owns the application and the attempt is
   * ready or running. Only {@link io.weft.client.WeftClient#getApplicationReport} carries it (YARN's
   * {@code getAMRMToken()}); {@link io.weft.client.UnmanagedAmLauncher} fetches and uses it. It is a credential:
   * never log it.
   */
  public String getAMRMToken() {
    return amrmToken;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ApplicationReport other)) {
      return false;
    }
    return applicationId.equals(other.applicationId)
        && currentApplicationAttemptId.equals(other.currentApplicationAttemptId)
        && user.equals(other.user)
        && queue.equals(other.queue)
        && name.equals(other.name)
        && host.equals(other.host)
        && rpcPort == other.rpcPort
        && yarnApplicationState.equals(other.yarnApplicationState)
        && diagnostics.equals(other.diagnostics)
        && trackingUrl.equals(other.trackingUrl)
        && originalTrackingUrl.equals(other.originalTrackingUrl)
        && startTime == other.startTime
        && launchTime == other.launchTime
        && finishTime == other.finishTime
        && finalApplicationStatus.equals(other.finalApplicationStatus)
        && applicationResourceUsageReport.equals(other.applicationResourceUsageReport)
        && Float.compare(progress, other.progress) == 0
        && applicationType.equals(other.applicationType)
        && applicationTags.equals(other.applicationTags)
        && priority == other.priority
        && amContainerId.equals(other.amContainerId)
        && amNodeId.equals(other.amNodeId)
        && waitingReason.equals(other.waitingReason)
        && lifetimeExpiryTime == other.lifetimeExpiryTime
        && unmanagedApp == other.unmanagedApp
        && amrmToken.equals(other.amrmToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(applicationId, currentApplicationAttemptId, user, queue, name, host, rpcPort,
        yarnApplicationState, diagnostics, trackingUrl, originalTrackingUrl, startTime, launchTime, finishTime,
        finalApplicationStatus, applicationResourceUsageReport, progress, applicationType, applicationTags, priority,
        amContainerId, amNodeId, waitingReason, lifetimeExpiryTime, unmanagedApp, amrmToken);
  }

  @Override
  public String toString() {
    return "ApplicationReport{"
        + "applicationId=" + applicationId
        + ", currentApplicationAttemptId=" + currentApplicationAttemptId
        + ", user=" + user
        + ", queue=" + queue
        + ", name=" + name
        + ", host=" + host
        + ", rpcPort=" + rpcPort
        + ", yarnApplicationState=" + yarnApplicationState
        + ", diagnostics=" + diagnostics
        + ", trackingUrl=" + trackingUrl
        + ", originalTrackingUrl=" + originalTrackingUrl
        + ", startTime=" + startTime
        + ", launchTime=" + launchTime
        + ", finishTime=" + finishTime
        + ", finalApplicationStatus=" + finalApplicationStatus
        + ", applicationResourceUsageReport=" + applicationResourceUsageReport
        + ", progress=" + progress
        + ", applicationType=" + applicationType
        + ", applicationTags=" + applicationTags
        + ", priority=" + priority
        + ", amContainerId=" + amContainerId
        + ", amNodeId=" + amNodeId
        + ", waitingReason=" + waitingReason
        + ", lifetimeExpiryTime=" + lifetimeExpiryTime
        + ", unmanagedApp=" + unmanagedApp
        // a credential: say whether there is one, never what it is
        + ", amrmToken=" + (amrmToken.isEmpty() ? "none" : "(present)") + "}";
  }

  /** Collects the values of a {@link ApplicationReport}; not thread-safe. */
  public static final class Builder {
    private ApplicationId applicationId;
    private ApplicationAttemptId currentApplicationAttemptId;
    private String user = "";
    private String queue = "";
    private String name = "";
    private String host = "";
    private int rpcPort = 0;
    private YarnApplicationState yarnApplicationState = YarnApplicationState.NEW;
    private String diagnostics = "";
    private String trackingUrl = "";
    private String originalTrackingUrl = "";
    private long startTime = 0;
    private long launchTime = 0;
    private long finishTime = 0;
    private FinalApplicationStatus finalApplicationStatus = FinalApplicationStatus.UNDEFINED;
    private ApplicationResourceUsageReport applicationResourceUsageReport = ApplicationResourceUsageReport.newBuilder().build();
    private float progress = 0f;
    private String applicationType = "";
    private LinkedHashSet<String> applicationTags = new LinkedHashSet<>();
    private int priority = 0;
    private ContainerId amContainerId;
    private NodeId amNodeId;
    private String waitingReason = "";
    private long lifetimeExpiryTime = 0;
    private boolean unmanagedApp;
    private String amrmToken = "";

    private Builder() {}

    public Builder applicationId(ApplicationId applicationId) {
      this.applicationId = requireNonNull(applicationId, "applicationId");
      return this;
    }

    /** {@code null} = none. */
    public Builder currentApplicationAttemptId(ApplicationAttemptId currentApplicationAttemptId) {
      this.currentApplicationAttemptId = currentApplicationAttemptId;
      return this;
    }

    public Builder user(String user) {
      this.user = requireNonNull(user, "user");
      return this;
    }

    public Builder queue(String queue) {
      this.queue = requireNonNull(queue, "queue");
      return this;
    }

    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
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

    public Builder yarnApplicationState(YarnApplicationState yarnApplicationState) {
      this.yarnApplicationState = requireNonNull(yarnApplicationState, "yarnApplicationState");
      return this;
    }

    public Builder diagnostics(String diagnostics) {
      this.diagnostics = requireNonNull(diagnostics, "diagnostics");
      return this;
    }

    public Builder trackingUrl(String trackingUrl) {
      this.trackingUrl = requireNonNull(trackingUrl, "trackingUrl");
      return this;
    }

    public Builder originalTrackingUrl(String originalTrackingUrl) {
      this.originalTrackingUrl = requireNonNull(originalTrackingUrl, "originalTrackingUrl");
      return this;
    }

    public Builder startTime(long startTime) {
      this.startTime = startTime;
      return this;
    }

    public Builder launchTime(long launchTime) {
      this.launchTime = launchTime;
      return this;
    }

    public Builder finishTime(long finishTime) {
      this.finishTime = finishTime;
      return this;
    }

    public Builder finalApplicationStatus(FinalApplicationStatus finalApplicationStatus) {
      this.finalApplicationStatus = requireNonNull(finalApplicationStatus, "finalApplicationStatus");
      return this;
    }

    public Builder applicationResourceUsageReport(ApplicationResourceUsageReport applicationResourceUsageReport) {
      this.applicationResourceUsageReport = requireNonNull(applicationResourceUsageReport, "applicationResourceUsageReport");
      return this;
    }

    public Builder progress(float progress) {
      this.progress = progress;
      return this;
    }

    public Builder applicationType(String applicationType) {
      this.applicationType = requireNonNull(applicationType, "applicationType");
      return this;
    }

    /** Replaces the applicationTags. */
    public Builder applicationTags(Collection<String> applicationTags) {
      this.applicationTags.clear();
      applicationTags.forEach(e -> this.applicationTags.add(requireNonNull(e, "applicationTags element")));
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** {@code null} = none. */
    public Builder amContainerId(ContainerId amContainerId) {
      this.amContainerId = amContainerId;
      return this;
    }

    /** {@code null} = none. */
    public Builder amNodeId(NodeId amNodeId) {
      this.amNodeId = amNodeId;
      return this;
    }

    public Builder waitingReason(String waitingReason) {
      this.waitingReason = requireNonNull(waitingReason, "waitingReason");
      return this;
    }

    public Builder lifetimeExpiryTime(long lifetimeExpiryTime) {
      this.lifetimeExpiryTime = lifetimeExpiryTime;
      return this;
    }

    public Builder unmanagedApp(boolean unmanagedApp) {
      this.unmanagedApp = unmanagedApp;
      return this;
    }

    /** Base64 of a serialized {@code weft.Token}; empty = none. */
    public Builder amrmToken(String amrmToken) {
      this.amrmToken = requireNonNull(amrmToken, "amrmToken");
      return this;
    }

    public ApplicationReport build() {
      return new ApplicationReport(this);
    }
  }
}
