package io.weft.client.records;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ApplicationId;
import io.weft.common.resource.Resource;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the ResourceManager needs to start an application (YARN's {@code ApplicationSubmissionContext},
 * same getter names). {@code io.weft.client.AppSubmission} builds one with checks and defaults for a Java AM.
 *
 * <p>Immutable: build one with {@link #newBuilder()} (or change a copy with {@link #toBuilder()}).
 */
public final class ApplicationSubmissionContext {
  private final ApplicationId applicationId;
  private final String applicationName;
  private final String queue;
  private final int priority;
  private final ContainerLaunchContext amContainerSpec;
  private final Resource resource;
  private final boolean unmanagedAM;
  private final int maxAppAttempts;
  private final String applicationType;
  private final Set<String> applicationTags;
  private final boolean keepContainersAcrossApplicationAttempts;
  private final String user;
  private final String amResourceName;
  private final java.time.Duration lifetime;
  private final String amNodeLabelExpression;
  private final String nodeLabelExpression;

  private ApplicationSubmissionContext(Builder b) {
    this.applicationId = requireNonNull(b.applicationId, "applicationId");
    this.applicationName = requireNonNull(b.applicationName, "applicationName");
    this.queue = requireNonNull(b.queue, "queue");
    this.priority = b.priority;
    this.amContainerSpec = requireNonNull(b.amContainerSpec, "amContainerSpec");
    this.resource = requireNonNull(b.resource, "resource");
    this.unmanagedAM = b.unmanagedAM;
    this.maxAppAttempts = b.maxAppAttempts;
    this.applicationType = requireNonNull(b.applicationType, "applicationType");
    this.applicationTags = Collections.unmodifiableSet(new LinkedHashSet<>(b.applicationTags));
    this.keepContainersAcrossApplicationAttempts = b.keepContainersAcrossApplicationAttempts;
    this.user = requireNonNull(b.user, "user");
    this.amResourceName = requireNonNull(b.amResourceName, "amResourceName");
    this.lifetime = requireNonNull(b.lifetime, "lifetime");
    this.amNodeLabelExpression = requireNonNull(b.amNodeLabelExpression, "amNodeLabelExpression");
    this.nodeLabelExpression = requireNonNull(b.nodeLabelExpression, "nodeLabelExpression");
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this one's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.applicationId = applicationId;
    b.applicationName = applicationName;
    b.queue = queue;
    b.priority = priority;
    b.amContainerSpec = amContainerSpec;
    b.resource = resource;
    b.unmanagedAM = unmanagedAM;
    b.maxAppAttempts = maxAppAttempts;
    b.applicationType = applicationType;
    b.applicationTags(applicationTags);
    b.keepContainersAcrossApplicationAttempts = keepContainersAcrossApplicationAttempts;
    b.user = user;
    b.amResourceName = amResourceName;
    b.lifetime = lifetime;
    b.amNodeLabelExpression = amNodeLabelExpression;
    b.nodeLabelExpression = nodeLabelExpression;
    return b;
  }

  public ApplicationId getApplicationId() {
    return applicationId;
  }

  public String getApplicationName() {
    return applicationName;
  }

  /** Leaf queue name or path. */
  public String getQueue() {
    return queue;
  }

  public int getPriority() {
    return priority;
  }

  public ContainerLaunchContext getAMContainerSpec() {
    return amContainerSpec;
  }

  /** The AM container's size. */
  public Resource getResource() {
    return resource;
  }

  public boolean getUnmanagedAM() {
    return unmanagedAM;
  }

  /** 0 = the cluster's default. */
  public int getMaxAppAttempts() {
    return maxAppAttempts;
  }

  public String getApplicationType() {
    return applicationType;
  }

  public Set<String> getApplicationTags() {
    return applicationTags;
  }

  public boolean getKeepContainersAcrossApplicationAttempts() {
    return keepContainersAcrossApplicationAttempts;
  }

  /**
   * Who submits, as the client claims it (an authenticated caller is taken from its credentials instead); default the
   * {@code user.name} system property. Not in YARN's context.
   */
  public String getUser() {
    return user;
  }

  /**
   * Where the AM should run: {@code *}, a rack or a host, empty = anywhere (YARN: the resource name of {@code
   * getAMContainerResourceRequests()}).
   */
  public String getAmResourceName() {
    return amResourceName;
  }

  /**
   * After this long from submission the ResourceManager kills it; zero = no lifetime (YARN: the LIFETIME entry of
   * {@code getApplicationTimeouts()}, in seconds).
   */
  public java.time.Duration getLifetime() {
    return lifetime;
  }

  /**
   * The node label (partition) the AM container runs on, e.g. {@code gpu}; empty = the queue's
   * default-node-label-expression, else nodes without a label (YARN: the node label expression of {@code
   * getAMContainerResourceRequests()}).
   */
  public String getAmNodeLabelExpression() {
    return amNodeLabelExpression;
  }

  /**
   * The application's node label (partition), e.g. {@code gpu}: every container request that names no label, the
   * AM's included, goes there; empty = the queue's default-node-label-expression (YARN's
   * {@code getNodeLabelExpression()}).
   */
  public String getNodeLabelExpression() {
    return nodeLabelExpression;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ApplicationSubmissionContext other)) {
      return false;
    }
    return applicationId.equals(other.applicationId)
        && applicationName.equals(other.applicationName)
        && queue.equals(other.queue)
        && priority == other.priority
        && amContainerSpec.equals(other.amContainerSpec)
        && resource.equals(other.resource)
        && unmanagedAM == other.unmanagedAM
        && maxAppAttempts == other.maxAppAttempts
        && applicationType.equals(other.applicationType)
        && applicationTags.equals(other.applicationTags)
        && keepContainersAcrossApplicationAttempts == other.keepContainersAcrossApplicationAttempts
        && user.equals(other.user)
        && amResourceName.equals(other.amResourceName)
        && lifetime.equals(other.lifetime)
        && amNodeLabelExpression.equals(other.amNodeLabelExpression)
        && nodeLabelExpression.equals(other.nodeLabelExpression);
  }

  @Override
  public int hashCode() {
    return Objects.hash(applicationId, applicationName, queue, priority, amContainerSpec, resource, unmanagedAM,
        maxAppAttempts, applicationType, applicationTags, keepContainersAcrossApplicationAttempts, user, amResourceName,
        lifetime, amNodeLabelExpression, nodeLabelExpression);
  }

  @Override
  public String toString() {
    return "ApplicationSubmissionContext{"
        + "applicationId=" + applicationId
        + ", applicationName=" + applicationName
        + ", queue=" + queue
        + ", priority=" + priority
        + ", amContainerSpec=" + amContainerSpec
        + ", resource=" + resource
        + ", unmanagedAM=" + unmanagedAM
        + ", maxAppAttempts=" + maxAppAttempts
        + ", applicationType=" + applicationType
        + ", applicationTags=" + applicationTags
        + ", keepContainersAcrossApplicationAttempts=" + keepContainersAcrossApplicationAttempts
        + ", user=" + user
        + ", amResourceName=" + amResourceName
        + ", lifetime=" + lifetime
        + ", amNodeLabelExpression=" + amNodeLabelExpression
        + ", nodeLabelExpression=" + nodeLabelExpression + "}";
  }

  /** Collects the values of a {@link ApplicationSubmissionContext}; not thread-safe. */
  public static final class Builder {
    private ApplicationId applicationId;
    private String applicationName = "";
    private String queue = "";
    private int priority = 0;
    private ContainerLaunchContext amContainerSpec = ContainerLaunchContext.newBuilder().build();
    private Resource resource = Resource.NONE;
    private boolean unmanagedAM = false;
    private int maxAppAttempts = 0;
    private String applicationType = "";
    private LinkedHashSet<String> applicationTags = new LinkedHashSet<>();
    private boolean keepContainersAcrossApplicationAttempts = false;
    private String user = System.getProperty("user.name", "weft");
    private String amResourceName = "";
    private java.time.Duration lifetime = java.time.Duration.ZERO;
    private String amNodeLabelExpression = "";
    private String nodeLabelExpression = "";

    private Builder() {}

    public Builder applicationId(ApplicationId applicationId) {
      this.applicationId = requireNonNull(applicationId, "applicationId");
      return this;
    }

    public Builder applicationName(String applicationName) {
      this.applicationName = requireNonNull(applicationName, "applicationName");
      return this;
    }

    public Builder queue(String queue) {
      this.queue = requireNonNull(queue, "queue");
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    public Builder amContainerSpec(ContainerLaunchContext amContainerSpec) {
      this.amContainerSpec = requireNonNull(amContainerSpec, "amContainerSpec");
      return this;
    }

    public Builder resource(Resource resource) {
      this.resource = requireNonNull(resource, "resource");
      return this;
    }

    public Builder unmanagedAM(boolean unmanagedAM) {
      this.unmanagedAM = unmanagedAM;
      return this;
    }

    public Builder maxAppAttempts(int maxAppAttempts) {
      this.maxAppAttempts = maxAppAttempts;
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

    public Builder keepContainersAcrossApplicationAttempts(boolean keepContainersAcrossApplicationAttempts) {
      this.keepContainersAcrossApplicationAttempts = keepContainersAcrossApplicationAttempts;
      return this;
    }

    public Builder user(String user) {
      this.user = requireNonNull(user, "user");
      return this;
    }

    public Builder amResourceName(String amResourceName) {
      this.amResourceName = requireNonNull(amResourceName, "amResourceName");
      return this;
    }

    public Builder lifetime(java.time.Duration lifetime) {
      this.lifetime = requireNonNull(lifetime, "lifetime");
      return this;
    }

    public Builder amNodeLabelExpression(String amNodeLabelExpression) {
      this.amNodeLabelExpression = requireNonNull(amNodeLabelExpression, "amNodeLabelExpression").strip();
      return this;
    }

    public Builder nodeLabelExpression(String nodeLabelExpression) {
      this.nodeLabelExpression = requireNonNull(nodeLabelExpression, "nodeLabelExpression").strip();
      return this;
    }

    public ApplicationSubmissionContext build() {
      return new ApplicationSubmissionContext(this);
    }
  }
}
