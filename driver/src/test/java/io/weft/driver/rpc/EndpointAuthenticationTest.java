package io.weft.driver.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.ClientCall;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.RpcServer;
import io.weft.common.security.AuthHeaders;
import io.weft.driver.client.ExecutorLoss;
import io.weft.driver.client.LauncherListener;
import io.weft.driver.scheduler.TaskScheduler;
import io.weft.driver.storage.ShuffleStore;
import io.weft.proto.DriverServiceGrpc;
import io.weft.proto.ExecutorMessage;
import io.weft.proto.FetchFileRequest;
import io.weft.proto.FetchShuffleBlocksRequest;
import io.weft.proto.GetMapOutputLocationsRequest;
import io.weft.proto.LauncherEvent;
import io.weft.proto.LauncherRegistered;
import io.weft.proto.RegisterExecutor;
import io.weft.proto.ShuffleServiceGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit of issue 13 items 1 and 3: every RPC of the driver's and the executors' servers, called over
 * the network without the application secret or with a wrong one, is refused UNAUTHENTICATED and
 * has no effect. The methods come from the service descriptors, so a new RPC is covered (and must
 * be given a request here) the day it is added. With TLS, a peer without the application's
 * certificate does not get as far as the secret check.
 */
class EndpointAuthenticationTest {
  private static final String APP = "application_1_0001";
  private static final String SECRET = "the-right-secret";

  @TempDir
  Path shuffleDir;
  @TempDir
  Path shipped;

  private final TaskScheduler scheduler = new TaskScheduler(4);
  private final List<String> launcherHeard = new CopyOnWriteArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private DriverEndpoint driver;
  private RpcServer shuffle;

  @BeforeEach
  void startPlaintext() throws Exception {
    start(AppCredentials.plaintext(SECRET));
  }

  private void start(AppCredentials credentials) throws Exception {
    if (driver != null) {
      stop();
    }
    Path jar = Files.writeString(shipped.resolve("app.jar"), "jar bytes");
    FileServer files = new FileServer();
    files.addJar(jar.toString());
    driver = DriverEndpoint.netty(new HostPort("127.0.0.1", 0), "127.0.0.1", APP, credentials, scheduler,
        new DriverServices(Map.of(), files, Optional.of(new RecordingLauncherListener())));
    driver.start();
    Files.writeString(ShuffleStore.blockFile(shuffleDir, 0, 0, 0), "block bytes");
    shuffle = ShuffleEndpoint.netty("127.0.0.1", APP, credentials, shuffleDir);
    shuffle.start();
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    driver.close();
    shuffle.close();
  }

  /** A request of each method that would have an effect (or an answer) if it were let in. */
  private static final Map<String, Message> REQUESTS = Map.of(
      "weft.DriverService/ExecutorSession", ExecutorMessage.newBuilder().setRegister(RegisterExecutor.newBuilder()
          .setExecutorId("intruder").setHost("127.0.0.1").setCores(4).setShufflePort(1)).build(),
      "weft.DriverService/FetchFile", FetchFileRequest.newBuilder().setName("app.jar").build(),
      "weft.DriverService/GetMapOutputLocations", GetMapOutputLocationsRequest.newBuilder().setShuffleId(0).build(),
      "weft.DriverService/ExecutorLauncherSession", LauncherEvent.newBuilder().setRegistered(
          LauncherRegistered.newBuilder().setApplicationAttemptId("appattempt_1_0001_000001")).build(),
      "weft.ShuffleService/FetchShuffleBlocks", FetchShuffleBlocksRequest.newBuilder().setShuffleId(0)
          .addMapPartitions(0).setReducePartition(0).build());

  @Test
  void everyDriverAndShuffleRpc_withoutTheSecretOrWithAWrongOne_isUnauthenticatedAndHasNoEffect() throws Exception {
    List<String> covered = new ArrayList<>();
    for (String presented : new String[] {null, "a-wrong-secret", SECRET.substring(1)}) {
      covered.clear();
      covered.addAll(callEach(DriverServiceGrpc.getServiceDescriptor(), driver.address(), presented));
      covered.addAll(callEach(ShuffleServiceGrpc.getServiceDescriptor(), shuffle.address(), presented));
    }
    assertThat(covered).containsExactlyInAnyOrderElementsOf(REQUESTS.keySet());
    assertThat(scheduler.executorIds()).as("no executor registered").isEmpty();
    assertThat(launcherHeard).as("the launcher listener heard nothing").isEmpty();
  }

