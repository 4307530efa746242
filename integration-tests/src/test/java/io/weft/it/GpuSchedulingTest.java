package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.common.config.WeftConfig;
import io.weft.dist.LocalCluster;
import io.weft.it.MiniWeftCluster.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPUs end to end on a real RM and NodeManager whose fake discovery script reports two devices: distributed-shell
 * containers asking {@code gpu=1} each get a device of their own (in {@code WEFT_GPU_DEVICES} and
 * {@code CUDA_VISIBLE_DEVICES}), a third waits for one to end and gets the device it gave back, and asks the
 * cluster cannot meet are refused naming the type and the limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GpuSchedulingTest {
  private static final Duration APP_TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  private MiniWeftCluster cluster;
  private Path workDir;

  @BeforeAll
  void startCluster(@TempDir Path workDir) throws IOException {
    this.workDir = workDir;
    Path script = workDir.resolve("discover-gpus.sh");
    Files.writeString(script, "#!/bin/sh\necho 0\necho 1\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    WeftConfig config = WeftConfig.of(Map.of("weft.resource-types", "gpu",
        "weft.nodemanager.resource.gpu.discovery-script", script.toString()));
    cluster = new MiniWeftCluster(LocalCluster.builder(workDir.resolve("cluster")).nodeManagers(1).config(config));
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private CliRun shell(String... flags) {
    List<String> args = new ArrayList<>(List.of("distributed-shell", "--container-memory", "256m"));
    args.addAll(List.of(flags));
    return cluster.cli(args.toArray(String[]::new));
  }

  @Test
  void containersAskingAGpu_getDevicesOfTheirOwn_andAThirdWaitsForOneToBeGivenBack() throws Exception {
    Path markers = Files.createDirectories(workDir.resolve("markers"));
    Path gates = Files.createDirectories(workDir.resolve("gates"));
    String command = "echo \"$WEFT_GPU_DEVICES $CUDA_VISIBLE_DEVICES\" > " + markers + "/$CONTAINER_ID; "
        + "while [ ! -e " + gates + "/$CONTAINER_ID ] && [ ! -e " + gates + "/all ]; do sleep 0.1; done";
    CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> shell("--num-containers", "3",
        "--container-resources", "gpu=1", "--name", "gpu-shell", "--shell-command", command));
    try {
      await().atMost(APP_TIMEOUT).until(() -> devices(markers).size() == 2);
      Map<String, String> firstTwo = devices(markers);
      assertThat(Set.copyOf(firstTwo.values())).as("each holds a device of its own: %s", firstTwo)
          .containsExactlyInAnyOrder("0 0", "1 1");

      // the RM holds the third back for want of a GPU, and says so
      await().atMost(APP_TIMEOUT).until(() -> waitingReason("gpu-shell"), reason -> reason.contains("gpu"));
      assertThat(devices(markers)).hasSize(2);
      JsonNode node = rest("/ws/v1/cluster/nodes").path("nodes").path("node").get(0);
      assertThat(amount(node.path("totalResource"), "gpu")).isEqualTo(2);
      assertThat(amount(node.path("usedResource"), "gpu")).isEqualTo(2);
      assertThat(amount(node.path("availableResource"), "gpu")).isZero();
      JsonNode metrics = rest("/ws/v1/cluster/metrics").path("clusterMetrics");
      assertThat(amount(metrics.path("totalClusterResourcesAcrossPartition"), "gpu")).isEqualTo(2);
      assertThat(amount(metrics.path("totalUsedResourcesAcrossPartition"), "gpu")).isEqualTo(2);
      CliRun nodes = cluster.cli("node", "-list", "-showDetails");
      assertThat(nodes.out()).as("%s", nodes).contains("Configured Resources : <memory:8192, vCores:8, gpu:2>")
          .contains("Allocated Resources : <").contains("gpu:2>");

      String first = firstTwo.keySet().iterator().next();
      Files.writeString(gates.resolve(first), "");
      await().atMost(APP_TIMEOUT).until(() -> devices(markers).size() == 3);
      Map<String, String> all = devices(markers);
      String third = all.keySet().stream().filter(id -> !firstTwo.containsKey(id)).findFirst().orElseThrow();
      assertThat(all.get(third)).as("the device the first gave back").isEqualTo(firstTwo.get(first));
    } finally {
      Files.writeString(gates.resolve("all"), "");
    }
    CliRun done = run.get(APP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(done.exit()).as("%s", done).isZero();
    assertThat(done.out()).contains("3 containers: 3 succeeded").contains("gpu 1");
  }

  @Test
  void aContainerAskingNoGpu_seesNone() throws Exception {
    CliRun run = shell("--shell-command", "echo \"[$WEFT_GPU_DEVICES][$CUDA_VISIBLE_DEVICES]\" > "
        + workDir.resolve("no-gpu.txt"));
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(Files.readString(workDir.resolve("no-gpu.txt"))).isEqualTo("[][]\n");
  }

  @Test
  void asksTheClusterCannotMeet_areRefusedNamingTheTypeAndTheLimit() {
    record Case(String resources, String message) {}
    for (Case c : List.of(
        new Case("gpu=3", "container gpu 3 exceeds the maximum allocation 2"),
        new Case("fpga=1", "names resource type 'fpga', which is not one of the cluster's resource types [gpu]"),
        new Case("gpu=one", "--container-resources gpu count 'one' is not a whole number"))) {
      CliRun run = shell("--container-resources", c.resources(), "--shell-command", "true");
      assertThat(run.exit()).as("%s\n%s", c, run).isEqualTo(2);
      assertThat(run.err()).as("%s", c).contains(c.message());
    }
  }

  private String waitingReason(String name) {
    for (JsonNode app : rest("/ws/v1/cluster/apps").path("apps").path("app")) {
      if (app.path("name").asText().equals(name)) {
        return app.path("waitingReason").asText("");
      }
    }
    return "";
  }

  private static long amount(JsonNode resource, String type) {
    for (JsonNode info : resource.path("resourceInformations").path("resourceInformation")) {
      if (info.path("name").asText().equals(type)) {
        return info.path("value").asLong();
      }
    }
    throw new AssertionError("no " + type + " in " + resource);
  }

  private JsonNode rest(String path) {
    try {
      return JSON.readTree(Http.get("http://" + cluster.cluster().rmWebAddress() + path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each started container's devices as it printed them ("$WEFT_GPU_DEVICES $CUDA_VISIBLE_DEVICES"), by id. */
  private static Map<String, String> devices(Path markers) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(markers)) {
      for (Path f : files.toList()) {
        String text = Files.readString(f).strip();
        if (!text.isEmpty()) {
          out.put(f.getFileName().toString(), text);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
