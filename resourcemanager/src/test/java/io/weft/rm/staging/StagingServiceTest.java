package io.weft.rm.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationAttemptId;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.NodeId;
import io.weft.common.security.AuthHeaders;
import io.weft.common.security.MasterKey;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.FetchStagedFileRequest;
import io.weft.proto.StagedFileHeader;
import io.weft.proto.StagingServiceGrpc;
import io.weft.proto.StatStagedFileRequest;
import io.weft.proto.UploadStagedFileRequest;
import io.weft.proto.UploadStagedFileResponse;
import io.weft.rm.rpc.CallerInterceptor;
import io.weft.rm.rpc.StagingGrpcService;
import io.weft.rm.rpc.TokenIssuer;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staging service behind its interceptors, over in-process gRPC, on real files: uploads bound
 * to an application and its uploading user, fetches only with an NM token of the application, and
 * the sweep of ended applications and orphans.
 */
class StagingServiceTest {
  private static final ApplicationId APP = new ApplicationId(1_700_000_000_000L, 1);
  private static final ApplicationId OTHER_APP = new ApplicationId(1_700_000_000_000L, 2);
  private static final NodeId NODE = NodeId.parse("127.0.0.1:4545");
  private static final Duration RETENTION = Duration.ofHours(1);

  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path dir;
  final TokenIssuer tokens = new TokenIssuer(MasterKey.generate(), MasterKey.generate(), Clock.systemUTC(), 1L);
  StagingStore store;
  ManagedChannel channel;

