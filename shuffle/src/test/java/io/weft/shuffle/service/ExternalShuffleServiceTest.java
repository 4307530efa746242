package io.weft.shuffle.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.weft.common.auxservice.AuxServiceContext;
import io.weft.common.config.WeftConfig;
import io.weft.common.security.AuthHeaders;
import io.weft.proto.ExternalShuffleServiceGrpc;
import io.weft.proto.FetchShuffleBlocksRequest;
import io.weft.proto.RegisterExecutorShuffleRequest;
import io.weft.proto.ShuffleBlockChunk;
import io.weft.shuffle.ShuffleBlocks;
import io.weft.shuffle.ShuffleServiceNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shuffle service's contract over a real gRPC server and channel on 127.0.0.1. */
class ExternalShuffleServiceTest {
  private static final String APP = "application_1_0001";
  private static final String OTHER_APP = "application_1_0002";
  private static final String SECRET = "s3cret-of-app-1";
  private static final String OTHER_SECRET = "s3cret-of-app-2";

  @TempDir
  Path localDir;
  private ExternalShuffleService service;
  private ManagedChannel channel;
  private Path executorDir;

  @BeforeEach
  void start() throws IOException {
    service = new ExternalShuffleService();
    service.start(new AuxServiceContext(ShuffleServiceNames.SERVICE_NAME, WeftConfig.empty(), "127.0.0.1",
        "127.0.0.1", InsecureServerCredentials.create(), (user, app) -> appDir(user, app)));
    channel = NettyChannelBuilder.forAddress("127.0.0.1", service.port()).usePlaintext().build();
    service.initializeApplication(APP, "alice", SECRET.getBytes(StandardCharsets.UTF_8));
    service.initializeApplication(OTHER_APP, "bob", OTHER_SECRET.getBytes(StandardCharsets.UTF_8));
    executorDir = Files.createDirectories(appDir("alice", APP).resolve("weft-shuffle-1"));
    Files.write(ShuffleBlocks.blockFile(executorDir, 0, 3, 1), "block 0/3/1".getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    service.close();
  }

  private Path appDir(String user, String app) {
    return localDir.resolve("usercache").resolve(user).resolve("appcache").resolve(app);
  }

  private ExternalShuffleServiceGrpc.ExternalShuffleServiceBlockingStub stub(String secret) {
    Metadata headers = new Metadata();
    if (secret != null) {
      headers.put(AuthHeaders.APP_SECRET, secret);
    }
    ClientInterceptor withSecret = MetadataUtils.newAttachHeadersInterceptor(headers);
    return ExternalShuffleServiceGrpc.newBlockingStub(ClientInterceptors.intercept(channel, withSecret))
        .withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  private static RegisterExecutorShuffleRequest registration(String app, String executor, Path dir) {
    return RegisterExecutorShuffleRequest.newBuilder().setApplicationId(app).setExecutorId(executor)
        .setShuffleDir(dir.toString()).build();
  }

  private static String fetch(ExternalShuffleServiceGrpc.ExternalShuffleServiceBlockingStub stub, String app) {
    Iterator<ShuffleBlockChunk> chunks = stub.fetchShuffleBlocks(FetchShuffleBlocksRequest.newBuilder()
        .setApplicationId(app).setExecutorId("1").setShuffleId(0).addMapPartitions(3).setReducePartition(1).build());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean last = false;
    while (chunks.hasNext()) {
      ShuffleBlockChunk chunk = chunks.next();
      bytes.writeBytes(chunk.getData().toByteArray());
      last |= chunk.getLastOfBlock();
    }
    assertThat(last).as("the block's last chunk is marked").isTrue();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void assertRefused(Runnable call, Status.Code code, String... descriptionParts) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).as("%s", e.getStatus()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(descriptionParts);
    });
  }

  @Test
  void registerThenFetch_streamsTheExecutorsBlock() {
    stub(SECRET).registerExecutorShuffle(registration(APP, "1", executorDir));

    assertThat(fetch(stub(SECRET), APP)).isEqualTo("block 0/3/1");
    assertThat(service.containerEnvironment()).containsEntry(ShuffleServiceNames.PORT_ENV,
        Integer.toString(service.port()));
  }

