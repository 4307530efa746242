package io.weft.common.logstore;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.weft.common.id.ApplicationId;
import io.weft.common.id.HostPort;
import io.weft.common.rpc.Channels;
import io.weft.proto.DeleteStoredApplicationRequest;
import io.weft.proto.ListStoredApplicationsRequest;
import io.weft.proto.ListStoredFilesRequest;
import io.weft.proto.LogStoreServiceGrpc;
import io.weft.proto.ReadStoredFileChunk;
import io.weft.proto.ReadStoredFileRequest;
import io.weft.proto.StoredApplicationInfo;
import io.weft.proto.StoredFileInfo;
import io.weft.proto.UploadChunk;
import io.weft.proto.UploadResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The history server's log store, reached over gRPC ({@code LogStoreService}). Both directions stream in chunks
 * of at most {@link #CHUNK} bytes and move only as fast as the other end takes them (an upload waits for the
 * stream to be ready before it sends the next chunk; a read asks for one chunk at a time), so a file of any size
 * passes through a buffer of a chunk or two. Listing calls have {@code callTimeout}; a transfer has
 * {@code transferTimeout} in all. Failures name the file, the server and the cause; a missing file is a
 * {@link NoSuchFileException}.
 */
public final class GrpcLogStore implements LogStore {
  public static final int CHUNK = 64 * 1024;

  private final ManagedChannel channel;
  private final String server;
  private final Duration callTimeout;
  private final Duration transferTimeout;

  /** A store on {@code channel} (owned: {@link #close()} shuts it down), to the history server at {@code server}. */
  public GrpcLogStore(ManagedChannel channel, HostPort server, Duration callTimeout, Duration transferTimeout) {
    this.channel = requireNonNull(channel);
    this.server = "the history server at " + requireNonNull(server);
    this.callTimeout = requireNonNull(callTimeout);
    this.transferTimeout = requireNonNull(transferTimeout);
  }

  @Override
  public OutputStream create(ApplicationId app, String name) throws IOException {
    return create(app, name, "");
  }

  @Override
  public OutputStream create(ApplicationId app, String name, String owner) throws IOException {
    LogStore.checkName(name);
    return new Upload(app, name, requireNonNull(owner));
  }

