package io.weft.client.records;

import static java.util.Objects.requireNonNull;

import io.weft.common.resource.Resource;
import java.util.Objects;

/**
 * The cluster's counts (YARN's {@code YarnClusterMetrics}, same getter names, plus the application, resource
 * and container figures YARN shows in its web UI).
 *
 * <p>Immutable: build one with {@link #newBuilder()} (or change a copy with {@link #toBuilder()}).
 */
public final class ClusterMetrics {
  private final int numNodeManagers;
  private final int numActiveNodeManagers;
  private final int numLostNodeManagers;
  private final int numUnhealthyNodeManagers;
  private final int numDecommissionedNodeManagers;
  private final int numRebootedNodeManagers;
  private final int numShutdownNodeManagers;
  private final int appsSubmitted;
  private final int appsPending;
  private final int appsRunning;
  private final int appsCompleted;
  private final int appsFailed;
  private final int appsKilled;
  private final Resource totalResource;
  private final Resource allocatedResource;
  private final Resource availableResource;
  private final Resource reservedResource;
  private final int containersAllocated;
  private final int containersPending;
  private final int containersReserved;

  private ClusterMetrics(Builder b) {
    this.numNodeManagers = b.numNodeManagers;
    this.numActiveNodeManagers = b.numActiveNodeManagers;
    this.numLostNodeManagers = b.numLostNodeManagers;
    this.numUnhealthyNodeManagers = b.numUnhealthyNodeManagers;
    this.numDecommissionedNodeManagers = b.numDecommissionedNodeManagers;
    this.numRebootedNodeManagers = b.numRebootedNodeManagers;
    this.numShutdownNodeManagers = b.numShutdownNodeManagers;
    this.appsSubmitted = b.appsSubmitted;
    this.appsPending = b.appsPending;
    this.appsRunning = b.appsRunning;
    this.appsCompleted = b.appsCompleted;
    this.appsFailed = b.appsFailed;
    this.appsKilled = b.appsKilled;
    this.totalResource = requireNonNull(b.totalResource, "totalResource");
    this.allocatedResource = requireNonNull(b.allocatedResource, "allocatedResource");
    this.availableResource = requireNonNull(b.availableResource, "availableResource");
    this.reservedResource = requireNonNull(b.reservedResource, "reservedResource");
    this.containersAllocated = b.containersAllocated;
    this.containersPending = b.containersPending;
    this.containersReserved = b.containersReserved;
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this one's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.numNodeManagers = numNodeManagers;
    b.numActiveNodeManagers = numActiveNodeManagers;
    b.numLostNodeManagers = numLostNodeManagers;
    b.numUnhealthyNodeManagers = numUnhealthyNodeManagers;
    b.numDecommissionedNodeManagers = numDecommissionedNodeManagers;
    b.numRebootedNodeManagers = numRebootedNodeManagers;
    b.numShutdownNodeManagers = numShutdownNodeManagers;
    b.appsSubmitted = appsSubmitted;
    b.appsPending = appsPending;
    b.appsRunning = appsRunning;
    b.appsCompleted = appsCompleted;
    b.appsFailed = appsFailed;
    b.appsKilled = appsKilled;
    b.totalResource = totalResource;
    b.allocatedResource = allocatedResource;
    b.availableResource = availableResource;
    b.reservedResource = reservedResource;
    b.containersAllocated = containersAllocated;
    b.containersPending = containersPending;
    b.containersReserved = containersReserved;
    return b;
  }

  public int getNumNodeManagers() {
    return numNodeManagers;
  }

  public int getNumActiveNodeManagers() {
    return numActiveNodeManagers;
  }

  public int getNumLostNodeManagers() {
    return numLostNodeManagers;
  }

  public int getNumUnhealthyNodeManagers() {
    return numUnhealthyNodeManagers;
  }

  public int getNumDecommissionedNodeManagers() {
    return numDecommissionedNodeManagers;
  }

  public int getNumRebootedNodeManagers() {
    return numRebootedNodeManagers;
  }

  public int getNumShutdownNodeManagers() {
    return numShutdownNodeManagers;
  }

  public int getAppsSubmitted() {
    return appsSubmitted;
  }

  public int getAppsPending() {
    return appsPending;
  }

  public int getAppsRunning() {
    return appsRunning;
  }

  public int getAppsCompleted() {
    return appsCompleted;
  }

  public int getAppsFailed() {
    return appsFailed;
  }

  public int getAppsKilled() {
    return appsKilled;
  }

  public Resource getTotalResource() {
    return totalResource;
  }

  public Resource getAllocatedResource() {
    return allocatedResource;
  }

  public Resource getAvailableResource() {
    return availableResource;
  }

  public Resource getReservedResource() {
    return reservedResource;
  }

  public int getContainersAllocated() {
    return containersAllocated;
  }

  public int getContainersPending() {
    return containersPending;
  }

