package io.weft.rm.web;

import static java.util.Objects.requireNonNull;

import io.weft.common.id.ContainerId;
import io.weft.common.logstore.AggregatedLogs;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.LogStores;
import io.weft.common.logstore.StoredFile;
import io.weft.common.rpc.WeftException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Function;

/**
 * A container's log file as its NodeManager aggregated it to the log store: what the console's log pages show
 * once the node no longer has it (the container is gone, or its node). Reads the node files of the container's
 * application front to back until the container's file, then only the bytes asked for (at most {@link #MAX_BYTES}).
 */
final class AggregatedContainerLogs {
  static final int MAX_BYTES = 1024 * 1024;

  /** Bytes {@code [start, end)} of a file of {@code length} bytes, from the node file {@code node}. */
  record Slice(byte[] bytes, long start, long end, long length, String node) {}

  private final Function<LogStores.Caller, LogStore> store;

  /** {@code store} opens the store as the user a page is for (who it checks), with the RM's certificate if any. */
  AggregatedContainerLogs(Function<LogStores.Caller, LogStore> store) {
    this.store = requireNonNull(store);
  }

  /**
   * {@code file} of {@code id}, from {@code start} (negative: from the end) to {@code end} (exclusive; null = the
   * end of the file); empty when the store has no such file.
   */
  Optional<Slice> read(ContainerId id, String file, long start, Long end, LogStores.Caller caller) {
    try (LogStore logs = store.apply(caller)) {
      for (StoredFile node : logs.list(id.applicationId())) {
        try (InputStream in = logs.open(id.applicationId(), node.name(), 0);
            AggregatedLogs.Reader reader = new AggregatedLogs.Reader(in)) {
          for (Optional<AggregatedLogs.Entry> e = reader.next(); e.isPresent(); e = reader.next()) {
            AggregatedLogs.Entry entry = e.get();
            if (entry.container().equals(id) && entry.file().equals(file)) {
              long length = entry.length();
              long from = start < 0 ? Math.max(0, length + start) : Math.min(start, length);
              long to = end == null ? length : end < 0 ? Math.max(0, length + end) : Math.min(end, length);
              to = Math.max(from, Math.min(to, from + MAX_BYTES));
              entry.content().skipNBytes(from);
              return Optional.of(new Slice(entry.content().readNBytes((int) (to - from)), from, to, length,
                  node.name()));
            }
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw WeftException.unavailable("cannot read the aggregated logs of " + id + " from the log store: "
          + e.getMessage());
    }
  }
}