  @org.junit.jupiter.api.BeforeEach
  void serve() {
    store = new StagingStore(dir, RETENTION);
    channel = grpc.serve(List.of(new CallerInterceptor(new io.weft.rm.auth.Authenticator(
        io.weft.common.security.Authentication.SIMPLE, new io.weft.rm.auth.UserTokens(new io.weft.rm.store.InMemoryStateStore(),
        Clock.systemUTC()))), StagingGrpcService.credentials()),
        new StagingGrpcService(store, tokens));
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private static <S extends AbstractStub<S>> S with(S stub, String user, byte[] nmToken) {
    Metadata headers = new Metadata();
    headers.put(AuthHeaders.USER, user);
    if (nmToken != null) {
      headers.put(AuthHeaders.NM_TOKEN, nmToken);
    }
    return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private StagingServiceGrpc.StagingServiceBlockingStub blocking(String user, byte[] nmToken) {
    return with(StagingServiceGrpc.newBlockingStub(channel), user, nmToken);
  }

  private byte[] nmToken(ApplicationId app) {
    return tokens.nmToken(new ApplicationAttemptId(app, 1), NODE).toByteArray();
  }

  private UploadStagedFileResponse upload(String user, ApplicationId app, byte[] data, String sha, long size)
      throws Exception {
    CompletableFuture<UploadStagedFileResponse> done = new CompletableFuture<>();
    StreamObserver<UploadStagedFileRequest> requests = with(StagingServiceGrpc.newStub(channel), user, null)
        .uploadStagedFile(new StreamObserver<>() {
          @Override
          public void onNext(UploadStagedFileResponse value) {
            done.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            done.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    StagedFileHeader.Builder header = StagedFileHeader.newBuilder().setName("app.jar").setSize(size).setSha256(sha);
    if (app != null) {
      header.setApplicationId(app.toString());
    }
    requests.onNext(UploadStagedFileRequest.newBuilder().setHeader(header).build());
    for (int off = 0; off < data.length; off += 100_000) {
      requests.onNext(UploadStagedFileRequest.newBuilder()
          .setChunk(ByteString.copyFrom(data, off, Math.min(100_000, data.length - off))).build());
    }
    requests.onCompleted();
    return done.get(10, TimeUnit.SECONDS);
  }

  private static StatStagedFileRequest stat(ApplicationId app, String sha) {
    return StatStagedFileRequest.newBuilder().setSha256(sha).setApplicationId(app.toString()).build();
  }

  private static FetchStagedFileRequest fetch(ApplicationId app, String sha) {
    return FetchStagedFileRequest.newBuilder().setSha256(sha).setApplicationId(app.toString()).build();
  }

  private static Status.Code code(Throwable t) {
    Throwable cause = t instanceof ExecutionException ? t.getCause() : t;
    return ((StatusRuntimeException) cause).getStatus().getCode();
  }

  @Test
  void upload_thenStat_thenFetch_roundTripsTheBytesInChunks() throws Exception {
    byte[] data = new byte[700_000];
    new Random(42).nextBytes(data);
    String sha = sha256(data);

    UploadStagedFileResponse response = upload("alice", APP, data, sha, data.length);
    assertThat(response.getUri()).isEqualTo("staging:" + sha);
    assertThat(dir.resolve(APP.toString()).resolve(sha)).hasBinaryContent(data);

    var stat = blocking("alice", null).statStagedFile(stat(APP, sha));
    assertThat(stat.getPresent()).isTrue();
    assertThat(stat.getSize()).isEqualTo(data.length);

    ByteArrayOutputStream fetched = new ByteArrayOutputStream();
    int[] chunks = {0};
    blocking("yarn", nmToken(APP)).fetchStagedFile(fetch(APP, sha)).forEachRemaining(c -> {
      chunks[0]++;
      fetched.writeBytes(c.getChunk().toByteArray());
    });
    assertThat(fetched.toByteArray()).isEqualTo(data);
    assertThat(chunks[0]).isEqualTo(3);
  }

  @Test
  void anotherUser_canNeitherSeeNorAddTo_theStagedFilesOfAnApplication() throws Exception {
    byte[] data = "alice's secret".getBytes();
    String sha = sha256(data);
    upload("alice", APP, data, sha, data.length);

    assertThatThrownBy(() -> blocking("bob", null).statStagedFile(stat(APP, sha)))
        .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.PERMISSION_DENIED))
        .hasMessageContaining("belong to user alice; bob may not see them");
    byte[] other = "bob's replacement".getBytes();
    assertThatThrownBy(() -> upload("bob", APP, other, sha256(other), other.length))
        .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.PERMISSION_DENIED))
        .hasMessageContaining("bob may not add to them");
    assertThat(dir.resolve(APP.toString()).resolve(sha256(other))).doesNotExist();
  }

  @Test
  void fetch_withoutAnNmTokenOfTheApplication_isRefused() throws Exception {
    byte[] data = "alice's secret".getBytes();
    String sha = sha256(data);
    upload("alice", APP, data, sha, data.length);

    assertThatThrownBy(() -> blocking("alice", null).fetchStagedFile(fetch(APP, sha)).hasNext())
        .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.UNAUTHENTICATED))
        .hasMessageContaining("carries no NM token");
    assertThatThrownBy(() -> blocking("bob", nmToken(OTHER_APP)).fetchStagedFile(fetch(APP, sha)).hasNext())
        .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.PERMISSION_DENIED))
        .hasMessageContaining("the NM token is for " + OTHER_APP);
    TokenIssuer stranger = new TokenIssuer(MasterKey.generate(), MasterKey.generate(), Clock.systemUTC(), 1L);
    byte[] forged = stranger.nmToken(new ApplicationAttemptId(APP, 1), NODE).toByteArray();
    assertThatThrownBy(() -> blocking("bob", forged).fetchStagedFile(fetch(APP, sha)).hasNext())
        .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.UNAUTHENTICATED))
        .hasMessageContaining("not signed by a key of this ResourceManager");
  }

  @Test
  void upload_forNoApplication_isRefused() throws Exception {
    byte[] data = "hello".getBytes();
    assertThatThrownBy(() -> upload("alice", null, data, sha256(data), data.length))
        .satisfies(e -> assertThat(code(e)).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining("names no application");
  }

  @Test
  void upload_withWrongSha_isRefusedNamingBoth_andLeavesNothingStaged() throws Exception {
    byte[] data = "hello".getBytes();
    String wrong = sha256("other".getBytes());
    String actual = sha256(data);
    assertThatThrownBy(() -> upload("alice", APP, data, wrong, data.length))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains(wrong).contains(actual);
        });
    try (var files = Files.list(dir.resolve(APP.toString()))) {
      assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly(".owner");
    }
  }

  @Test
  void upload_withWrongSize_isRefused() throws Exception {
    byte[] data = "hello".getBytes();
    assertThatThrownBy(() -> upload("alice", APP, data, sha256(data), 9))
        .cause().hasMessageContaining("has 5 bytes but announced 9 bytes");
  }

  @Test
  void fetch_ofUnknownFile_isNotFound_andStatSaysAbsent() throws Exception {
    String sha = sha256("nothing".getBytes());
    assertThat(blocking("alice", null).statStagedFile(stat(APP, sha)).getPresent()).isFalse();
    assertThatThrownBy(() -> blocking("alice", nmToken(APP)).fetchStagedFile(fetch(APP, sha)).hasNext())
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void sweep_deletesEndedApplications_andOrphansPastTheRetention_only() throws Exception {
    ApplicationId ended = new ApplicationId(1_700_000_000_000L, 3);
    ApplicationId running = new ApplicationId(1_700_000_000_000L, 4);
    ApplicationId orphan = new ApplicationId(1_700_000_000_000L, 5);
    ApplicationId young = new ApplicationId(1_700_000_000_000L, 6);
    byte[] data = "jar".getBytes();
    for (ApplicationId app : List.of(ended, running, orphan, young)) {
      upload("alice", app, data, sha256(data), data.length);
    }
    Instant now = Instant.now();
    Files.setLastModifiedTime(dir.resolve(orphan.toString()), FileTime.from(now.minus(RETENTION).minusSeconds(1)));
    Files.setLastModifiedTime(dir.resolve(running.toString()), FileTime.from(now.minus(RETENTION).minusSeconds(1)));
    Map<ApplicationId, Boolean> known = Map.of(ended, true, running, false);

    assertThat(store.sweep(app -> Optional.ofNullable(known.get(app)), now)).isEqualTo(2);

    assertThat(dir.resolve(ended.toString())).doesNotExist();
    assertThat(dir.resolve(orphan.toString())).doesNotExist();
    assertThat(dir.resolve(running.toString()).resolve(sha256(data))).exists();
    assertThat(dir.resolve(young.toString()).resolve(sha256(data))).exists();
  }
}