  public int getContainersReserved() {
    return containersReserved;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ClusterMetrics other)) {
      return false;
    }
    return numNodeManagers == other.numNodeManagers
        && numActiveNodeManagers == other.numActiveNodeManagers
        && numLostNodeManagers == other.numLostNodeManagers
        && numUnhealthyNodeManagers == other.numUnhealthyNodeManagers
        && numDecommissionedNodeManagers == other.numDecommissionedNodeManagers
        && numRebootedNodeManagers == other.numRebootedNodeManagers
        && numShutdownNodeManagers == other.numShutdownNodeManagers
        && appsSubmitted == other.appsSubmitted
        && appsPending == other.appsPending
        && appsRunning == other.appsRunning
        && appsCompleted == other.appsCompleted
        && appsFailed == other.appsFailed
        && appsKilled == other.appsKilled
        && totalResource.equals(other.totalResource)
        && allocatedResource.equals(other.allocatedResource)
        && availableResource.equals(other.availableResource)
        && reservedResource.equals(other.reservedResource)
        && containersAllocated == other.containersAllocated
        && containersPending == other.containersPending
        && containersReserved == other.containersReserved;
  }

  @Override
  public int hashCode() {
    return Objects.hash(numNodeManagers, numActiveNodeManagers, numLostNodeManagers, numUnhealthyNodeManagers,
        numDecommissionedNodeManagers, numRebootedNodeManagers, numShutdownNodeManagers, appsSubmitted, appsPending,
        appsRunning, appsCompleted, appsFailed, appsKilled, totalResource, allocatedResource, availableResource,
        reservedResource, containersAllocated, containersPending, containersReserved);
  }

  @Override
  public String toString() {
    return "ClusterMetrics{"
        + "numNodeManagers=" + numNodeManagers
        + ", numActiveNodeManagers=" + numActiveNodeManagers
        + ", numLostNodeManagers=" + numLostNodeManagers
        + ", numUnhealthyNodeManagers=" + numUnhealthyNodeManagers
        + ", numDecommissionedNodeManagers=" + numDecommissionedNodeManagers
        + ", numRebootedNodeManagers=" + numRebootedNodeManagers
        + ", numShutdownNodeManagers=" + numShutdownNodeManagers
        + ", appsSubmitted=" + appsSubmitted
        + ", appsPending=" + appsPending
        + ", appsRunning=" + appsRunning
        + ", appsCompleted=" + appsCompleted
        + ", appsFailed=" + appsFailed
        + ", appsKilled=" + appsKilled
        + ", totalResource=" + totalResource
        + ", allocatedResource=" + allocatedResource
        + ", availableResource=" + availableResource
        + ", reservedResource=" + reservedResource
        + ", containersAllocated=" + containersAllocated
        + ", containersPending=" + containersPending
        + ", containersReserved=" + containersReserved + "}";
  }

  /** Collects the values of a {@link ClusterMetrics}; not thread-safe. */
  public static final class Builder {
    private int numNodeManagers = 0;
    private int numActiveNodeManagers = 0;
    private int numLostNodeManagers = 0;
    private int numUnhealthyNodeManagers = 0;
    private int numDecommissionedNodeManagers = 0;
    private int numRebootedNodeManagers = 0;
    private int numShutdownNodeManagers = 0;
    private int appsSubmitted = 0;
    private int appsPending = 0;
    private int appsRunning = 0;
    private int appsCompleted = 0;
    private int appsFailed = 0;
    private int appsKilled = 0;
    private Resource totalResource = Resource.NONE;
    private Resource allocatedResource = Resource.NONE;
    private Resource availableResource = Resource.NONE;
    private Resource reservedResource = Resource.NONE;
    private int containersAllocated = 0;
    private int containersPending = 0;
    private int containersReserved = 0;

    private Builder() {}

    public Builder numNodeManagers(int numNodeManagers) {
      this.numNodeManagers = numNodeManagers;
      return this;
    }

    public Builder numActiveNodeManagers(int numActiveNodeManagers) {
      this.numActiveNodeManagers = numActiveNodeManagers;
      return this;
    }

    public Builder numLostNodeManagers(int numLostNodeManagers) {
      this.numLostNodeManagers = numLostNodeManagers;
      return this;
    }

    public Builder numUnhealthyNodeManagers(int numUnhealthyNodeManagers) {
      this.numUnhealthyNodeManagers = numUnhealthyNodeManagers;
      return this;
    }

    public Builder numDecommissionedNodeManagers(int numDecommissionedNodeManagers) {
      this.numDecommissionedNodeManagers = numDecommissionedNodeManagers;
      return this;
    }

    public Builder numRebootedNodeManagers(int numRebootedNodeManagers) {
      this.numRebootedNodeManagers = numRebootedNodeManagers;
      return this;
    }

    public Builder numShutdownNodeManagers(int numShutdownNodeManagers) {
      this.numShutdownNodeManagers = numShutdownNodeManagers;
      return this;
    }

    public Builder appsSubmitted(int appsSubmitted) {
      this.appsSubmitted = appsSubmitted;
      return this;
    }

    public Builder appsPending(int appsPending) {
      this.appsPending = appsPending;
      return this;
    }

    public Builder appsRunning(int appsRunning) {
      this.appsRunning = appsRunning;
      return this;
    }

    public Builder appsCompleted(int appsCompleted) {
      this.appsCompleted = appsCompleted;
      return this;
    }

    public Builder appsFailed(int appsFailed) {
      this.appsFailed = appsFailed;
      return this;
    }

    public Builder appsKilled(int appsKilled) {
      this.appsKilled = appsKilled;
      return this;
    }

    public Builder totalResource(Resource totalResource) {
      this.totalResource = requireNonNull(totalResource, "totalResource");
      return this;
    }

    public Builder allocatedResource(Resource allocatedResource) {
      this.allocatedResource = requireNonNull(allocatedResource, "allocatedResource");
      return this;
    }

    public Builder availableResource(Resource availableResource) {
      this.availableResource = requireNonNull(availableResource, "availableResource");
      return this;
    }

    public Builder reservedResource(Resource reservedResource) {
      this.reservedResource = requireNonNull(reservedResource, "reservedResource");
      return this;
    }

    public Builder containersAllocated(int containersAllocated) {
      this.containersAllocated = containersAllocated;
      return this;
    }

    public Builder containersPending(int containersPending) {
      this.containersPending = containersPending;
      return this;
    }

    public Builder containersReserved(int containersReserved) {
      this.containersReserved = containersReserved;
      return this;
    }

    public ClusterMetrics build() {
      return new ClusterMetrics(this);
    }
  }
}
