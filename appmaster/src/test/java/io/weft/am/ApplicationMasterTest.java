package io.weft.am;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.weft.am.rpc.NodeManagerClient;
import io.weft.am.rpc.ResourceManagerClient;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.HostPort;
import io.weft.common.launch.AppMasterArgs;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.AllocateRequest;
import io.weft.proto.ContainerLaunchContext;
import io.weft.proto.FinalApplicationStatus;
import io.weft.proto.ResourceRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The AM against small real RM and NM services in-process; user code really loaded from a jar. */
class ApplicationMasterTest {
  private static final byte[] AMRM_TOKEN = "amrm-token-bytes".getBytes(StandardCharsets.UTF_8);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final String SUM_APP = """
      package demo;
      import io.weft.driver.*;
      import java.nio.file.*;
      import java.util.*;
      public class SumApp {
        public static void main(String[] args) throws Exception {
          WeftContext sc = new WeftContext(new WeftConf().setAppName("sum"));
          List<Integer> data = new ArrayList<>();
          for (int i = 1; i <= 1000; i++) data.add(i);
          int sum = sc.parallelize(data, 4).map(x -> x * 2).filter(x -> x > 0).reduce(Integer::sum);
          System.out.println("Sum is " + sum);
          Files.writeString(Path.of(args[0]), Integer.toString(sum));
          if (args.length == 1) sc.stop();
        }
      }
      """;
  private static final String BOOM_APP = """
      package demo;
      public class Boom {
        public static void main(String[] args) { throw new IllegalStateException("boom"); }
      }
      """;
  private static final String BLOCKING_APP = """
      package demo;
      public class Blocking {
        public static void main(String[] args) throws Exception { new java.util.concurrent.CountDownLatch(1).await(); }
      }
      """;

  @RegisterExtension
  final InProcessGrpc grpc = new InProcessGrpc();

  @TempDir
  Path workDir;

  private FakeResourceManager rm;
  private FakeNodeManager nm;
  private ApplicationMaster am;

  @BeforeEach
  void buildUserJar() throws Exception {
    UserJars.build(workDir, workDir.resolve(AppMasterArgs.APP_JAR_LINK),
        Map.of("demo.SumApp", SUM_APP, "demo.Boom", BOOM_APP, "demo.Blocking", BLOCKING_APP));
    rm = new FakeResourceManager();
    nm = new FakeNodeManager(rm, workDir.resolve(AppMasterArgs.APP_JAR_LINK));
  }

  private ApplicationMaster am(String mainClass, int executors, List<String> appArgs) {
    ManagedChannel rmChannel = grpc.serve(List.of(rm), rm);
    ManagedChannel nmChannel = grpc.serve(nm);
    AppMasterArgs args = new AppMasterArgs(AppMasterArgs.DeployMode.CLUSTER, mainClass, AppMasterArgs.APP_JAR_LINK,
        appArgs, executors, 1024, 1, null, Map.of("weft.am.userJarUri", "staging:abc123",
        "weft.am.userJarSha256", "abc123", "weft.am.userJarSize", "4242", "weft.app.name", "am-test"));
    AmEnvironment env = new AmEnvironment(ApplicationAttemptId.parse(FakeResourceManager.ATTEMPT), "127.0.0.1",
        List.of(new HostPort("127.0.0.1", 8032)), AMRM_TOKEN, workDir, Map.of());
    return new ApplicationMaster(args, env,
        new ResourceManagerClient(rmChannel, AMRM_TOKEN, env.attemptId(), TIMEOUT),
        new NodeManagerClient(node -> nmChannel, TIMEOUT));
  }

