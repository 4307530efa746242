package io.weft.nm.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading process trees from procfs files: what belongs to a container and what it adds up to. */
class ProcessTableTest {
  @TempDir Path proc;

  private void process(long pid, String name, long ppid, long pgrp, long session, long rssPages) throws Exception {
    Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
    // Fields 3.. of /proc/<pid>/stat: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    // utime stime cutime cstime priority nice threads itreal starttime vsize rss ...
    Files.writeString(dir.resolve("stat"), pid + " (" + name + ") S " + ppid + " " + pgrp + " " + session
        + " 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 100 " + (rssPages * 8192) + " " + rssPages + " 0 0 0\n");
    Files.writeString(dir.resolve("cmdline"), name + "\0--flag\0");
  }

  @Test
  void tree_isTheSessionAndGroupOfTheRoot_plusDescendantsThatLeftThem() throws Exception {
    process(100, "bash", 50, 100, 100, 10);
    process(101, "java", 100, 100, 100, 1000);
    process(102, "escaped (setsid)", 101, 102, 102, 200);
    process(103, "daemon", 1, 100, 100, 30);
    process(200, "other", 1, 200, 200, 5000);
    Files.createDirectories(proc.resolve("self"));

    ProcessTable table = ProcessTable.read(proc);
    List<ProcessInfo> tree = table.tree(100);

    assertThat(tree).extracting(ProcessInfo::pid).containsExactlyInAnyOrder(100L, 101L, 102L, 103L);
    assertThat(tree.get(0).pid()).isEqualTo(100);
    ProcessTreeUsage usage = ProcessTreeUsage.of(100, tree, new KernelUnits(4096, 100));
    assertThat(usage.rssBytes()).isEqualTo((10 + 1000 + 200 + 30) * 4096L);
    assertThat(usage.cpuTicks()).isEqualTo(4 * 10);
    assertThat(usage.dump(proc, new KernelUnits(4096, 100)))
        .contains("\t|- 102 101 102 102 (escaped (setsid)) 70 30 1638400 200 escaped (setsid) --flag\n");
    assertThat(table.tree(999)).as("a root that is gone").isEmpty();
  }

  @Test
  void aRootNotYetLeadingItsOwnSession_isNotMeasured() throws Exception {
    // The NM's fork between fork and setsid/exec: the NM JVM's session, group and pages.
    process(300, "container-launc", 50, 40, 30, 124_404);
    process(40, "java", 1, 40, 30, 124_404);

    assertThat(ProcessTable.read(proc).tree(300)).as("a launch not yet exec'd into its own session").isEmpty();
  }

  @Test
  void bytes_areWrittenAsYarnWritesThem() {
    assertThat(MemoryLimitDiagnostic.bytes(512L << 20)).isEqualTo("512 MB");
    assertThat(MemoryLimitDiagnostic.bytes(1L << 30)).isEqualTo("1 GB");
    assertThat(MemoryLimitDiagnostic.bytes((long) (3.1 * (1L << 30)))).isEqualTo("3.1 GB");
    assertThat(MemoryLimitDiagnostic.bytes(1536L << 10)).isEqualTo("1.5 MB");
    assertThat(MemoryLimitDiagnostic.bytes(1023)).isEqualTo("1023 B");
  }
}
