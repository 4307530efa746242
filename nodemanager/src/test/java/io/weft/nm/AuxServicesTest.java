package io.weft.nm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.ConfigException;
import io.weft.common.config.WeftConfig;
import io.weft.common.id.ContainerId;
import io.weft.common.resource.Resource;
import io.weft.nm.auxservice.FailingAuxService;
import io.weft.nm.auxservice.RecordingAuxService;
import io.weft.nm.testing.FakeResourceManager;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.StartContainersResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NodeManager's auxiliary services: loaded by configuration, fed by containers' service data, told of ends. */
class AuxServicesTest {
  @TempDir Path dir;
  private FakeResourceManager rm;

  @BeforeEach
  void setUp() {
    rm = new FakeResourceManager();
    rm.start();
    RecordingAuxService.CALLS.clear();
  }

  @AfterEach
  void tearDown() {
    rm.close();
  }

  private static ContainerLaunchContext.Builder echoEnv(String variable) {
    return ContainerLaunchContext.newBuilder().addAllCommand(List.of("bash", "-c", "echo \"[$" + variable + "]\""));
  }

  @Test
  void configuredService_isStarted_getsTheServiceData_exportsItsEnvironment_andHearsTheApplicationEnd()
      throws Exception {
    try (NmHarness h = new NmHarness(dir, rm, Map.of("weft.nodemanager.aux-services", "recorder",
        "weft.nodemanager.aux-services.recorder.class", RecordingAuxService.class.getName()))) {
      h.awaitRegistered();
      Path appDir = h.nm.localDir().resolve("usercache/alice/appcache").resolve(NmHarness.APP.toString());
      assertThat(RecordingAuxService.CALLS).containsExactly("start recorder "
          + h.nm.localDir().resolve("usercache/alice/appcache/application_1_0001"));

      ContainerId id = h.run(2, Resource.of(512, 1), echoEnv("RECORDER_ADDRESS")
          .putServiceData("recorder", ByteString.copyFromUtf8("the secret")));
      assertThat(h.awaitComplete(id).getExitStatus()).isZero();

      assertThat(Files.readAllLines(h.logFile(id, "stdout"))).containsExactly("[here]");
      assertThat(RecordingAuxService.CALLS).contains("init " + NmHarness.APP + " alice the secret")
          .doesNotContain("stop " + NmHarness.APP);
      assertThat(appDir).as("the application's dir outlives its last container on the node").isDirectory();

      rm.cleanupApplication(NmHarness.APP.toString());
      await("the application's dir deleted").atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(appDir));
      assertThat(RecordingAuxService.CALLS).contains("stop " + NmHarness.APP);
    }
    assertThat(RecordingAuxService.CALLS).last().isEqualTo("close");
  }

  @Test
  void byDefault_theShuffleServiceRuns_andContainersGetItsPort() throws Exception {
    try (NmHarness h = new NmHarness(dir, rm, Map.of())) {
      h.awaitRegistered();
      ContainerId id = h.run(2, Resource.of(512, 1), echoEnv("WEFT_SHUFFLE_SERVICE_PORT"));
      assertThat(h.awaitComplete(id).getExitStatus()).isZero();

      assertThat(Files.readAllLines(h.logFile(id, "stdout"))).singleElement().asString().matches("\\[\\d+\\]");
    }
  }

  @Test
  void serviceDataForAServiceNotRunHere_refusesTheContainerNamingIt() {
    try (NmHarness h = new NmHarness(dir, rm, Map.of("weft.nodemanager.aux-services", ""))) {
      h.awaitRegistered();
      ContainerId id = NmHarness.container(2);
      StartContainersResponse response = h.start(h.request(id, Resource.of(512, 1),
          echoEnv("X").putServiceData("weft_shuffle", ByteString.copyFromUtf8("s")).build()));

      assertThat(response.getSuccessfullyStartedContainersCount()).isZero();
      assertThat(response.getFailedRequests(0).getMessage()).contains(id.toString(), "weft_shuffle",
          "does not run");
    }
  }

  private NodeManager nodeManager(Map<String, String> extra) {
    WeftConfig config = WeftConfig.of(Map.of(CommonKeys.RM_ADDRESS.key(), rm.address().toString(),
        NmKeys.LOCAL_DIRS.key(), dir.resolve("local").toString(), NmKeys.LOG_DIRS.key(), dir.resolve("logs").toString(),
        NmKeys.WEBAPP_ADDRESS.key(), "127.0.0.1:0", NmKeys.WARM_JVMS_ENABLED.key(), "false")).with(extra);
    return new NodeManager(NmConfig.from(config.validate()), Clock.systemUTC());
  }

  @Test
  void aClassThatDoesNotExist_failsTheStartNamingTheKeyAndValue() {
    NodeManager nm = nodeManager(Map.of("weft.nodemanager.aux-services", "mine",
        "weft.nodemanager.aux-services.mine.class", "com.example.NoSuchService"));

    assertThatThrownBy(nm::start).isInstanceOf(ConfigException.class)
        .hasMessageContaining("weft.nodemanager.aux-services.mine.class=com.example.NoSuchService")
        .hasMessageContaining("cannot be loaded");
    assertThat(nm.isRegistered()).isFalse();
  }

  @Test
  void aServiceWhoseStartFails_failsTheStartNamingItAndTheCause() {
    NodeManager nm = nodeManager(Map.of("weft.nodemanager.aux-services", "broken",
        "weft.nodemanager.aux-services.broken.class", FailingAuxService.class.getName()));

    assertThatThrownBy(nm::start).isInstanceOf(ConfigException.class)
        .hasMessageContaining("auxiliary service broken")
        .hasMessageContaining(FailingAuxService.class.getName())
        .hasMessageContaining("port 7337 is in use");
  }

  @Test
  void aNameWithoutAClass_isRefusedAtConfiguration() {
    assertThatThrownBy(() -> nodeManager(Map.of("weft.nodemanager.aux-services", "weft_shuffle,mapreduce_shuffle")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("mapreduce_shuffle")
        .hasMessageContaining("weft.nodemanager.aux-services.mapreduce_shuffle.class is not set");
  }
}
