package io.weft.rm.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.weft.common.testing.InProcessGrpc;
import io.weft.proto.FetchStagedFileRequest;
import io.weft.proto.StagedFileHeader;
import io.weft.proto.StagingServiceGrpc;
import io.weft.proto.StatStagedFileRequest;
import io.weft.proto.UploadStagedFileRequest;
import io.weft.proto.UploadStagedFileResponse;
import io.weft.rm.rpc.StagingGrpcService;
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

class StagingServiceTest {
  @RegisterExtension final InProcessGrpc grpc = new InProcessGrpc();
  @TempDir Path dir;

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  private UploadStagedFileResponse upload(StagingServiceGrpc.StagingServiceStub stub, byte[] data, String sha,
      long size) throws Exception {
    CompletableFuture<UploadStagedFileResponse> done = new CompletableFuture<>();
    StreamObserver<UploadStagedFileRequest> requests = stub.uploadStagedFile(new StreamObserver<>() {
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
    requests.onNext(UploadStagedFileRequest.newBuilder().setHeader(StagedFileHeader.newBuilder().setName("app.jar")
        .setSize(size).setSha256(sha)).build());
    for (int off = 0; off < data.length; off += 100_000) {
      requests.onNext(UploadStagedFileRequest.newBuilder()
          .setChunk(ByteString.copyFrom(data, off, Math.min(100_000, data.length - off))).build());
    }
    requests.onCompleted();
    return done.get(10, TimeUnit.SECONDS);
  }

  @Test
  void upload_thenStat_thenFetch_roundTripsTheBytesInChunks() throws Exception {
    var channel = grpc.serve(new StagingGrpcService(new StagingStore(dir)));
    byte[] data = new byte[700_000];
    new Random(42).nextBytes(data);
    String sha = sha256(data);

    UploadStagedFileResponse response = upload(StagingServiceGrpc.newStub(channel), data, sha, data.length);
    assertThat(response.getUri()).isEqualTo("staging:" + sha);
    assertThat(dir.resolve(sha)).hasBinaryContent(data);

    var blocking = StagingServiceGrpc.newBlockingStub(channel);
    var stat = blocking.statStagedFile(StatStagedFileRequest.newBuilder().setSha256(sha).build());
    assertThat(stat.getPresent()).isTrue();
    assertThat(stat.getSize()).isEqualTo(data.length);

    ByteArrayOutputStream fetched = new ByteArrayOutputStream();
    int[] chunks = {0};
    blocking.fetchStagedFile(FetchStagedFileRequest.newBuilder().setSha256(sha).build()).forEachRemaining(c -> {
      chunks[0]++;
      fetched.writeBytes(c.getChunk().toByteArray());
    });
    assertThat(fetched.toByteArray()).isEqualTo(data);
    assertThat(chunks[0]).isEqualTo(3);
  }

  @Test
  void upload_withWrongSha_isRefusedNamingBoth_andLeavesNothingStaged() throws Exception {
    var channel = grpc.serve(new StagingGrpcService(new StagingStore(dir)));
    byte[] data = "hello".getBytes();
    String wrong = sha256("other".getBytes());
    String actual = sha256(data);
    assertThatThrownBy(() -> upload(StagingServiceGrpc.newStub(channel), data, wrong, data.length))
        .isInstanceOf(ExecutionException.class)
        .cause().isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).contains(wrong).contains(actual);
        });
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void upload_withWrongSize_isRefused() throws Exception {
    var channel = grpc.serve(new StagingGrpcService(new StagingStore(dir)));
    byte[] data = "hello".getBytes();
    assertThatThrownBy(() -> upload(StagingServiceGrpc.newStub(channel), data, sha256(data), 9))
        .cause().hasMessageContaining("has 5 bytes but announced 9 bytes");
  }

  @Test
  void fetch_ofUnknownFile_isNotFound_andStatSaysAbsent() throws Exception {
    var blocking = StagingServiceGrpc.newBlockingStub(grpc.serve(new StagingGrpcService(new StagingStore(dir))));
    String sha = sha256("nothing".getBytes());
    assertThat(blocking.statStagedFile(StatStagedFileRequest.newBuilder().setSha256(sha).build()).getPresent())
        .isFalse();
    assertThatThrownBy(() -> blocking.fetchStagedFile(FetchStagedFileRequest.newBuilder().setSha256(sha).build())
        .hasNext())
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }
}