  @Test
  void succeedingMain_runsItsJobOnLaunchedExecutors_releasesExtras_andUnregistersSucceeded() throws Exception {
    rm.extraOnFirstGrant(1);
    Path result = workDir.resolve("result.txt");
    am = am("demo.SumApp", 2, List.of(result.toString()));

    assertThat(am.run()).isEqualTo(ApplicationMaster.EXIT_OK);

    assertThat(Files.readString(result)).isEqualTo("1001000");
    assertThat(rm.registers).singleElement().satisfies(r -> {
      assertThat(r.getApplicationAttemptId()).isEqualTo(FakeResourceManager.ATTEMPT);
      assertThat(r.getHost()).isEqualTo("127.0.0.1");
      // the driver UI, up before registering, is the tracking URL
      assertThat(r.getTrackingUrl()).matches("http://127\\.0\\.0\\.1:\\d+/");
    });
    AllocateRequest first = rm.allocates.get(0);
    assertThat(first.getResponseId()).isZero();
    assertThat(first.getMaxWaitMs()).isEqualTo(1000);
    ResourceRequest ask = first.getAsks(0);
    assertThat(ask.getCapability().getMemoryMb()).isEqualTo(1408);
    assertThat(ask.getCapability().getVcores()).isEqualTo(1);
    assertThat(ask.getNumContainers()).isEqualTo(2);
    assertThat(ask.getResourceName()).isEqualTo("*");
    assertThat(ask.getRelaxLocality()).isTrue();
    for (int i = 1; i < rm.allocates.size(); i++) {
      assertThat(rm.allocates.get(i).getResponseId()).as("response id of call %d", i).isEqualTo(i);
    }
    // at least one token per call handled: a long-poll Allocate cancelled at shutdown passes the token
    // interceptor without reaching the handler
    assertThat(rm.tokens).hasSizeGreaterThanOrEqualTo(rm.registers.size() + rm.allocates.size() + rm.finishes.size())
        .allSatisfy(t -> assertThat(t).isEqualTo(AMRM_TOKEN));

    assertThat(rm.granted).hasSize(3);
    assertThat(rm.released).containsExactly(rm.granted.get(2));
    assertThat(nm.started).hasSize(2);
    ContainerLaunchContext launch = nm.started.get(0).getContainerLaunchContext();
    assertThat(launch.getCommandList()).startsWith("{{JAVA_HOME}}/bin/java", "-Xmx1024m", "-cp",
        "{{WEFT_CLASSPATH}}", "{{WEFT_JVM_OPTIONS}}", "io.weft.driver.executor.ExecutorMain").contains("--user-jar", "__app__.jar", "--app-id",
        "application_1700000000000_0007");
    assertThat(launch.getLocalResourcesOrThrow("__app__.jar").getUri()).isEqualTo("staging:abc123");
    assertThat(launch.getLocalResourcesOrThrow("__app__.jar").getSize()).isEqualTo(4242);
    assertThat(nm.started).map(s -> s.getContainerToken().getIdentifier().toStringUtf8())
        .containsExactlyInAnyOrder(rm.granted.get(0), rm.granted.get(1));

    assertThat(rm.finishes).singleElement().satisfies(f ->
        assertThat(f.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FINAL_SUCCEEDED));
  }

  @Test
  void mainThatDoesNotStopItsContext_stillEndsSucceeded() throws Exception {
    Path result = workDir.resolve("result.txt");
    am = am("demo.SumApp", 1, List.of(result.toString(), "nostop"));
    assertThat(am.run()).isEqualTo(ApplicationMaster.EXIT_OK);
    assertThat(Files.readString(result)).isEqualTo("1001000");
    assertThat(rm.finishes).singleElement().satisfies(f ->
        assertThat(f.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FINAL_SUCCEEDED));
  }

  @Test
  void mainThatThrows_unregistersFailed_withTheExceptionInTheDiagnostics() {
    am = am("demo.Boom", 1, List.of());
    assertThat(am.run()).isEqualTo(ApplicationMaster.EXIT_OK);
    assertThat(rm.finishes).singleElement().satisfies(f -> {
      assertThat(f.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FINAL_FAILED);
      assertThat(f.getDiagnostics()).contains("User class threw exception: java.lang.IllegalStateException: boom")
          .contains("demo.Boom.main");
    });
  }

  @Test
  void mainClassNotInTheJar_unregistersFailed_namingTheClassAndTheJar() {
    am = am("demo.Missing", 1, List.of());
    assertThat(am.run()).isEqualTo(ApplicationMaster.EXIT_OK);
    assertThat(rm.finishes).singleElement().satisfies(f -> {
      assertThat(f.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FINAL_FAILED);
      assertThat(f.getDiagnostics()).contains("main class demo.Missing not found in __app__.jar");
    });
  }

  @Test
  void userClasses_areNotOnTheTestClassPath() {
    assertThat(System.getProperty("java.class.path")).doesNotContain(workDir.toString());
    assertThat(getClass().getClassLoader().getResource("demo/SumApp.class")).isNull();
  }

  @Test
  void shutdownOrderedByTheRm_endsTheAmPromptly_withoutUnregistering() throws Exception {
    am = am("demo.Blocking", 1, List.of());
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(am::run);
    await("executor launched").atMost(Duration.ofSeconds(30)).until(() -> {
      synchronized (nm) {
        return !nm.started.isEmpty();
      }
    });
    rm.orderShutdown();
    assertThat(exit.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ApplicationMaster.EXIT_NOT_UNREGISTERED);
    assertThat(rm.finishes).isEmpty();
  }
}
