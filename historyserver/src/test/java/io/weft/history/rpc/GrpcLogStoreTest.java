package io.weft.history.rpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.id.HostPort;
import io.weft.common.logstore.FileLogStore;
import io.weft.common.logstore.LogStore;
import io.weft.common.logstore.LogStoreContract;
import io.weft.common.logstore.GrpcLogStore;
import io.weft.common.rpc.Channels;
import io.weft.common.rpc.RpcServer;
import io.weft.common.security.Authentication;
import io.weft.common.security.BearerTokens;
import io.weft.common.security.LogReaders;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log store contract over real gRPC to the history server's service, and what only a remote store can do wrong. */
class GrpcLogStoreTest extends LogStoreContract {
  @TempDir
  Path dir;

  private final MessageSizes sizes = new MessageSizes();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private RpcServer server;

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  @Override
  protected LogStore newStore() throws Exception {
    if (server == null) {
      LogStoreAccess access = new LogStoreAccess(new LogStoreAccess.Settings(false, new LogReaders(Authentication.SIMPLE,
          false, new LogReaders.Admins(true, Set.of()), BearerTokens.none()), dir.resolveSibling(dir.getFileName() + "-owners")));
      server = RpcServer.netty(new HostPort("127.0.0.1", 0), List.of(sizes, access),
          new LogStoreRpc(new FileLogStore(dir), access));
      server.start();
      toClose.add(server);
    }
    GrpcLogStore store = store(Channels.forAddress(server.address()));
    toClose.add(store);
    return store;
  }

  private GrpcLogStore store(ManagedChannel channel) {
    return new GrpcLogStore(channel, server.address(), Duration.ofSeconds(10), Duration.ofMinutes(2));
  }

  @Test
  void aStreamCutMidUploadLeavesTheFileInProgressWithWhatArrived() throws Exception {
    LogStore reader = newStore();
    ManagedChannel writerChannel = Channels.forAddress(server.address());
    OutputStream out = store(writerChannel).create(APP, "node-2");
    out.write("half a log".getBytes(UTF_8));
    out.flush();
    await().untilAsserted(() -> assertThat(reader.list(APP)).singleElement()
        .satisfies(f -> assertThat(f.length()).isEqualTo(10)));

    writerChannel.shutdownNow(); // the writer's process dies: no half-close, the stream just ends
    await().until(() -> sizes.endedCalls.get() >= 2); // the listing and the upload, seen over by the server

    assertThat(reader.list(APP)).singleElement().satisfies(f -> {
      assertThat(f.inProgress()).isTrue();
      assertThat(f.length()).isEqualTo(10);
    });
    assertThat(read(reader, "node-2", 5)).isEqualTo("a log");
  }

  @Test
  void filesLargerThanManyChunksStreamInBoundedMessagesBothWays() throws Exception {
    LogStore store = newStore();
    int chunks = 130;
    byte[] block = new byte[1024 * 1024 + 17]; // writes that do not line up with chunks
    for (int i = 0; i < block.length; i++) {
      block[i] = (byte) (i * 31 + 7);
    }
    long total = 0;
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = store.create(APP, "big")) {
      while (total < (long) chunks * GrpcLogStore.CHUNK) {
        out.write(block);
        written.update(block);
        total += block.length;
      }
    }
    assertThat(sizes.uploadMessages.get()).isGreaterThanOrEqualTo(chunks);
    assertThat(sizes.largestReceived.get()).isLessThanOrEqualTo(GrpcLogStore.CHUNK + 256);

    MessageDigest read = MessageDigest.getInstance("SHA-256");
    long readBytes = 0;
    try (InputStream in = store.open(APP, "big", 0)) {
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; readBytes += n) {
        read.update(buffer, 0, n);
      }
    }
    assertThat(readBytes).isEqualTo(total);
    assertThat(read.digest()).isEqualTo(written.digest());
    assertThat(sizes.readMessages.get()).isGreaterThanOrEqualTo(chunks);
    assertThat(sizes.largestSent.get()).isLessThanOrEqualTo(LogStoreRpc.CHUNK + 256);
  }

  @Test
  void aReadClosedEarlyEndsItsCallAndAMissingFileIsNamed() throws Exception {
    LogStore store = newStore();
    try (OutputStream out = store.create(APP, "stdout")) {
      out.write(new byte[4 * LogStoreRpc.CHUNK]);
    }
    try (InputStream in = store.open(APP, "stdout", 3 * LogStoreRpc.CHUNK + 10)) {
      assertThat(in.read()).isZero();
    }
    assertThatThrownBy(() -> store.open(APP, "stderr", 0)).isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(APP + "/stderr");
  }

  /** Counts and measures the messages the server receives and sends, per method, and the calls it has ended. */
  static final class MessageSizes implements ServerInterceptor {
    final AtomicInteger uploadMessages = new AtomicInteger();
    final AtomicInteger readMessages = new AtomicInteger();
    final AtomicLong largestReceived = new AtomicLong();
    final AtomicLong largestSent = new AtomicLong();
    final AtomicInteger endedCalls = new AtomicInteger();

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      String method = call.getMethodDescriptor().getBareMethodName();
      ServerCall<Q, R> measured = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
        @Override
        public void sendMessage(R message) {
          if (method.equals("Read")) {
            readMessages.incrementAndGet();
          }
          largestSent.accumulateAndGet(((MessageLite) message).getSerializedSize(), Math::max);
          super.sendMessage(message);
        }
      };
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(measured, headers)) {
        @Override
        public void onMessage(Q message) {
          if (method.equals("Upload")) {
            uploadMessages.incrementAndGet();
          }
          largestReceived.accumulateAndGet(((MessageLite) message).getSerializedSize(), Math::max);
          super.onMessage(message);
        }

        @Override
        public void onComplete() {
          super.onComplete();
          endedCalls.incrementAndGet();
        }

        @Override
        public void onCancel() {
          super.onCancel();
          endedCalls.incrementAndGet();
        }
      };
    }
  }
}