  @Test
  void registerOrFetch_withAWrongSecret_isPermissionDeniedNamingTheApplication() {
    stub(SECRET).registerExecutorShuffle(registration(APP, "1", executorDir));

    assertRefused(() -> stub("guess").registerExecutorShuffle(registration(APP, "1", executorDir)),
        Status.Code.PERMISSION_DENIED, "wrong application secret", APP);
    assertRefused(() -> fetch(stub("guess"), APP), Status.Code.PERMISSION_DENIED, "wrong application secret", APP);
  }

  @Test
  void registerOrFetch_withoutASecret_isUnauthenticatedNamingTheApplication() {
    stub(SECRET).registerExecutorShuffle(registration(APP, "1", executorDir));

    assertRefused(() -> stub(null).registerExecutorShuffle(registration(APP, "1", executorDir)),
        Status.Code.UNAUTHENTICATED, "missing application secret", APP);
    assertRefused(() -> fetch(stub(null), APP), Status.Code.UNAUTHENTICATED, APP);
  }

  @Test
  void register_ofADirectoryOutsideTheApplicationsDirectory_isRefusedNamingThePath() throws IOException {
    assertRefused(() -> stub(SECRET).registerExecutorShuffle(registration(APP, "1", Path.of("/etc"))),
        Status.Code.PERMISSION_DENIED, "/etc", "is not a directory under");
    Path otherAppsDir = Files.createDirectories(appDir("bob", OTHER_APP).resolve("weft-shuffle-9"));
    assertRefused(() -> stub(SECRET).registerExecutorShuffle(registration(APP, "1", otherAppsDir)),
        Status.Code.PERMISSION_DENIED, otherAppsDir.toString());
    Path link = Files.createSymbolicLink(appDir("alice", APP).resolve("escape"), Path.of("/etc"));
    assertRefused(() -> stub(SECRET).registerExecutorShuffle(registration(APP, "1", link)),
        Status.Code.PERMISSION_DENIED, link.toString());
    assertRefused(() -> stub(SECRET).registerExecutorShuffle(registration(APP, "1", executorDir.resolve("../.."))),
        Status.Code.PERMISSION_DENIED, "is not a directory under");
  }

  @Test
  void blockFileThatIsALink_isNotFollowed() throws IOException {
    stub(SECRET).registerExecutorShuffle(registration(APP, "1", executorDir));
    Path block = ShuffleBlocks.blockFile(executorDir, 0, 3, 1);
    Files.delete(block);
    Files.createSymbolicLink(block, Path.of("/etc/hostname"));

    assertRefused(() -> fetch(stub(SECRET), APP), Status.Code.INTERNAL, "cannot read shuffle block");
  }

  @Test
  void afterStopApplication_theFilesAreGoneAndFetchesAreRefused() {
    stub(SECRET).registerExecutorShuffle(registration(APP, "1", executorDir));

    service.stopApplication(APP);

    assertThat(executorDir).doesNotExist();
    assertRefused(() -> fetch(stub(SECRET), APP), Status.Code.NOT_FOUND, APP, "has ended");
    assertThat(fetchOther()).as("the other application is untouched").isTrue();
  }

  private boolean fetchOther() {
    try {
      stub(OTHER_SECRET).fetchShuffleBlocks(FetchShuffleBlocksRequest.newBuilder().setApplicationId(OTHER_APP)
          .setExecutorId("1").build()).hasNext();
      return false;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode() == Status.Code.NOT_FOUND
          && e.getStatus().getDescription().contains("has not registered");
    }
  }

  @Test
  void aStrangersRegistration_forAnotherApplication_isRefused() throws IOException {
    Path strangersDir = Files.createDirectories(appDir("alice", APP).resolve("planted"));

    assertRefused(() -> stub(OTHER_SECRET).registerExecutorShuffle(registration(APP, "7", strangersDir)),
        Status.Code.PERMISSION_DENIED, "wrong application secret", APP);
    assertRefused(() -> stub(OTHER_SECRET).registerExecutorShuffle(registration("application_1_0099", "7",
        strangersDir)), Status.Code.NOT_FOUND, "application_1_0099");
  }

  @Test
  void aLaterContainer_withAnotherSecret_isRefused() {
    assertThatThrownBy(() -> service.initializeApplication(APP, "alice", "other".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining(APP).hasMessageContaining("another secret");
  }
}
