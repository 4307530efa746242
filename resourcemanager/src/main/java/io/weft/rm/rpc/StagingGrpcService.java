package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.proto.FetchStagedFileRequest;
import io.weft.proto.FetchStagedFileResponse;
import io.weft.proto.StagingServiceGrpc;
import io.weft.proto.StatStagedFileRequest;
import io.weft.proto.StatStagedFileResponse;
import io.weft.proto.UploadStagedFileRequest;
import io.weft.proto.UploadStagedFileResponse;
import io.weft.rm.staging.StagedFile;
import io.weft.rm.staging.StagingStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** StagingService: clients upload jars and files, NMs fetch them, all streamed in chunks. */
public final class StagingGrpcService extends StagingServiceGrpc.StagingServiceImplBase {
  private static final Logger LOG = LogManager.getLogger();
  static final int CHUNK_BYTES = 256 * 1024;
  private final StagingStore store;

  public StagingGrpcService(StagingStore store) {
    this.store = requireNonNull(store);
  }

  @Override
  public void statStagedFile(StatStagedFileRequest request, StreamObserver<StatStagedFileResponse> out) {
    Optional<StagedFile> file = store.stat(request.getSha256());
    out.onNext(StatStagedFileResponse.newBuilder().setPresent(file.isPresent())
        .setSize(file.map(StagedFile::size).orElse(0L)).build());
    out.onCompleted();
  }

  @Override
  public StreamObserver<UploadStagedFileRequest> uploadStagedFile(StreamObserver<UploadStagedFileResponse> out) {
    return new StreamObserver<>() {
      private StagingStore.Upload upload;
      private boolean failed;

      @Override
      public void onNext(UploadStagedFileRequest part) {
        if (failed) {
          return;
        }
        try {
          if (part.hasHeader()) {
            if (upload != null) {
              throw WeftException.invalidArgument("upload sent a second header");
            }
            upload = store.begin(part.getHeader().getName(), part.getHeader().getSize(), part.getHeader().getSha256());
          } else if (upload == null) {
            throw WeftException.invalidArgument("upload must start with a header (name, size, sha256)");
          } else {
            upload.write(part.getChunk().toByteArray());
          }
        } catch (RuntimeException e) {
          fail(e);
        }
      }

      @Override
      public void onError(Throwable t) {
        LOG.debug("upload aborted by the client: {}", t.toString());
        if (upload != null) {
          upload.close();
        }
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        try {
          if (upload == null) {
            throw WeftException.invalidArgument("upload ended without a header");
          }
          StagedFile file = upload.finish();
          out.onNext(UploadStagedFileResponse.newBuilder().setUri(file.uri()).setSize(file.size()).build());
          out.onCompleted();
        } catch (RuntimeException e) {
          fail(e);
        }
      }

      private void fail(RuntimeException e) {
        failed = true;
        if (upload != null) {
          upload.close();
        }
        out.onError(RpcErrors.toStatus(e));
      }
    };
  }

  @Override
  public void fetchStagedFile(FetchStagedFileRequest request, StreamObserver<FetchStagedFileResponse> out) {
    ServerCallStreamObserver<FetchStagedFileResponse> stream = (ServerCallStreamObserver<FetchStagedFileResponse>) out;
    InputStream in;
    try {
      in = store.open(request.getSha256());
    } catch (RuntimeException e) {
      out.onError(RpcErrors.toStatus(e));
      return;
    }
    Sender sender = new Sender(stream, in);
    stream.setOnCancelHandler(sender::close);
    stream.setOnReadyHandler(sender::pump);
  }

  /** Sends chunks only while the transport is ready, so a large file never piles up in memory. */
  private static final class Sender {
    private final ServerCallStreamObserver<FetchStagedFileResponse> stream;
    private final InputStream in;
    private final byte[] buffer = new byte[CHUNK_BYTES];
    private boolean done;

    Sender(ServerCallStreamObserver<FetchStagedFileResponse> stream, InputStream in) {
      this.stream = stream;
      this.in = in;
    }

    synchronized void pump() {
      try {
        while (!done && stream.isReady()) {
          int n = in.readNBytes(buffer, 0, buffer.length);
          if (n <= 0) {
            done = true;
            close();
            stream.onCompleted();
            return;
          }
          stream.onNext(FetchStagedFileResponse.newBuilder().setChunk(ByteString.copyFrom(buffer, 0, n)).build());
        }
      } catch (IOException e) {
        done = true;
        close();
        stream.onError(RpcErrors.toStatus(new WeftException(WeftException.Code.INTERNAL,
            "cannot read staged file: " + e.getMessage(), e)));
      }
    }

    synchronized void close() {
      try {
        in.close();
      } catch (IOException e) {
        LOG.debug("closing staged file", e);
      }
    }
  }
}
