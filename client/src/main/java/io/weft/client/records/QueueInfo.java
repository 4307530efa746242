package io.weft.client.records;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.util.List;
import java.util.Objects;

/**
 * A scheduler queue (YARN's {@code QueueInfo}, same getter names). Capacities are fractions (0..1) as in
 * YARN.
 *
 * <p>Immutable: build one with {@link #newBuilder()} (or change a copy with {@link #toBuilder()}).
 */
public final class QueueInfo {
  private final String queueName;
  private final String queuePath;
  private final float capacity;
  private final float maximumCapacity;
  private final float currentCapacity;
  private final float absoluteCapacity;
  private final float absoluteMaximumCapacity;
  private final float absoluteUsedCapacity;
  private final List<QueueInfo> childQueues;
  private final List<ApplicationReport> applications;
  private final QueueState queueState;
  private final int numApplications;
  private final int numPendingApplications;
  private final int numActiveApplications;
  private final Resource used;
  private final String schedulerType;
  private final float userLimitFactor;
  private final int maxApplications;
  private final float maxAmResourcePercent;
  private final String aclSubmitApplications;
  private final String aclAdministerQueue;
  private final boolean leaf;

  private QueueInfo(Builder b) {
    this.queueName = requireNonNull(b.queueName, "queueName");
    this.queuePath = requireNonNull(b.queuePath, "queuePath");
    this.capacity = b.capacity;
    this.maximumCapacity = b.maximumCapacity;
    this.currentCapacity = b.currentCapacity;
    this.absoluteCapacity = b.absoluteCapacity;
    this.absoluteMaximumCapacity = b.absoluteMaximumCapacity;
    this.absoluteUsedCapacity = b.absoluteUsedCapacity;
    this.childQueues = List.copyOf(b.childQueues);
    this.applications = List.copyOf(b.applications);
    this.queueState = requireNonNull(b.queueState, "queueState");
    this.numApplications = b.numApplications;
    this.numPendingApplications = b.numPendingApplications;
    this.numActiveApplications = b.numActiveApplications;
    this.used = requireNonNull(b.used, "used");
    this.schedulerType = requireNonNull(b.schedulerType, "schedulerType");
    this.userLimitFactor = b.userLimitFactor;
    this.maxApplications = b.maxApplications;
    this.maxAmResourcePercent = b.maxAmResourcePercent;
    this.aclSubmitApplications = requireNonNull(b.aclSubmitApplications, "aclSubmitApplications");
    this.aclAdministerQueue = requireNonNull(b.aclAdministerQueue, "aclAdministerQueue");
    this.leaf = b.leaf;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this one's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.queueName = queueName;
    b.queuePath = queuePath;
    b.capacity = capacity;
    b.maximumCapacity = maximumCapacity;
    b.currentCapacity = currentCapacity;
    b.absoluteCapacity = absoluteCapacity;
    b.absoluteMaximumCapacity = absoluteMaximumCapacity;
    b.absoluteUsedCapacity = absoluteUsedCapacity;
    b.childQueues(childQueues);
    b.applications(applications);
    b.queueState = queueState;
    b.numApplications = numApplications;
    b.numPendingApplications = numPendingApplications;
    b.numActiveApplications = numActiveApplications;
    b.used = used;
    b.schedulerType = schedulerType;
    b.userLimitFactor = userLimitFactor;
    b.maxApplications = maxApplications;
    b.maxAmResourcePercent = maxAmResourcePercent;
    b.aclSubmitApplications = aclSubmitApplications;
    b.aclAdministerQueue = aclAdministerQueue;
    b.leaf = leaf;
    return b;
  }

  public String getQueueName() {
    return queueName;
  }

  public String getQueuePath() {
    return queuePath;
  }

  /** Guaranteed share of the parent. */
  public float getCapacity() {
    return capacity;
  }

  /** Largest share of the parent. */
  public float getMaximumCapacity() {
    return maximumCapacity;
  }

  /** Used over guaranteed. */
  public float getCurrentCapacity() {
    return currentCapacity;
  }

  /** Guaranteed share of the cluster. */
  public float getAbsoluteCapacity() {
    return absoluteCapacity;
  }

  /** Largest share of the cluster. */
  public float getAbsoluteMaximumCapacity() {
    return absoluteMaximumCapacity;
  }

