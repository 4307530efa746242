package io.weft.nm.recovery;

import io.weft.common.launch.ExitStatus;
import io.weft.nm.container.ContainerManager;
import io.weft.nm.container.ContainerRecord;
import io.weft.nm.launch.ExitCodeFile;
import io.weft.nm.launch.ProcessStat;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Rebuilds a restarted NodeManager's containers from its recovery store, before it registers:
 * each recorded container is either completed (recorded so, or its exit code file is there),
 * re-attached (its process is alive and is the one recorded: same pid and start time), or lost
 * (gone without a code). Then process groups under the work dirs that no container owns are killed.
 */
public final class ContainerRecovery {
  private static final Logger LOG = LogManager.getLogger();
  /** Diagnostics of a container whose process ended unseen and left no exit code. */
  public static final String EXIT_UNKNOWN = "exited while the NodeManager was down; exit code unknown";

  private ContainerRecovery() {}

  /** Recovers {@code records} into {@code containers}; {@code workRoot} is where container work dirs live. */
  public static void recover(List<ContainerRecord> records, ContainerManager containers, Path workRoot) {
    Set<Long> reattached = new HashSet<>();
    for (ContainerRecord record : records) {
      if (recoverOne(record, containers)) {
        reattached.add(record.pid());
      }
    }
    Set<Long> killed = Orphans.kill(workRoot, reattached);
    LOG.info("recovered {} containers ({} re-attached); killed {} orphaned process groups", records.size(),
        reattached.size(), killed.size());
  }

  /** True when the container was re-attached to its live process. */
  private static boolean recoverOne(ContainerRecord record, ContainerManager containers) {
    if (record.completed()) {
      LOG.info("{} recovered as completed with exit status {}", record.id(), record.exitStatus());
      containers.restoreCompleted(record, record.exitStatus(), record.diagnostics(), "completed before the restart");
      return false;
    }
    OptionalInt code = exitCode(record);
    if (code.isEmpty() && ProcessStat.isSameProcess(record.pid(), record.processStartTicks())) {
      LOG.info("{} re-attached: pid {} is still running", record.id(), record.pid());
      containers.reattach(record);
      return true;
    }
    // Not alive (any more): the script writes the code before it exits, so look again.
    code = code.isPresent() ? code : exitCode(record);
    if (code.isPresent()) {
      int status = code.getAsInt();
      LOG.info("{} exited with code {} while the NodeManager was down", record.id(), status);
      containers.restoreCompleted(record, status, status == 0 ? "" : "Exception from container-launch: exit code "
          + status, "exited with code " + status + " while the NodeManager was down");
    } else {
      LOG.info("{} (pid {}) is gone and left no exit code: completed with exit status {}", record.id(),
          record.pid(), ExitStatus.INVALID);
      containers.restoreCompleted(record, ExitStatus.INVALID, EXIT_UNKNOWN, EXIT_UNKNOWN);
    }
    return false;
  }

  private static OptionalInt exitCode(ContainerRecord record) {
    try {
      return ExitCodeFile.read(record.dirs().workDir());
    } catch (IllegalStateException e) {
      LOG.warn("{}: {}", record.id(), e.getMessage());
      return OptionalInt.empty();
    }
  }
}