  @Override
  public InputStream open(ApplicationId app, String name, long offset) throws IOException {
    String file = app + "/" + LogStore.checkName(name);
    Context.CancellableContext context = Context.current().withCancellation();
    Iterator<ReadStoredFileChunk> chunks;
    try {
      chunks = context.call(() -> LogStoreServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(transferTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .read(ReadStoredFileRequest.newBuilder().setApplicationId(app.toString()).setName(name)
              .setOffset(Math.max(0, offset)).build()));
      chunks.hasNext(); // the answer's head: a missing file fails here, in open(), as the contract says
    } catch (StatusRuntimeException e) {
      context.cancel(null);
      throw failure("read " + file + " from", file, e);
    } catch (Exception e) {
      context.cancel(null);
      throw new IOException("cannot read " + file + " from " + server + ": " + e, e);
    }
    return new Download(file, chunks, context);
  }

  @Override
  public List<StoredFile> list(ApplicationId app) throws IOException {
    try {
      List<StoredFile> files = new ArrayList<>();
      for (StoredFileInfo f : stub().listFiles(ListStoredFilesRequest.newBuilder()
          .setApplicationId(app.toString()).build()).getFilesList()) {
        files.add(new StoredFile(f.getName(), f.getLength(), Instant.ofEpochMilli(f.getModifiedMs()), f.getInProgress()));
      }
      return List.copyOf(files);
    } catch (StatusRuntimeException e) {
      throw failure("list the files of " + app + " in", app.toString(), e);
    }
  }

  @Override
  public List<StoredApplication> applications() throws IOException {
    try {
      List<StoredApplication> apps = new ArrayList<>();
      for (StoredApplicationInfo a : stub().listApplications(ListStoredApplicationsRequest.getDefaultInstance())
          .getApplicationsList()) {
        apps.add(new StoredApplication(ApplicationId.parse(a.getApplicationId()), Instant.ofEpochMilli(a.getModifiedMs())));
      }
      return List.copyOf(apps);
    } catch (StatusRuntimeException e) {
      throw failure("list the applications of", "applications", e);
    }
  }

  @Override
  public void delete(ApplicationId app) throws IOException {
    try {
      stub().deleteApplication(DeleteStoredApplicationRequest.newBuilder().setApplicationId(app.toString()).build());
    } catch (StatusRuntimeException e) {
      throw failure("delete the files of " + app + " in", app.toString(), e);
    }
  }

  @Override
  public void close() {
    Channels.close(channel);
  }

  private LogStoreServiceGrpc.LogStoreServiceBlockingStub stub() {
    return LogStoreServiceGrpc.newBlockingStub(channel).withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private IOException failure(String what, String file, Throwable t) {
    Status status = Status.fromThrowable(t);
    String description = status.getDescription() == null ? status.getCode().name()
        : status.getCode() + ": " + status.getDescription();
    if (status.getCode() == Status.Code.NOT_FOUND) {
      return new NoSuchFileException(file, null, description);
    }
    return new IOException("cannot " + what + " " + server + ": " + description, t);
  }

  /** One upload call: bytes gather into a chunk, sent when full (or flushed) once the stream can take it. */
  private final class Upload extends OutputStream {
    private final String file;
    private final ApplicationId app;
    private final String name;
    private final String owner;
    private final byte[] buffer = new byte[CHUNK];
    private final Object ready = new Object();
    private final CompletableFuture<UploadResponse> answer = new CompletableFuture<>();
    private final ClientCallStreamObserver<UploadChunk> requests;
    private final long deadlineNanos;
    private int count;
    private boolean headerSent;
    private boolean closed;

    Upload(ApplicationId app, String name, String owner) {
      this.app = app;
      this.name = name;
      this.owner = owner;
      this.file = app + "/" + name;
      this.deadlineNanos = System.nanoTime() + transferTimeout.toNanos();
      @SuppressWarnings("unchecked")
      ClientCallStreamObserver<UploadChunk>[] stream = new ClientCallStreamObserver[1];
      LogStoreServiceGrpc.newStub(channel).withDeadlineAfter(transferTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .upload(new ClientResponseObserver<UploadChunk, UploadResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<UploadChunk> requestStream) {
              stream[0] = requestStream;
              requestStream.setOnReadyHandler(this::wake);
            }

            @Override
            public void onNext(UploadResponse response) {
              answer.complete(response);
            }

            @Override
            public void onError(Throwable t) {
              answer.completeExceptionally(t);
              wake();
            }

            @Override
            public void onCompleted() {
              answer.complete(UploadResponse.getDefaultInstance());
              wake();
            }

            private void wake() {
              synchronized (ready) {
                ready.notifyAll();
              }
            }
          });
      this.requests = stream[0];
    }

    @Override
    public void write(int b) throws IOException {
      if (count == buffer.length) {
        send();
      }
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (count == buffer.length) {
          send();
        }
        int n = Math.min(len, buffer.length - count);
        System.arraycopy(b, off, buffer, count, n);
        count += n;
        off += n;
        len -= n;
      }
    }

    /** Sends what is buffered: the server writes it to the file in progress, where readers see it. */
    @Override
    public void flush() throws IOException {
      if (count > 0 || !headerSent) {
        send();
      }
    }

    private void send() throws IOException {
      checkOpen();
      awaitReady();
      UploadChunk.Builder chunk = UploadChunk.newBuilder().setData(ByteString.copyFrom(buffer, 0, count));
      if (!headerSent) {
        chunk.setApplicationId(app.toString()).setName(name).setOwner(owner);
        headerSent = true;
      }
      requests.onNext(chunk.build());
      count = 0;
    }

    /** Waits until gRPC can take another message without buffering it, or the call ended. */
    private void awaitReady() throws IOException {
      synchronized (ready) {
        while (!requests.isReady() && !answer.isDone()) {
          long left = deadlineNanos - System.nanoTime();
          if (left <= 0) {
            requests.cancel("upload timed out", null);
            throw new IOException("cannot store " + file + " in " + server + ": no progress within "
                + transferTimeout);
          }
          try {
            ready.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.cancel("interrupted", e);
            throw new IOException("upload of " + file + " interrupted", e);
          }
        }
      }
      if (answer.isDone()) {
        throw outcome();
      }
    }

    private IOException outcome() {
      try {
        answer.getNow(null);
        return new IOException("cannot store " + file + " in " + server + ": the server ended the upload early");
      } catch (java.util.concurrent.CompletionException e) {
        return failure("store " + file + " in", file, e.getCause());
      }
    }

    private void checkOpen() throws IOException {
      if (closed) {
        throw new IOException("the upload of " + file + " is closed");
      }
    }

    /** Sends the rest and publishes the file; throws when the server did not store it. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      flush();
      closed = true;
      requests.onCompleted();
      try {
        answer.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw failure("store " + file + " in", file, e.getCause());
      } catch (TimeoutException e) {
        requests.cancel("upload timed out", null);
        throw new IOException("cannot store " + file + " in " + server + ": not confirmed within " + transferTimeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("upload of " + file + " interrupted", e);
      }
    }
  }

  /** A read call's chunks as a stream; closing it early cancels the call. */
  private final class Download extends InputStream {
    private final String file;
    private final Iterator<ReadStoredFileChunk> chunks;
    private final Context.CancellableContext context;
    private ByteString current = ByteString.EMPTY;
    private int position;
    private boolean closed;

    Download(String file, Iterator<ReadStoredFileChunk> chunks, Context.CancellableContext context) {
      this.file = file;
      this.chunks = chunks;
      this.context = context;
    }

    private boolean fill() throws IOException {
      while (position >= current.size()) {
        try {
          if (closed || !chunks.hasNext()) {
            return false;
          }
          current = chunks.next().getData();
        } catch (StatusRuntimeException e) {
          throw failure("read " + file + " from", file, e);
        }
        position = 0;
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      return fill() ? current.byteAt(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, current.size() - position);
      current.copyTo(b, position, off, n);
      position += n;
      return n;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        context.cancel(null);
      }
    }
  }
}
