package io.weft.client.records;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a NodeManager needs to start a process (YARN's {@code ContainerLaunchContext}, same getter names).
 * The NodeManager expands {@code {{JAVA_HOME}}}, {@code {{WEFT_CLASSPATH}}}, {@code {{PWD}}} and
 * {@code {{LOG_DIR}}} in every command element (see {@code io.weft.common.launch.Placeholders}); stdout and
 * stderr go to the container's log directory.
 *
 * <p>Immutable: build one with {@link #newBuilder()} (or change a copy with {@link #toBuilder()}).
 */
public final class ContainerLaunchContext {
  private final List<String> commands;
  private final Map<String, String> environment;
  private final Map<String, LocalResource> localResources;

  private ContainerLaunchContext(Builder b) {
    this.commands = List.copyOf(b.commands);
    this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
    this.localResources = Collections.unmodifiableMap(new LinkedHashMap<>(b.localResources));
  }

  public static Builder newBuilder() {
    return new Builder();
  }

  /** A builder holding this one's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.commands(commands);
    b.environment(environment);
    b.localResources(localResources);
    return b;
  }

  /** The process's argv, taken literally (no shell). */
  public List<String> getCommands() {
    return commands;
  }

  public Map<String, String> getEnvironment() {
    return environment;
  }

  /** Link name in the working directory to resource. */
  public Map<String, LocalResource> getLocalResources() {
    return localResources;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ContainerLaunchContext other)) {
      return false;
    }
    return commands.equals(other.commands)
        && environment.equals(other.environment)
        && localResources.equals(other.localResources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(commands, environment, localResources);
  }

  @Override
  public String toString() {
    return "ContainerLaunchContext{"
        + "commands=" + commands
        + ", environment=" + environment
        + ", localResources=" + localResources + "}";
  }

  /** Collects the values of a {@link ContainerLaunchContext}; not thread-safe. */
  public static final class Builder {
    private java.util.ArrayList<String> commands = new java.util.ArrayList<>();
    private LinkedHashMap<String, String> environment = new LinkedHashMap<>();
    private LinkedHashMap<String, LocalResource> localResources = new LinkedHashMap<>();

    private Builder() {}

    /** Replaces the commands. */
    public Builder commands(java.util.Collection<String> commands) {
      this.commands.clear();
      commands.forEach(e -> this.commands.add(requireNonNull(e, "commands element")));
      return this;
    }

    /** Replaces the environment. */
    public Builder environment(Map<String, String> environment) {
      this.environment.clear();
      environment.forEach((k, v) -> this.environment.put(requireNonNull(k, "environment key"),
          requireNonNull(v, "environment value")));
      return this;
    }

    /** Replaces the localResources. */
    public Builder localResources(Map<String, LocalResource> localResources) {
      this.localResources.clear();
      localResources.forEach((k, v) -> this.localResources.put(requireNonNull(k, "localResources key"),
          requireNonNull(v, "localResources value")));
      return this;
    }

    public ContainerLaunchContext build() {
      return new ContainerLaunchContext(this);
    }
  }
}
