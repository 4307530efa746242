package io.weft.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.weft.common.id.HostPort;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.GrpcLogStore;
import io.weft.client.AppSubmission;
import io.weft.client.UnmanagedAmLauncher;
import io.weft.client.records.YarnApplicationState;
import io.weft.common.launch.JvmContainer;
import io.weft.client.WeftClient;
import io.weft.common.id.ApplicationId;
import io.weft.common.security.AuthHeaders;
import io.weft.rm.config.RmKeys;
import io.weft.common.config.CommonKeys;
import io.weft.common.config.WeftConfig;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.WeftException;
import io.weft.common.tls.CertRole;
import io.weft.common.tls.CertificateAuthority;
import io.weft.common.tls.TlsSettings;
import io.weft.driver.WeftConf;
import io.weft.driver.WeftContext;
import io.weft.dist.ContainerLogs;
import io.weft.it.MiniWeftCluster.CliRun;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.RegisterNodeManagerRequest;
import io.weft.proto.ResourceTrackerServiceGrpc;
import io.weft.proto.UnRegisterNodeManagerRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster in secure mode, as {@code local-cluster --secure} runs it, with users proven by their
 * certificates ({@code weft.security.authentication=tls}): every endpoint speaks TLS with certificates of
 * the cluster's CA; applications run end to end and belong to the certificate's user; another user may not
 * kill them; only a NodeManager's certificate may speak the resource-tracker protocol; a plaintext client
 * is not served; a driver, its executors and its UI speak TLS with the application's own certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureClusterTest {
  private MiniWeftCluster cluster;
  private Path security;
  private Path elsewhere;

  @BeforeAll
  void start(@TempDir Path dir) {
    // Users are the CNs of their certificates; only the cluster's own user is an admin.
    cluster = new MiniWeftCluster(dir.resolve("cluster"), 1, WeftConfig.empty()
        .with(CommonKeys.SECURITY_AUTHENTICATION, "tls").with(RmKeys.ACL_ENABLE, true)
        .with(RmKeys.ADMIN_ACL, AuthHeaders.localUser()), true);
    security = dir.resolve("cluster").resolve("security");
    elsewhere = dir.resolve("other-ca");
    CertificateAuthority.init(elsewhere, "someone-elses-ca").issue(elsewhere, CertRole.NODEMANAGER, "intruder",
        List.of());
    CertificateAuthority.load(security).issue(security, CertRole.USER, "mallory", List.of());
  }

  @AfterAll
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void distributedShell_runsEndToEndOverTls() {
    CliRun run = cluster.cli("distributed-shell", "--num-containers", "2", "--container-memory", "256m",
        "--shell-command", "echo secure");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("final status SUCCEEDED").contains("2 containers: 2 succeeded")
        .contains("Tracking URL: https://");
  }

  @Test
  void distributedShell_withAnUnmanagedAm_runsOverTls_andAnotherUserGetsNoToken() {
    CliRun run = cluster.cli("distributed-shell", "--unmanaged", "--num-containers", "1", "--container-memory",
        "256m", "--shell-command", "echo secure");
    assertThat(run.exit()).as("%s", run).isZero();
    assertThat(run.out()).contains("with an unmanaged AM").contains("1 container: 1 succeeded");

    WeftConfig asMallory = cluster.cluster().clientConfig()
        .with(CommonKeys.TLS_CERT, security.resolve("mallory.pem").toString())
        .with(CommonKeys.TLS_KEY, security.resolve("mallory.key").toString());
    try (WeftClient owner = cluster.client(); WeftClient mallory = WeftClient.connect(asMallory)) {
      ApplicationId id = owner.createApplication().id();
      UnmanagedAmLauncher.Launch launch = new UnmanagedAmLauncher(owner, cluster.cluster().clientConfig())
          .submit(AppSubmission.builder(id).name("unmanaged").unmanaged().build());
      assertThat(launch.environment()).containsKey("WEFT_TLS_TRUST");
      assertThatThrownBy(() -> new UnmanagedAmLauncher(mallory, asMallory).awaitToken(id, Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(WeftException.class,
              e -> assertThat(e.code()).isEqualTo(WeftException.Code.PERMISSION_DENIED));
      owner.killApplication(id);
    }
  }

  @Test
  void console_speaksHttpsOnly() throws Exception {
    TlsSettings client = TlsSettings.of(cluster.cluster().clientConfig());
    HttpClient https = HttpClient.newBuilder().sslContext(client.sslContext()).build();
    HttpResponse<String> info = https.send(HttpRequest.newBuilder(URI.create(cluster.cluster().rmWebUrl()
        + "/ws/v1/cluster/info")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(cluster.cluster().rmWebUrl()).startsWith("https://");
    HttpClient plain = HttpClient.newHttpClient();
    assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://" + cluster.cluster().rmWebAddress()
        + "/ws/v1/cluster/info")).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void onlyANodeManagersCertificate_mayRegisterHeartbeatOrUnregister() {
    // A user of the cluster's own CA: proven, but not a node.
    assertTrackerRefuses(certificate(security, "mallory"), Status.Code.PERMISSION_DENIED, "role nodemanager");
    // No certificate, and a NodeManager certificate of another CA (not offered: the RM names the CAs it trusts).
    assertTrackerRefuses(trustOnly(), Status.Code.UNAUTHENTICATED, "presented none");
    assertTrackerRefuses(new TlsSettings(true, Optional.of(elsewhere.resolve("intruder.pem")),
        Optional.of(elsewhere.resolve("intruder.key")), Optional.of(security.resolve("ca.pem"))),
        Status.Code.UNAUTHENTICATED, "presented none");
    try (WeftClient client = cluster.client()) {
      assertThat(client.getNodeReports()).hasSize(1);
    }
  }

  @Test
  void theCertificatesUser_ownsWhatItSubmits_andAnotherUserMayNotKillIt() {
    ApplicationId id;
    try (WeftClient owner = cluster.client()) {
      id = owner.createApplication().id();
      owner.submitApplication(AppSubmission.builder(id).name("sleeps").applicationType("TRUE_AM")
          .amResource(JvmContainer.resourceFor(256, 1))
          .localResource("am.jar", owner.uploadFile(id, MiniWeftCluster.EXAMPLES_JAR))
          .javaCommand(256, List.of("{{PWD}}/am.jar"), "io.weft.examples.am.TrueAm",
              List.of("--num-containers", "1", "--command", "sleep 600"))
          // claimed, not proven: the certificate says who submits
          .build().toBuilder().user("someone-else").build());
      assertThat(owner.getApplicationReport(id).getUser()).isEqualTo(AuthHeaders.localUser());
    }
    WeftConfig asMallory = cluster.cluster().clientConfig()
        .with(CommonKeys.TLS_CERT, security.resolve("mallory.pem").toString())
        .with(CommonKeys.TLS_KEY, security.resolve("mallory.key").toString());
    try (WeftClient mallory = WeftClient.connect(asMallory)) {
      assertThatThrownBy(() -> mallory.killApplication(id)).isInstanceOfSatisfying(WeftException.class,
          e -> assertThat(e.code()).isEqualTo(WeftException.Code.PERMISSION_DENIED))
          .hasMessageContaining("mallory");
    }
    // the CLI's attempt, container, update and signal verbs say so too, naming the user, with exit 1
    String attempt = id.toString().replace("application_", "appattempt_") + "_000001";
    for (String[] command : List.of(new String[] {"applicationattempt", "-list", id.toString()},
        new String[] {"container", "-list", attempt},
        new String[] {"application", "-updatePriority", "5", "-appId", id.toString()},
        new String[] {"application", "-updateLifetime", "60", "-appId", id.toString()},
        new String[] {"container", "-signal", "container_" + id.toString().substring("application_".length())
            + "_01_000001", "FORCEFUL_SHUTDOWN"})) {
      CliRun denied = cluster.cli(asMallory, command);
      assertThat(denied.exit()).as("%s", denied).isEqualTo(1);
      assertThat(denied.err()).as("%s", denied).contains("user mallory may not");
    }
    try (WeftClient owner = cluster.client()) {
      assertThat(WeftClient.isFinal(owner.getApplicationReport(id).getYarnApplicationState())).isFalse();
      owner.killApplication(id);
      assertThat(owner.watch(id, r -> { }).getYarnApplicationState()).isEqualTo(YarnApplicationState.KILLED);
    }
  }

  @Test
  void clusterModeShuffleJob_runsOverTheApplicationsOwnTls() throws Exception {
    CliRun run = cluster.cli("submit", "--deploy-mode", "cluster", "--class", "io.weft.examples.SalesByCountry",
        "--num-executors", "2", "--executor-cores", "1", "--executor-memory", "512m", "--driver-memory", "512m",
        MiniWeftCluster.EXAMPLES_JAR.toString(), "500", "3");

    assertThat(run.exit()).as("%s", run).isZero();
    java.util.regex.Matcher submitted = java.util.regex.Pattern.compile("(application_\\d+_\\d+)").matcher(run.out());
    assertThat(submitted.find()).as("%s", run).isTrue();
    ApplicationId id = ApplicationId.parse(submitted.group(1));
    String driverOut = java.nio.file.Files.readString(
        ContainerLogs.amLog(cluster.cluster(), id, "stdout").orElseThrow());
    assertThat(driverOut).contains(ShuffleJobsTest.expectedSales(500));
    try (WeftClient client = cluster.client()) {
      assertThat(client.getApplicationReport(id).getOriginalTrackingUrl()).as("the driver UI").startsWith("https://");
    }
    // The AM container may not write to the history server (no certificate of the cluster CA): its NodeManager
    // uploads the driver's event log with the container logs.
    HostPort history = cluster.cluster().historyServer().address();
    try (LogStore owner = store(history, TlsSettings.of(cluster.cluster().clientConfig()))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> owner.list(id).stream()
          .anyMatch(f -> f.name().equals(LogStore.EVENT_LOG) && !f.inProgress()));
      try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(
          new java.util.zip.GZIPInputStream(owner.open(id, LogStore.EVENT_LOG, 0)),
          java.nio.charset.StandardCharsets.UTF_8))) {
        assertThat(lines.readLine()).contains("ApplicationStarted", id.toString());
      }
    }

    // Its finished driver UI on the history server: the owner's certificate sees it, another user's does not, a
    // caller without one is not known; the RM's proxy (its own certificate) still finds it there.
    String page = cluster.cluster().historyServer().applicationUrl(id) + "jobs";
    assertThat(historyPage(TlsSettings.of(cluster.cluster().clientConfig()), page).statusCode()).isEqualTo(200);
    HttpResponse<String> denied = historyPage(certificate(security, "mallory"), page);
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.body()).contains("user mallory may not view " + id);
    assertThat(historyPage(trustOnly(), page).statusCode()).isEqualTo(401);
    HttpResponse<String> proxied = historyPage(TlsSettings.of(cluster.cluster().clientConfig()),
        cluster.cluster().rmWebUrl() + "/proxy/" + id + "/jobs");
    assertThat(proxied.statusCode()).isEqualTo(302);
    assertThat(proxied.headers().firstValue("Location")).hasValue(page);
  }

  private static HttpResponse<String> historyPage(TlsSettings tls, String url) throws Exception {
    return HttpClient.newBuilder().sslContext(tls.sslContext()).build()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void clientModeDriver_servesItsExecutorsAndItsUiOverTheApplicationsTls_andTheProxyReachesIt() throws Exception {
    WeftConf conf = new WeftConf(false).setMaster("weft://" + cluster.cluster().rmAddress())
        .setAppName("secure-client-mode").set("weft.executor.instances", "2").set("weft.executor.memory", "512m");
    cluster.cluster().clientConfig().asMap().forEach(conf::set);
    List<String> words = java.util.stream.IntStream.range(0, 3000).mapToObj(i -> "w" + (i % 37)).toList();
    try (WeftContext context = new WeftContext(conf)) {
      // distinct shuffles between the two executors: their shuffle services speak the application's TLS
      assertThat(context.parallelize(words, 4).distinct(3).collect()).hasSize(37);
      String ui = context.uiWebUrl().orElseThrow();
      assertThat(ui).startsWith("https://");
      String trackingUrl;
      try (WeftClient client = cluster.client()) {
        var report = client.getApplicationReport(ApplicationId.parse(context.applicationId()));
        assertThat(report.getOriginalTrackingUrl()).isEqualTo(ui);
        trackingUrl = report.getTrackingUrl();
      }
      HttpClient https = HttpClient.newBuilder()
          .sslContext(TlsSettings.of(cluster.cluster().clientConfig()).sslContext()).build();
      HttpResponse<String> jobs = https.send(HttpRequest.newBuilder(URI.create(trackingUrl + "api/v1/jobs")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(jobs.statusCode()).as("the RM's proxy, trusting the driver's own certificate").isEqualTo(200);
      assertThat(jobs.body()).contains("\"status\":\"SUCCEEDED\"");
      HttpClient plain = HttpClient.newHttpClient();
      assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(ui.replace("https://", "http://")
          + "api/v1/jobs")).build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void plaintextClient_isNotServed() {
    WeftConfig plaintext = cluster.cluster().clientConfig().with(CommonKeys.TLS_ENABLED, false)
        .with(CommonKeys.RM_CONNECT_MAX_WAIT, 2000);
    try (WeftClient client = WeftClient.connect(plaintext)) {
      assertThatThrownBy(client::getNodeReports).isInstanceOf(WeftException.class)
          .hasMessageContaining("could not be reached").hasMessageContaining("set weft.security.tls.enabled=true");
    }
  }

  private void assertTrackerRefuses(TlsSettings tls, Status.Code code, String why) {
    ManagedChannel channel = Channels.forAddress(cluster.cluster().rmAddress(), tls.channelCredentials());
    try {
      ResourceTrackerServiceGrpc.ResourceTrackerServiceBlockingStub tracker =
          ResourceTrackerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
      List<Consumer<ResourceTrackerServiceGrpc.ResourceTrackerServiceBlockingStub>> calls = List.of(
          t -> t.registerNodeManager(RegisterNodeManagerRequest.newBuilder().setNodeId("127.0.0.1:1")
              .setHttpAddress("127.0.0.1:2").build()),
          t -> t.nodeHeartbeat(NodeHeartbeatRequest.getDefaultInstance()),
          t -> t.unRegisterNodeManager(UnRegisterNodeManagerRequest.getDefaultInstance()));
      for (var call : calls) {
        assertThatThrownBy(() -> call.accept(tracker)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(code);
          assertThat(e.getStatus().getDescription()).contains(why);
        });
      }
    } finally {
      Channels.close(channel);
    }
  }

  @Test
  void aggregatedLogs_travelOverTls_andOnlyTheOwnerReadsThem() throws Exception {
    CliRun run = cluster.cli("distributed-shell", "--num-containers", "1", "--container-memory", "256m",
        "--shell-command", "echo secret-log-line");
    assertThat(run.exit()).as("%s", run).isZero();
    ApplicationId app = run.submittedApplication();
    HostPort history = cluster.cluster().historyServer().address();
    try (LogStore owner = store(history, TlsSettings.of(cluster.cluster().clientConfig()))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> owner.list(app).stream().anyMatch(f -> !f.inProgress()));
    }
    CliRun logs = cluster.cli("logs", "-applicationId", app.toString());
    assertThat(logs.exit()).as("%s", logs).isZero();
    assertThat(logs.out()).contains("LogAggregationType: AGGREGATED", "secret-log-line");

    try (LogStore mallory = store(history, certificate(security, "mallory"))) {
      assertThatThrownBy(() -> mallory.list(app)).isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("mallory may not read the logs of " + app);
      assertThatThrownBy(() -> {
        try (java.io.OutputStream out = mallory.create(app, "planted")) {
          out.write('x');
        }
      }).isInstanceOf(java.io.IOException.class).hasMessageContaining("role nodemanager");
    }
    try (LogStore stranger = store(history, trustOnly())) {
      assertThatThrownBy(() -> stranger.list(app)).isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("presented none");
    }
  }

  @Test
  void aNodeCertificate_writesOnlyItsOwnNodesFileAndTheEventLog() throws Exception {
    CertificateAuthority.load(security).issue(security, CertRole.NODEMANAGER, "nm2", List.of("nm2.example.com"));
    ApplicationId app = new ApplicationId(1_764_000_000_000L, 42);
    HostPort history = cluster.cluster().historyServer().address();
    try (LogStore nm2 = store(history, certificate(security, "nm2"))) {
      write(nm2, app, "nm2.example.com_8041");
      write(nm2, app, LogStore.EVENT_LOG);
      assertThatThrownBy(() -> write(nm2, app, "nm1.example.com_8041")).isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("PERMISSION_DENIED").hasMessageContaining("'nm1.example.com_8041' is not one of CN=nm2");
      assertThatThrownBy(() -> write(nm2, app, "planted")).isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("only its own node's file");
      assertThatThrownBy(() -> nm2.delete(app)).isInstanceOf(java.io.IOException.class)
          .hasMessageContaining("role resourcemanager");
    }
    try (LogStore owner = store(history, TlsSettings.of(cluster.cluster().clientConfig()))) {
      assertThat(owner.list(app)).extracting(f -> f.name())
          .containsExactlyInAnyOrder("nm2.example.com_8041", LogStore.EVENT_LOG);
    }
  }

  private static void write(LogStore store, ApplicationId app, String name) throws java.io.IOException {
    try (java.io.OutputStream out = store.create(app, name)) {
      out.write('x');
    }
  }

  private static LogStore store(HostPort address, TlsSettings tls) {
    return new GrpcLogStore(Channels.forAddress(address, tls.channelCredentials()), address, Duration.ofSeconds(10),
        Duration.ofMinutes(1));
  }

  private TlsSettings certificate(Path dir, String name) {
    return new TlsSettings(true, Optional.of(dir.resolve(name + ".pem")), Optional.of(dir.resolve(name + ".key")),
        Optional.of(security.resolve("ca.pem")));
  }

  private TlsSettings trustOnly() {
    return new TlsSettings(true, Optional.empty(), Optional.empty(), Optional.of(security.resolve("ca.pem")));
  }
}