  @Test
  void theSameCallsWithTheSecret_haveTheirEffect() throws Exception {
    // shows the refusals above are the secret's doing: the requests themselves are good
    Answer session = call(DriverServiceGrpc.getExecutorSessionMethod(), driver.address(), SECRET, false);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
        .until(() -> scheduler.executorIds().contains("intruder"));
    session.call().cancel("done", null);
    Answer file = call(DriverServiceGrpc.getFetchFileMethod(), driver.address(), SECRET, true);
    assertThat(file.status().get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    assertThat(file.messages()).isNotEmpty();
    Answer block = call(ShuffleServiceGrpc.getFetchShuffleBlocksMethod(), shuffle.address(), SECRET, true);
    assertThat(block.status().get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    assertThat(block.messages()).isNotEmpty();
  }

  @Test
  void withTls_everyRpc_refusesAPeerWithoutTheApplicationsCertificate_evenWithTheSecret() throws Exception {
    AppCredentials app = AppCredentials.create(APP, true);
    start(app);
    for (ChannelCredentials dial : List.of(InsecureChannelCredentials.create(),
        AppCredentials.create("application_9_0009", true).channelCredentials())) {
      for (ServiceDescriptor service : List.of(DriverServiceGrpc.getServiceDescriptor(),
          ShuffleServiceGrpc.getServiceDescriptor())) {
        HostPort address = service == ShuffleServiceGrpc.getServiceDescriptor() ? shuffle.address() : driver.address();
        for (MethodDescriptor<?, ?> method : service.getMethods()) {
          Answer answer = call(method, address, app.secret(), true, dial);
          assertThat(answer.status().get(30, TimeUnit.SECONDS).getCode())
              .as(method.getFullMethodName() + " dialled with " + dial.getClass().getSimpleName())
              .isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(answer.messages()).isEmpty();
        }
      }
    }
    assertThat(scheduler.executorIds()).as("no executor registered").isEmpty();
    assertThat(launcherHeard).as("the launcher listener heard nothing").isEmpty();
  }

  @Test
  void withTls_theApplicationsOwnPeersGetThrough_andStillNeedTheSecret() throws Exception {
    AppCredentials app = AppCredentials.create(APP, true);
    start(app);
    Answer file = call(DriverServiceGrpc.getFetchFileMethod(), driver.address(), app.secret(), true,
        app.channelCredentials());
    assertThat(file.status().get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    assertThat(file.messages()).isNotEmpty();
    Answer block = call(ShuffleServiceGrpc.getFetchShuffleBlocksMethod(), shuffle.address(), app.secret(), true,
        app.channelCredentials());
    assertThat(block.status().get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    Answer noSecret = call(DriverServiceGrpc.getFetchFileMethod(), driver.address(), null, true,
        app.channelCredentials());
    assertThat(noSecret.status().get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(noSecret.messages()).isEmpty();
  }

  private List<String> callEach(ServiceDescriptor service, HostPort address, String presented) throws Exception {
    List<String> names = new ArrayList<>();
    for (MethodDescriptor<?, ?> method : service.getMethods()) {
      Answer answer = call(method, address, presented, true);
      Status status = answer.status().get(30, TimeUnit.SECONDS);
      assertThat(status.getCode()).as(method.getFullMethodName() + " with secret " + presented)
          .isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(status.getDescription()).contains((presented == null ? "missing" : "wrong")
          + " application secret");
      assertThat(answer.messages()).as(method.getFullMethodName() + " answered nothing").isEmpty();
      names.add(method.getFullMethodName());
    }
    return names;
  }

  private record Answer(ClientCall<Object, Object> call, List<Object> messages, CompletableFuture<Status> status) {}

  private Answer call(MethodDescriptor<?, ?> method, HostPort address, String secret, boolean halfClose) {
    return call(method, address, secret, halfClose, InsecureChannelCredentials.create());
  }

  @SuppressWarnings("unchecked")
  private Answer call(MethodDescriptor<?, ?> method, HostPort address, String secret, boolean halfClose,
      ChannelCredentials dial) {
    Message request = REQUESTS.get(method.getFullMethodName());
    assertThat(request).as("a request for " + method.getFullMethodName() + " (add one to REQUESTS)").isNotNull();
    ManagedChannel channel = NettyChannelBuilder.forAddress(address.host(), address.port(), dial).build();
    channels.add(channel);
    ClientCall<Object, Object> call = channel.newCall((MethodDescriptor<Object, Object>) method,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
    List<Object> messages = new CopyOnWriteArrayList<>();
    CompletableFuture<Status> status = new CompletableFuture<>();
    Metadata headers = new Metadata();
    if (secret != null) {
      headers.put(AuthHeaders.APP_SECRET, secret);
    }
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(Object message) {
        messages.add(message);
        call.request(1);
      }

      @Override
      public void onClose(Status s, Metadata trailers) {
        status.complete(s);
      }
    }, headers);
    call.request(1);
    call.sendMessage(request);
    if (halfClose) {
      call.halfClose();
    }
    return new Answer(call, messages, status);
  }

  /** Records what reaches the driver's launcher side. */
  private final class RecordingLauncherListener implements LauncherListener {
    @Override
    public void launcherRegistered(String attemptId, Control control) {
      launcherHeard.add("registered " + attemptId);
    }

    @Override
    public void executorStarted(String executorId, String containerId, String nodeId) {
      launcherHeard.add("started " + executorId);
    }

    @Override
    public void executorLost(ExecutorLoss loss) {
      launcherHeard.add("lost " + loss);
    }

    @Override
    public void launcherGone(Control session, String reason) {
      launcherHeard.add("gone " + reason);
    }
  }
}