  /** Used share of the cluster. */
  public float getAbsoluteUsedCapacity() {
    return absoluteUsedCapacity;
  }

  /** Filled when asked for recursively. */
  public List<QueueInfo> getChildQueues() {
    return childQueues;
  }

  public List<ApplicationReport> getApplications() {
    return applications;
  }

  public QueueState getQueueState() {
    return queueState;
  }

  public int getNumApplications() {
    return numApplications;
  }

  public int getNumPendingApplications() {
    return numPendingApplications;
  }

  public int getNumActiveApplications() {
    return numActiveApplications;
  }

  public Resource getUsed() {
    return used;
  }

  /** {@code fifo} or {@code capacity} (Weft only). */
  public String getSchedulerType() {
    return schedulerType;
  }

  public float getUserLimitFactor() {
    return userLimitFactor;
  }

  public int getMaxApplications() {
    return maxApplications;
  }

  /** Fraction of the queue AMs may take. */
  public float getMaxAmResourcePercent() {
    return maxAmResourcePercent;
  }

  /** Empty = inherited. */
  public String getAclSubmitApplications() {
    return aclSubmitApplications;
  }

  /** Empty = inherited. */
  public String getAclAdministerQueue() {
    return aclAdministerQueue;
  }

  public boolean isLeaf() {
    return leaf;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof QueueInfo other)) {
      return false;
    }
    return queueName.equals(other.queueName)
        && queuePath.equals(other.queuePath)
        && Float.compare(capacity, other.capacity) == 0
        && Float.compare(maximumCapacity, other.maximumCapacity) == 0
        && Float.compare(currentCapacity, other.currentCapacity) == 0
        && Float.compare(absoluteCapacity, other.absoluteCapacity) == 0
        && Float.compare(absoluteMaximumCapacity, other.absoluteMaximumCapacity) == 0
        && Float.compare(absoluteUsedCapacity, other.absoluteUsedCapacity) == 0
        && childQueues.equals(other.childQueues)
        && applications.equals(other.applications)
        && queueState.equals(other.queueState)
        && numApplications == other.numApplications
        && numPendingApplications == other.numPendingApplications
        && numActiveApplications == other.numActiveApplications
        && used.equals(other.used)
        && schedulerType.equals(other.schedulerType)
        && Float.compare(userLimitFactor, other.userLimitFactor) == 0
        && maxApplications == other.maxApplications
        && Float.compare(maxAmResourcePercent, other.maxAmResourcePercent) == 0
        && aclSubmitApplications.equals(other.aclSubmitApplications)
        && aclAdministerQueue.equals(other.aclAdministerQueue)
        && leaf == other.leaf;
  }

  @Override
  public int hashCode() {
    return Objects.hash(queueName, queuePath, capacity, maximumCapacity, currentCapacity, absoluteCapacity,
        absoluteMaximumCapacity, absoluteUsedCapacity, childQueues, applications, queueState, numApplications,
        numPendingApplications, numActiveApplications, used, schedulerType, userLimitFactor, maxApplications,
        maxAmResourcePercent, aclSubmitApplications, aclAdministerQueue, leaf);
  }

  @Override
  public String toString() {
    return "QueueInfo{"
        + "queueName=" + queueName
        + ", queuePath=" + queuePath
        + ", capacity=" + capacity
        + ", maximumCapacity=" + maximumCapacity
        + ", currentCapacity=" + currentCapacity
        + ", absoluteCapacity=" + absoluteCapacity
        + ", absoluteMaximumCapacity=" + absoluteMaximumCapacity
        + ", absoluteUsedCapacity=" + absoluteUsedCapacity
        + ", childQueues=" + childQueues
        + ", applications=" + applications
        + ", queueState=" + queueState
        + ", numApplications=" + numApplications
        + ", numPendingApplications=" + numPendingApplications
        + ", numActiveApplications=" + numActiveApplications
        + ", used=" + used
        + ", schedulerType=" + schedulerType
        + ", userLimitFactor=" + userLimitFactor
        + ", maxApplications=" + maxApplications
        + ", maxAmResourcePercent=" + maxAmResourcePercent
        + ", aclSubmitApplications=" + aclSubmitApplications
        + ", aclAdministerQueue=" + aclAdministerQueue
        + ", leaf=" + leaf + "}";
  }

  /** Collects the values of a {@link QueueInfo}; not thread-safe. */
  public static final class Builder {
    private String queueName = "";
    private String queuePath = "";
    private float capacity = 0f;
    private float maximumCapacity = 0f;
    private float currentCapacity = 0f;
    private float absoluteCapacity = 0f;
    private float absoluteMaximumCapacity = 0f;
    private float absoluteUsedCapacity = 0f;
    private java.util.ArrayList<QueueInfo> childQueues = new java.util.ArrayList<>();
    private java.util.ArrayList<ApplicationReport> applications = new java.util.ArrayList<>();
    private QueueState queueState = QueueState.RUNNING;
    private int numApplications = 0;
    private int numPendingApplications = 0;
    private int numActiveApplications = 0;
    private Resource used = Resource.NONE;
    private String schedulerType = "";
    private float userLimitFactor = 0f;
    private int maxApplications = 0;
    private float maxAmResourcePercent = 0f;
    private String aclSubmitApplications = "";
    private String aclAdministerQueue = "";
    private boolean leaf = false;

    private Builder() {}

    public Builder queueName(String queueName) {
      this.queueName = requireNonNull(queueName, "queueName");
      return this;
    }

    public Builder queuePath(String queuePath) {
      this.queuePath = requireNonNull(queuePath, "queuePath");
      return this;
    }

    public Builder capacity(float capacity) {
      this.capacity = capacity;
      return this;
    }

    public Builder maximumCapacity(float maximumCapacity) {
      this.maximumCapacity = maximumCapacity;
      return this;
    }

    public Builder currentCapacity(float currentCapacity) {
      this.currentCapacity = currentCapacity;
      return this;
    }

    public Builder absoluteCapacity(float absoluteCapacity) {
      this.absoluteCapacity = absoluteCapacity;
      return this;
    }

    public Builder absoluteMaximumCapacity(float absoluteMaximumCapacity) {
      this.absoluteMaximumCapacity = absoluteMaximumCapacity;
      return this;
    }

    public Builder absoluteUsedCapacity(float absoluteUsedCapacity) {
      this.absoluteUsedCapacity = absoluteUsedCapacity;
      return this;
    }

    /** Replaces the childQueues. */
    public Builder childQueues(java.util.Collection<QueueInfo> childQueues) {
      this.childQueues.clear();
      childQueues.forEach(e -> this.childQueues.add(requireNonNull(e, "childQueues element")));
      return this;
    }

    /** Replaces the applications. */
    public Builder applications(java.util.Collection<ApplicationReport> applications) {
      this.applications.clear();
      applications.forEach(e -> this.applications.add(requireNonNull(e, "applications element")));
      return this;
    }

    public Builder queueState(QueueState queueState) {
      this.queueState = requireNonNull(queueState, "queueState");
      return this;
    }

    public Builder numApplications(int numApplications) {
      this.numApplications = numApplications;
      return this;
    }

    public Builder numPendingApplications(int numPendingApplications) {
      this.numPendingApplications = numPendingApplications;
      return this;
    }

    public Builder numActiveApplications(int numActiveApplications) {
      this.numActiveApplications = numActiveApplications;
      return this;
    }

    public Builder used(Resource used) {
      this.used = requireNonNull(used, "used");
      return this;
    }

    public Builder schedulerType(String schedulerType) {
      this.schedulerType = requireNonNull(schedulerType, "schedulerType");
      return this;
    }

    public Builder userLimitFactor(float userLimitFactor) {
      this.userLimitFactor = userLimitFactor;
      return this;
    }

    public Builder maxApplications(int maxApplications) {
      this.maxApplications = maxApplications;
      return this;
    }

    public Builder maxAmResourcePercent(float maxAmResourcePercent) {
      this.maxAmResourcePercent = maxAmResourcePercent;
      return this;
    }

    public Builder aclSubmitApplications(String aclSubmitApplications) {
      this.aclSubmitApplications = requireNonNull(aclSubmitApplications, "aclSubmitApplications");
      return this;
    }

    public Builder aclAdministerQueue(String aclAdministerQueue) {
      this.aclAdministerQueue = requireNonNull(aclAdministerQueue, "aclAdministerQueue");
      return this;
    }

    public Builder leaf(boolean leaf) {
      this.leaf = leaf;
      return this;
    }

    public QueueInfo build() {
      return new QueueInfo(this);
    }
  }
}
