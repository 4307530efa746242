package io.weft.rm.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.id.ApplicationId;
import io.weft.common.security.AuthHeaders;
import io.weft.proto.StagedFileHeader;
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

/**
 * StagingService: clients upload jars and files for an application, its NMs (and AM) fetch them, all
 * streamed in chunks. Served behind {@link CallerInterceptor} (the uploading user) and
 * {@link #credentials()} (the NM token a fetch carries).
 */
public final class StagingGrpcService extends StagingServiceGrpc.StagingServiceImplBase {
  private static final Logger LOG = LogManager.getLogger();
  private static final Context.Key<byte[]> NM_TOKEN = Context.key("weft-staging-nm-token");
  static final int CHUNK_BYTES = 256 * 1024;
  private final StagingStore store;
  private final TokenIssuer tokens;

  public StagingGrpcService(StagingStore store, TokenIssuer tokens) {
    this.store = requireNonNull(store);
    this.tokens = requireNonNull(tokens);
  }

  /** Hands a call's NM token to {@link #fetchStagedFile}. */
  public static ServerInterceptor credentials() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        byte[] token = headers.get(AuthHeaders.NM_TOKEN);
        return token == null ? next.startCall(call, headers)
            : Contexts.interceptCall(Context.current().withValue(NM_TOKEN, token), call, headers, next);
      }
    };
  }

  private static ApplicationId application(String id, String what) {
    if (id == null || id.isBlank()) {
      throw WeftException.invalidArgument(what + " names no application: staged files are uploaded for, and "
          + "fetched as, one application (application_id)");
    }
    return ApplicationId.parse(id);
  }

  @Override
  public void statStagedFile(StatStagedFileRequest request, StreamObserver<StatStagedFileResponse> out) {
    Optional<StagedFile> file;
    try {
      file = store.stat(application(request.getApplicationId(), "a staging stat"), CallerInterceptor.user(),
          request.getSha256());
    } catch (RuntimeException e) {
      out.onError(RpcErrors.toStatus(e));
      return;
    }
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
            StagedFileHeader header = part.getHeader();
            upload = store.begin(application(header.getApplicationId(), "upload of " + header.getName()),
                CallerInterceptor.user(), header.getName(), header.getSize(), header.getSha256());
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
      ApplicationId app = application(request.getApplicationId(), "a staging fetch");
      String what = "fetch staged file " + request.getSha256() + " of " + app;
      ApplicationId granted = tokens.verifyNmToken(NM_TOKEN.get(), what).applicationId();
      if (!granted.equals(app)) {
        throw WeftException.permissionDenied("refused to " + what + ": the NM token is for " + granted);
      }
      in = store.open(app, request.getSha256());
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
