package io.weft.client;

import static java.util.Objects.requireNonNull;

import io.weft.client.records.ApplicationSubmissionContext;
import io.weft.client.records.ContainerLaunchContext;
import io.weft.client.records.LocalResource;
import io.weft.common.id.ApplicationId;
import io.weft.common.launch.Placeholders;
import io.weft.common.resource.Resource;
import io.weft.common.rpc.WeftException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the submission of an application with any ApplicationMaster (YARN's
 * {@code ApplicationSubmissionContext}): the AM's command, environment, local resources and size,
 * plus name, queue, type, tags, priority and attempts. Hand the result to
 * {@link WeftClient#submitApplication}.
 *
 * <pre>{@code
 * NewApplication app = client.createApplication();
 * LocalResource jar = client.uploadFile(app.id(), Path.of("my-am.jar"));
 * client.submitApplication(AppSubmission.builder(app.id())
 *     .name("my app").queue("default").applicationType("MY_FRAMEWORK")
 *     .amResource(Resource.of(1024, 1))
 *     .localResource("am.jar", jar)
 *     .javaCommand(512, List.of("{{PWD}}/am.jar"), "com.example.MyAm", List.of("--workers", "4"))
 *     .build());
 * }</pre>
 *
 * <p>The AM process finds what it needs in its environment (set by the RM and the NM): its container
 * id in {@code CONTAINER_ID} (hence its attempt id), the RM's gRPC address in {@code WEFT_RM_ADDRESS}
 * (with HA every RM's, comma-separated),
 * its credential in {@code WEFT_AMRM_TOKEN}, its node in {@code NM_HOST}, plus {@code PWD},
 * {@code LOG_DIRS}, {@code WEFT_HOME}, {@code APP_SUBMIT_TIME_ENV} and {@code MAX_APP_ATTEMPTS};
 * {@code io.weft.am.client.AmRmClient.fromEnvironment()} reads them. Its stdout and stderr are the
 * AM container's logs.
 */
public final class AppSubmission {
  private AppSubmission() {}

  /** A builder for application {@code id} (from {@link WeftClient#createApplication}). */
  public static Builder builder(ApplicationId id) {
    return new Builder(id);
  }

  /** Collects the fields; {@link #build} checks them. Not thread-safe. */
  public static final class Builder {
    private final ApplicationId id;
    private String name = "";
    private String queue = "default";
    private String applicationType = "WEFT";
    private final List<String> tags = new ArrayList<>();
    private int priority;
    private java.time.Duration lifetime = java.time.Duration.ZERO;
    private int maxAttempts;
    private boolean keepContainersAcrossAttempts;
    private Resource amResource = Resource.of(1024, 1);
    private final List<String> command = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, LocalResource> localResources = new LinkedHashMap<>();

    private Builder(ApplicationId id) {
      this.id = requireNonNull(id);
    }

    public Builder name(String name) {
      this.name = requireNonNull(name);
      return this;
    }

    /** Leaf queue name or path; default {@code default}. */
    public Builder queue(String queue) {
      this.queue = requireNonNull(queue);
      return this;
    }

    /** Shown and filtered on by {@code weft application -list -appTypes}; default {@code WEFT}. */
    public Builder applicationType(String type) {
      this.applicationType = requireNonNull(type);
      return this;
    }

    public Builder tag(String tag) {
      tags.add(requireNonNull(tag));
      return this;
    }

    /**
     * The application's lifetime (YARN's ApplicationTimeouts LIFETIME): the ResourceManager kills it this long after
     * its submission. Default: none.
     */
    public Builder lifetime(java.time.Duration lifetime) {
      if (lifetime.isNegative()) {
        throw WeftException.invalidArgument("lifetime must not be negative, got " + lifetime);
      }
      this.lifetime = lifetime;
      return this;
    }

    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /** Attempts before the application fails; 0 = the cluster's default. */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 0) {
        throw WeftException.invalidArgument("max attempts must not be negative, got " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Asks the RM to leave the running containers of a failed attempt running for the next one, whose
     * AM gets them at registration (see docs/am-api.md).
     */
    public Builder keepContainersAcrossAttempts(boolean keep) {
      this.keepContainersAcrossAttempts = keep;
      return this;
    }

    /** The AM container's size; default 1024 MB, 1 vcore. */
    public Builder amResource(Resource resource) {
      this.amResource = requireNonNull(resource);
      return this;
    }

    /** The AM's argv, taken literally (no shell); placeholders such as {@code {{PWD}}} are expanded by the NM. */
    public Builder command(List<String> argv) {
      command.clear();
      command.addAll(argv);
      return this;
    }

    /**
     * {@code {{JAVA_HOME}}/bin/java -Xmx<heapMb>m -cp <classpath>:{{WEFT_CLASSPATH}} {{WEFT_JVM_OPTIONS}} mainClass
     * args...}: a Java AM with the Weft installation (and so the AM API) on its class path after
     * {@code classpath}. The node's JVM options come before the main class: its start-up options and a
     * class-data-sharing archive of this AM's class path, recorded on its first launch on the node and
     * mapped from the next (docs/startup.md), so a user's AM starts as fast as Weft's own.
     */
    public Builder javaCommand(long heapMb, List<String> classpath, String mainClass, List<String> args) {
      return javaCommand(heapMb, List.of(), classpath, mainClass, args);
    }

    /**
     * As {@link #javaCommand(long, List, String, List)}, with {@code jvmOptions} (e.g.
     * {@code -XX:TieredStopAtLevel=1}) before the class path.
     */
    public Builder javaCommand(long heapMb, List<String> jvmOptions, List<String> classpath, String mainClass,
        List<String> args) {
      List<String> entries = new ArrayList<>(classpath);
      entries.add(Placeholders.WEFT_CLASSPATH);
      List<String> argv = new ArrayList<>(List.of(Placeholders.JAVA, "-Xmx" + heapMb + "m"));
      argv.addAll(jvmOptions);
      argv.addAll(List.of("-cp", String.join(":", entries), Placeholders.WEFT_JVM_OPTIONS, mainClass));
      argv.addAll(args);
      return command(argv);
    }

    public Builder environment(String name, String value) {
      environment.put(requireNonNull(name), requireNonNull(value));
      return this;
    }

    /**
     * Places {@code resource} (e.g. from {@link WeftClient#uploadFile}) in the AM's working directory
     * as {@code link}.
     */
    public Builder localResource(String link, LocalResource resource) {
      if (link.isBlank() || link.contains("/")) {
        throw WeftException.invalidArgument("local resource link '" + link + "' must be a plain file name");
      }
      localResources.put(link, requireNonNull(resource));
      return this;
    }

    public ApplicationSubmissionContext build() {
      if (command.isEmpty()) {
        throw WeftException.invalidArgument("application " + id + " has no AM command");
      }
      return ApplicationSubmissionContext.newBuilder()
          .applicationId(id)
          .applicationName(name.isEmpty() ? applicationType : name)
          .queue(queue)
          .applicationType(applicationType)
          .applicationTags(tags)
          .priority(priority)
          .lifetime(lifetime)
          .maxAppAttempts(maxAttempts)
          .keepContainersAcrossApplicationAttempts(keepContainersAcrossAttempts)
          .resource(amResource)
          .amContainerSpec(ContainerLaunchContext.newBuilder().commands(command)
              .environment(environment).localResources(localResources).build())
          .build();
    }
  }
}
