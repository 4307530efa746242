package io.weft.history.rpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.weft.common.id.ApplicationId;
import io.weft.common.logstore.FileLogStore;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.StoredFile;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.common.security.LogReaders;
import io.weft.proto.DeleteStoredApplicationRequest;
import io.weft.proto.DeleteStoredApplicationResponse;
import io.weft.proto.ListStoredApplicationsRequest;
import io.weft.proto.ListStoredApplicationsResponse;
import io.weft.proto.ListStoredFilesRequest;
import io.weft.proto.ListStoredFilesResponse;
import io.weft.proto.LogStoreServiceGrpc;
import io.weft.proto.ReadStoredFileChunk;
import io.weft.proto.ReadStoredFileRequest;
import io.weft.proto.StoredApplicationInfo;
import io.weft.proto.StoredFileInfo;
import io.weft.proto.UploadChunk;
import io.weft.proto.UploadResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The aggregated log store's gRPC service over the history server's {@link FileLogStore}. Uploads are written
 * as they arrive and published when the client half-closes; a stream that breaks off (cancelled, reset, the
 * writer's process dead) abandons its file, which stays in progress. Reads stream in chunks of at most
 * {@link #CHUNK} bytes, sent only as fast as the client takes them (gRPC flow control), so a file of any size
 * passes through a bounded buffer. {@link LogStoreAccess} decides who may write and read what.
 */
public final class LogStoreRpc extends LogStoreServiceGrpc.LogStoreServiceImplBase {
  private static final Logger LOG = LogManager.getLogger();
  public static final int CHUNK = 64 * 1024;

  private final FileLogStore store;
  private final LogStoreAccess access;

  public LogStoreRpc(FileLogStore store, LogStoreAccess access) {
    this.store = requireNonNull(store);
    this.access = requireNonNull(access);
  }

  @Override
  public StreamObserver<UploadChunk> upload(StreamObserver<UploadResponse> responses) {
    LogStoreAccess.Caller caller = access.caller();
    return new StreamObserver<>() {
      private FileLogStore.Writer writer;
      private String file;
      private long length;
      private boolean failed;

      @Override
      public void onNext(UploadChunk chunk) {
        if (failed) {
          return;
        }
        try {
          if (writer == null) {
            ApplicationId app = application(chunk.getApplicationId());
            file = app + "/" + chunk.getName();
            LogStore.checkName(chunk.getName());
            access.checkWrite(caller, app, chunk.getName());
            access.recordOwner(app, chunk.getOwner());
            writer = store.create(app, chunk.getName());
          }
          chunk.getData().writeTo(writer);
          length += chunk.getData().size();
        } catch (IOException e) {
          fail(WeftException.unavailable("cannot store " + file + " in the history server's log store: "
              + e.getMessage()));
        } catch (IllegalArgumentException e) {
          fail(WeftException.invalidArgument(e.getMessage()));
        } catch (RuntimeException e) {
          fail(e);
        }
      }

      private void fail(RuntimeException e) {
        failed = true;
        abandon();
        responses.onError(RpcErrors.toStatus(e));
      }

      @Override
      public void onError(Throwable t) {
        LOG.info("upload of {} broke off after {} bytes ({}); it stays in progress", file, length, t.toString());
        abandon();
      }

      @Override
      public void onCompleted() {
        if (failed) {
          return;
        }
        if (writer == null) {
          responses.onError(RpcErrors.toStatus(WeftException.invalidArgument(
              "an upload to the log store must name its application and file in its first message; this one sent none")));
          return;
        }
        try {
          writer.close();
        } catch (IOException e) {
          responses.onError(RpcErrors.toStatus(WeftException.unavailable("cannot publish " + file
              + " in the history server's log store: " + e.getMessage())));
          return;
        }
        LOG.debug("stored {} ({} bytes)", file, length);
        responses.onNext(UploadResponse.newBuilder().setLength(length).build());
        responses.onCompleted();
      }

      private void abandon() {
        if (writer == null) {
          return;
        }
        try {
          writer.abandon();
        } catch (IOException e) {
          LOG.warn("cannot close the unfinished {}: {}", file, e.toString());
        }
      }
    };
  }

  @Override
  public void read(ReadStoredFileRequest request, StreamObserver<ReadStoredFileChunk> responses) {
    ApplicationId app = application(request.getApplicationId());
    String file = app + "/" + request.getName();
    checkName(request.getName());
    access.checkRead(access.caller(), app);
    InputStream in;
    try {
      in = store.open(app, request.getName(), request.getOffset());
    } catch (NoSuchFileException e) {
      throw WeftException.notFound("the log store has no file " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    new ChunkSender(file, in, (ServerCallStreamObserver<ReadStoredFileChunk>) responses).start();
  }

  @Override
  public void listFiles(ListStoredFilesRequest request, StreamObserver<ListStoredFilesResponse> responses) {
    ApplicationId app = application(request.getApplicationId());
    access.checkRead(access.caller(), app);
    ListStoredFilesResponse.Builder response = ListStoredFilesResponse.newBuilder();
    try {
      for (StoredFile f : store.list(app)) {
        response.addFiles(StoredFileInfo.newBuilder().setName(f.name()).setLength(f.length())
            .setModifiedMs(f.modified().toEpochMilli()).setInProgress(f.inProgress()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of " + app + ": " + e.getMessage(), e);
    }
    responses.onNext(response.build());
    responses.onCompleted();
  }

  @Override
  public void listApplications(ListStoredApplicationsRequest request,
      StreamObserver<ListStoredApplicationsResponse> responses) {
    LogReaders.Reader reader = access.reader(access.caller());
    ListStoredApplicationsResponse.Builder response = ListStoredApplicationsResponse.newBuilder();
    try {
      for (LogStore.StoredApplication a : store.applications()) {
        if (access.mayRead(reader, a.app())) {
          response.addApplications(StoredApplicationInfo.newBuilder().setApplicationId(a.app().toString())
              .setModifiedMs(a.modified().toEpochMilli()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the log store's applications: " + e.getMessage(), e);
    }
    responses.onNext(response.build());
    responses.onCompleted();
  }

  @Override
  public void deleteApplication(DeleteStoredApplicationRequest request,
      StreamObserver<DeleteStoredApplicationResponse> responses) {
    ApplicationId app = application(request.getApplicationId());
    access.checkDelete(access.caller(), app);
    try {
      store.delete(app);
      access.forget(app);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the files of " + app + ": " + e.getMessage(), e);
    }
    responses.onNext(DeleteStoredApplicationResponse.getDefaultInstance());
    responses.onCompleted();
  }

  private static ApplicationId application(String id) {
    if (id.isEmpty()) {
      throw WeftException.invalidArgument("a log store call must name its application; this one named none");
    }
    return ApplicationId.parse(id);
  }

  private static void checkName(String name) {
    try {
      LogStore.checkName(name);
    } catch (IllegalArgumentException e) {
      throw WeftException.invalidArgument(e.getMessage());
    }
  }

  /** Sends a file's chunks whenever the client is ready for more, so no more than a chunk waits in memory. */
  private static final class ChunkSender implements Runnable {
    private final String file;
    private final InputStream in;
    private final ServerCallStreamObserver<ReadStoredFileChunk> responses;
    private final byte[] buffer = new byte[CHUNK];
    private boolean done;

    ChunkSender(String file, InputStream in, ServerCallStreamObserver<ReadStoredFileChunk> responses) {
      this.file = file;
      this.in = in;
      this.responses = responses;
    }

    void start() {
      responses.setOnCancelHandler(this::closeQuietly);
      responses.setOnReadyHandler(this);
      run();
    }

    @Override
    public synchronized void run() {
      if (done) {
        return;
      }
      try {
        while (responses.isReady()) {
          int n = in.readNBytes(buffer, 0, CHUNK);
          if (n <= 0) {
            done = true;
            closeQuietly();
            responses.onCompleted();
            return;
          }
          responses.onNext(ReadStoredFileChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, n)).build());
        }
      } catch (IOException e) {
        done = true;
        closeQuietly();
        responses.onError(RpcErrors.toStatus(WeftException.unavailable("cannot read " + file + ": " + e.getMessage())));
      }
    }

    private void closeQuietly() {
      try {
        in.close();
      } catch (IOException e) {
        LOG.debug("closing {}: {}", file, e.toString());
      }
    }
  }
}
