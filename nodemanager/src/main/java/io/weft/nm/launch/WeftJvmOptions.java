package io.weft.nm.launch;

import static java.util.Objects.requireNonNull;

import io.weft.common.launch.Placeholders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

  /** The options for one launch of {@code mainClass}, with what to do once that JVM exits. */
  public JvmLaunchOptions forLaunch(String mainClass, String containerId) {
    JvmLaunchOptions sharing = cds.map(c -> c.forLaunch(mainClass, containerId)).orElse(JvmLaunchOptions.NONE);
    List<String> all = new ArrayList<>(options);
    all.addAll(sharing.options());
    return new JvmLaunchOptions(all, sharing.exited());
  }

  @Override
  public void close() {
    cds.ifPresent(CdsArchives::close);
  }
}
