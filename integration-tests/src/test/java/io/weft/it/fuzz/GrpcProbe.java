package io.weft.it.fuzz;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls any method of a gRPC service named only by its protobuf {@link MethodDescriptor}, with
 * request bytes of our choosing (a message of the request type, or garbage), and tells how the
 * server answered. A server stream is cancelled after its first message: the server answered.
 */
final class GrpcProbe {
  /** Longer than any handler should need; a call that runs into it is a hang and fails the property. */
  static final long DEADLINE_SECONDS = 20;

  private GrpcProbe() {}

  /** Every method of the services, in order. */
  static List<MethodDescriptor> methods(List<ServiceDescriptor> services) {
    List<MethodDescriptor> methods = new ArrayList<>();
    services.forEach(s -> methods.addAll(s.getMethods()));
    return methods;
  }

  static Answer call(Channel channel, MethodDescriptor method, List<byte[]> requests, Metadata headers) {
    io.grpc.MethodDescriptor<byte[], Message> grpcMethod = io.grpc.MethodDescriptor.<byte[], Message>newBuilder()
        .setType(type(method))
        .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(method.getService().getFullName(),
            method.getName()))
        .setRequestMarshaller(RAW_BYTES)
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
        .build();
    ClientCall<byte[], Message> call = channel.newCall(grpcMethod,
        CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    AtomicBoolean cancelledByUs = new AtomicBoolean();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(Message message) {
        if (grpcMethod.getType().serverSendsOneMessage()) {
          return;
        }
        cancelledByUs.set(true);
        call.cancel("the fuzzer has its answer", null);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, headers);
    call.request(2);
    for (byte[] request : requests) {
      call.sendMessage(request);
    }
    call.halfClose();
    try {
      Status status = closed.get(DEADLINE_SECONDS + 10, TimeUnit.SECONDS);
      return new Answer(cancelledByUs.get() && status.getCode() == Status.Code.CANCELLED ? Status.OK : status);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      call.cancel("no answer", e);
      throw new AssertionError(method.getFullName() + " did not close within its deadline", e);
    }
  }

  private static MethodType type(MethodDescriptor method) {
    if (method.isClientStreaming()) {
      return method.isServerStreaming() ? MethodType.BIDI_STREAMING : MethodType.CLIENT_STREAMING;
    }
    return method.isServerStreaming() ? MethodType.SERVER_STREAMING : MethodType.UNARY;
  }

  /** How the server answered one call. */
  record Answer(Status status) {
    /**
     * OK, or an error a caller can act on: a status of its own (not UNKNOWN, which is what gRPC
     * makes of an exception that escaped a handler, nor INTERNAL, a bug by Weft's rules) that says
     * what was wrong.
     */
    boolean isClear() {
      Status.Code code = status.getCode();
      return code == Status.Code.OK || (code != Status.Code.UNKNOWN && code != Status.Code.INTERNAL
          && status.getDescription() != null && !status.getDescription().isBlank());
    }

    /**
     * gRPC's own answer to bytes that do not parse as the request type, given before any Weft code
     * runs: INTERNAL "Invalid protobuf byte sequence", or (grpc-java 1.7x, when the parse fails on
     * the application executor) UNKNOWN "Application error processing RPC".
     */
    boolean isGrpcParseFailure() {
      String description = status.getDescription() == null ? "" : status.getDescription();
      return (status.getCode() == Status.Code.INTERNAL && description.contains("Invalid protobuf byte sequence"))
          || (status.getCode() == Status.Code.UNKNOWN && description.equals("Application error processing RPC"));
    }

    @Override
    public String toString() {
      return status.getCode() + ": " + status.getDescription();
    }
  }

  private static final Marshaller<byte[]> RAW_BYTES = new Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
}
