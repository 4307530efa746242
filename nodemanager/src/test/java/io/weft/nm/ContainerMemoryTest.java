package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.common.id.ContainerId;
import io.weft.common.launch.ExitStatus;
import io.weft.common.resource.Resource;
import io.weft.nm.container.ContainerState;
import io.weft.nm.monitor.ContainerMonitor;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.ContainerStatus;
import io.weft.proto.NodeStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container monitor on a real NodeManager with real processes: a container whose process tree
 * holds more resident memory than its size is killed with -104 and YARN's diagnostic; one within its
 * size, and its neighbours, are left alone; what containers and the host use reaches the heartbeat.
 */
class ContainerMemoryTest {
  private static final long MB = 1024 * 1024;
  /** tail keeps a line in memory until its end: 3 GB of zeros without a newline grow its heap to 3 GB in seconds. */
  private static final String ALLOCATE_3_GB = "head -c 3G /dev/zero | tail -n 1 > /dev/null";
  /** Holds 200 MB in tail until killed: sleep keeps the pipe open, so tail never sees the end of its line. */
  private static final String HOLD_200_MB = "{ head -c 200M /dev/zero; sleep 600; } | tail -n 1 > /dev/null";

  @TempDir Path dir;
  private FakeResourceManager rm;
  private NmHarness h;

  @BeforeEach
  void startRm() {
    rm = new FakeResourceManager();
    rm.start();
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    rm.close();
  }

  private void startNm(boolean pmemCheck) {
    Map<String, String> conf = new HashMap<>();
    conf.put(NmKeys.CONTAINER_MONITOR_INTERVAL.key(), "100");
    conf.put(NmKeys.PMEM_CHECK_ENABLED.key(), Boolean.toString(pmemCheck));
    h = new NmHarness(dir, rm, conf);
    h.awaitRegistered();
  }

  private ContainerId run(long n, long memoryMb, String script) {
    return h.run(n, Resource.of(memoryMb, 1), ContainerLaunchContext.newBuilder()
        .addAllCommand(List.of("bash", "-c", script)));
  }

  @Test
  void containerOverItsMemory_isKilledWithMinus104AndYarnsDiagnostic_andItsNeighbourRunsOn() throws Exception {
    startNm(true);
    ContainerId neighbour = run(1, 256, "sleep 600");
    long neighbourPid = h.pid(neighbour);
    ContainerId hog = run(2, 512, ALLOCATE_3_GB);

    ContainerStatus status = h.awaitComplete(hog);

    assertThat(status.getExitStatus()).isEqualTo(ExitStatus.KILLED_EXCEEDED_PMEM);
    assertThat(status.getDiagnostics())
        .containsPattern("^Container \\[pid=\\d+,containerID=" + hog + "\\] is running beyond physical memory "
            + "limits\\. Current usage: \\d+(\\.\\d)? [MG]B of 512 MB physical memory used\\. Killing container\\.\n")
        .contains("Dump of the process-tree for " + hog + " :\n\t|- PID PPID PGRPID SESSID CMD_NAME")
        .contains("(tail)");
    await("the RM hears -104").atMost(Duration.ofSeconds(10)).until(() -> rm.lastStatus(hog) != null
        && rm.lastStatus(hog).getExitStatus() == ExitStatus.KILLED_EXCEEDED_PMEM);
    assertThat(h.nm.containers().report(neighbour).state()).isEqualTo(ContainerState.RUNNING);
    assertThat(ProcessHandle.of(neighbourPid).map(ProcessHandle::isAlive)).contains(true);
    assertThat(nodeInfo("pmemCheckEnabled")).isEqualTo("true");
  }

  @Test
  void containerWithinItsMemory_isLeftAlone() {
    startNm(true);
    ContainerId id = run(1, 512, HOLD_200_MB);
    ContainerMonitor monitor = h.nm.monitor();

    await("the monitor measures the container's 200 MB").atMost(Duration.ofSeconds(30))
        .until(() -> usedMb(monitor, id) >= 200);
    long measuredAt = monitor.rounds();
    await("three more rounds of the monitor").atMost(Duration.ofSeconds(30))
        .until(() -> monitor.rounds() >= measuredAt + 3);

    assertThat(h.nm.containers().report(id).state()).as("after %d rounds at %d MB", monitor.rounds(),
        usedMb(monitor, id)).isEqualTo(ContainerState.RUNNING);
  }

  @Test
  void heartbeat_reportsWhatContainersAndTheHostUse() {
    startNm(true);
    ContainerId id = run(1, 512, HOLD_200_MB);

    await("a heartbeat with the container's 200 MB").atMost(Duration.ofSeconds(30))
        .until(() -> lastStatus().getContainersUtilization().getPmemMb() >= 200);
    NodeStatus status = lastStatus();
    assertThat(status.getContainersUtilization().getVmemMb()).isGreaterThanOrEqualTo(200);
    assertThat(status.getNodeUtilization().getPmemMb()).as("the host's memory in use")
        .isGreaterThanOrEqualTo(status.getContainersUtilization().getPmemMb());
    assertThat(h.nm.containers().report(id).state()).isEqualTo(ContainerState.RUNNING);
  }

  @Test
  void pmemCheckDisabled_containerOverItsMemory_runsToItsEnd() throws Exception {
    startNm(false);
    ContainerId id = run(1, 512, "head -c 768M /dev/zero | tail -n 1 > /dev/null");

    ContainerStatus status = h.awaitComplete(id);

    assertThat(status.getExitStatus()).as(status.getDiagnostics()).isZero();
    assertThat(h.nm.monitor().rounds()).isPositive();
    assertThat(nodeInfo("pmemCheckEnabled")).isEqualTo("false");
  }

  private NodeStatus lastStatus() {
    return rm.heartbeats.isEmpty() ? NodeStatus.getDefaultInstance()
        : rm.heartbeats.get(rm.heartbeats.size() - 1).getNodeStatus();
  }

  private static long usedMb(ContainerMonitor monitor, ContainerId id) {
    ContainerMonitor.ContainerUsage usage = monitor.containerUsage().get(id);
    return usage == null ? 0 : usage.pmemBytes() / MB;
  }

  private String nodeInfo(String field) throws Exception {
    var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + h.nm.webAddress().port() + "/ws/v1/node/info")).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(answer.body()).path("nodeInfo").path(field).asText();
  }
}
