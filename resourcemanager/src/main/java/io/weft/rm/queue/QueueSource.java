package io.weft.rm.queue;

import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the queue tree comes from: a queue file ({@code weft.scheduler.queue-file}, re-read on
 * every refresh) or, without one, the {@code weft.scheduler.capacity.*} keys of the RM's own
 * configuration (fixed for the life of the process).
 */
public final class QueueSource {
  private final Map<String, String> rmConfig;
  private final Optional<Path> file;
  private final Acl rootAdministerDefault;

  public QueueSource(Map<String, String> rmConfig, Optional<Path> file) {
    this(rmConfig, file, Acl.ALL);
  }

  /** {@code rootAdministerDefault}: root's acl_administer_queue when the queues do not set it (YARN's is *). */
  public QueueSource(Map<String, String> rmConfig, Optional<Path> file, Acl rootAdministerDefault) {
    this.rmConfig = Map.copyOf(rmConfig);
    this.file = file;
    this.rootAdministerDefault = java.util.Objects.requireNonNull(rootAdministerDefault);
  }

  /** Reads and validates the queue tree now; throws naming the file and the mistake. */
  public QueueSpec load() {
    if (file.isEmpty()) {
      return QueueConfigParser.parse(rmConfig, rootAdministerDefault);
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw WeftException.invalidArgument("cannot read queue file " + file.get() + ": " + e.getMessage());
    }
    Map<String, String> values = new HashMap<>();
    props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k)));
    try {
      return QueueConfigParser.parse(values, rootAdministerDefault);
    } catch (WeftException e) {
      throw WeftException.invalidArgument("queue file " + file.get() + " is refused: " + e.getMessage());
    }
  }

  public String describe() {
    return file.map(f -> "queue file " + f).orElse("the ResourceManager's configuration (no queue file)");
  }
}
