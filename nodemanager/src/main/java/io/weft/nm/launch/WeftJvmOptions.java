package io.weft.nm.launch;

import static java.util.Objects.requireNonNull;

import io.weft.common.launch.Placeholders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link Placeholders#WEFT_JVM_OPTIONS} expands to on this node: the configured options for
 * Weft's own short-lived JVMs, then the class-data-sharing options of the launch, if enabled.
 */
public record WeftJvmOptions(List<String> options, Optional<CdsArchives> cds) implements AutoCloseable {
  public static final WeftJvmOptions NONE = new WeftJvmOptions(List.of(), Optional.empty());

  public WeftJvmOptions {
    options = List.copyOf(options);
    requireNonNull(cds);
  }

  /** {@code options} split on whitespace. */
  public static WeftJvmOptions parse(String options, Optional<CdsArchives> cds) {
    return new WeftJvmOptions(options.isBlank() ? List.of() : List.of(options.trim().split("\\s+")), cds);
  }

  /**
   * Makes what launches need before the node accepts containers (the class-data-sharing archive of
   * Weft's JVMs); completes, never exceptionally, when done or given up. The caller bounds its wait.
   */
  public CompletableFuture<Void> prepare() {
    return cds.map(CdsArchives::prepare).orElse(CompletableFuture.completedFuture(null));
  }

  /** The options for one launch of {@code mainClass} on the node's class path, with what to do once that JVM exits. */
  public JvmLaunchOptions forLaunch(String mainClass, String containerId) {
    return withOptions(cds.map(c -> c.forLaunch(mainClass, containerId)).orElse(JvmLaunchOptions.NONE));
  }

  /**
   * As {@link #forLaunch(String, String)} for a JVM with the class path {@code classpath} (its
   * {@code -cp}, placeholders expanded) in a container working in {@code workDir}: a user's JVM
   * gets its own class-data-sharing archive (see {@link CdsArchives}).
   */
  public JvmLaunchOptions forLaunch(String mainClass, String classpath, Path workDir, String containerId) {
    return withOptions(cds.map(c -> c.forLaunch(mainClass, classpath, workDir, containerId))
        .orElse(JvmLaunchOptions.NONE));
  }

  private JvmLaunchOptions withOptions(JvmLaunchOptions sharing) {
    List<String> all = new ArrayList<>(options);
    all.addAll(sharing.options());
    return new JvmLaunchOptions(all, sharing.exited());
  }

  @Override
  public void close() {
    cds.ifPresent(CdsArchives::close);
  }
}
