package io.weft.client.records;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.util.Objects;

/**
 * What an application holds and has used (YARN's {@code ApplicationResourceUsageReport}).
 *
 * <p>Immutable: build one with {@link #newBuilder()} (or change a copy with {@link #toBuilder()}).
 */
public final class ApplicationResourceUsageReport {
  private final int numUsedContainers;
  private final int numReservedContainers;
  private final Resource usedResources;
  private final Resource reservedResources;
  private final Resource neededResources;
  private final long memorySeconds;
  private final long vcoreSeconds;
  private final float queueUsagePercentage;
  private final float clusterUsagePercentage;

  private ApplicationResourceUsageReport(Builder b) {
    this.numUsedContainers = b.numUsedContainers;
    this.numReservedContainers = b.numReservedContainers;
    this.usedResources = requireNonNull(b.usedResources, "usedResources");
    this.reservedResources = requireNonNull(b.reservedResources, "reservedResources");
    this.neededResources = requireNonNull(b.neededResources, "neededResources");
    this.memorySeconds = b.memorySeconds;
    this.vcoreSeconds = b.vcoreSeconds;
    this.queueUsagePercentage = b.queueUsagePercentage;
    this.clusterUsagePercentage = b.clusterUsagePercentage;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this one's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.numUsedContainers = numUsedContainers;
    b.numReservedContainers = numReservedContainers;
    b.usedResources = usedResources;
    b.reservedResources = reservedResources;
    b.neededResources = neededResources;
    b.memorySeconds = memorySeconds;
    b.vcoreSeconds = vcoreSeconds;
    b.queueUsagePercentage = queueUsagePercentage;
    b.clusterUsagePercentage = clusterUsagePercentage;
    return b;
  }

  /** Containers it holds now (the AM's included). */
  public int getNumUsedContainers() {
    return numUsedContainers;
  }

  /** Containers reserved for it on busy nodes. */
  public int getNumReservedContainers() {
    return numReservedContainers;
  }

  /** What its containers hold now. */
  public Resource getUsedResources() {
    return usedResources;
  }

  /** What is reserved for it. */
  public Resource getReservedResources() {
    return reservedResources;
  }

  /** Used plus reserved. */
  public Resource getNeededResources() {
    return neededResources;
  }

  /** Aggregate memory allocated over its life, in MB-seconds. */
  public long getMemorySeconds() {
    return memorySeconds;
  }

  /** Aggregate vcores allocated over its life, in vcore-seconds. */
  public long getVcoreSeconds() {
    return vcoreSeconds;
  }

  /** Its share of its queue, in percent. */
  public float getQueueUsagePercentage() {
    return queueUsagePercentage;
  }

  /** Its share of the cluster, in percent. */
  public float getClusterUsagePercentage() {
    return clusterUsagePercentage;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ApplicationResourceUsageReport other)) {
      return false;
    }
    return numUsedContainers == other.numUsedContainers
        && numReservedContainers == other.numReservedContainers
        && usedResources.equals(other.usedResources)
        && reservedResources.equals(other.reservedResources)
        && neededResources.equals(other.neededResources)
        && memorySeconds == other.memorySeconds
        && vcoreSeconds == other.vcoreSeconds
        && Float.compare(queueUsagePercentage, other.queueUsagePercentage) == 0
        && Float.compare(clusterUsagePercentage, other.clusterUsagePercentage) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(numUsedContainers, numReservedContainers, usedResources, reservedResources, neededResources,
        memorySeconds, vcoreSeconds, queueUsagePercentage, clusterUsagePercentage);
  }

  @Override
  public String toString() {
    return "ApplicationResourceUsageReport{"
        + "numUsedContainers=" + numUsedContainers
        + ", numReservedContainers=" + numReservedContainers
        + ", usedResources=" + usedResources
        + ", reservedResources=" + reservedResources
        + ", neededResources=" + neededResources
        + ", memorySeconds=" + memorySeconds
        + ", vcoreSeconds=" + vcoreSeconds
        + ", queueUsagePercentage=" + queueUsagePercentage
        + ", clusterUsagePercentage=" + clusterUsagePercentage + "}";
  }

  /** Collects the values of a {@link ApplicationResourceUsageReport}; not thread-safe. */
  public static final class Builder {
    private int numUsedContainers = 0;
    private int numReservedContainers = 0;
    private Resource usedResources = Resource.NONE;
    private Resource reservedResources = Resource.NONE;
    private Resource neededResources = Resource.NONE;
    private long memorySeconds = 0;
    private long vcoreSeconds = 0;
    private float queueUsagePercentage = 0f;
    private float clusterUsagePercentage = 0f;

    private Builder() {}

    public Builder numUsedContainers(int numUsedContainers) {
      this.numUsedContainers = numUsedContainers;
      return this;
    }

    public Builder numReservedContainers(int numReservedContainers) {
      this.numReservedContainers = numReservedContainers;
      return this;
    }

    public Builder usedResources(Resource usedResources) {
      this.usedResources = requireNonNull(usedResources, "usedResources");
      return this;
    }

    public Builder reservedResources(Resource reservedResources) {
      this.reservedResources = requireNonNull(reservedResources, "reservedResources");
      return this;
    }

    public Builder neededResources(Resource neededResources) {
      this.neededResources = requireNonNull(neededResources, "neededResources");
      return this;
    }

    public Builder memorySeconds(long memorySeconds) {
      this.memorySeconds = memorySeconds;
      return this;
    }

    public Builder vcoreSeconds(long vcoreSeconds) {
      this.vcoreSeconds = vcoreSeconds;
      return this;
    }

    public Builder queueUsagePercentage(float queueUsagePercentage) {
      this.queueUsagePercentage = queueUsagePercentage;
      return this;
    }

    public Builder clusterUsagePercentage(float clusterUsagePercentage) {
      this.clusterUsagePercentage = clusterUsagePercentage;
      return this;
    }

    public ApplicationResourceUsageReport build() {
      return new ApplicationResourceUsageReport(this);
    }
  }
}
