package io.weft.nm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.weft.proto.NodeHeartbeatRequest;
import io.weft.proto.NodeHeartbeatResponse;
import io.weft.proto.ResourceTrackerServiceGrpc;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A node's heartbeats on one long-lived {@code NodeHeartbeats} stream: {@link #call} sends one and waits for its
 * answer, as a unary call would, without paying a new HTTP/2 stream per heartbeat. A failure (the RM gone, an
 * error answer, no answer in time) drops the stream and is thrown as the unary call's would be; the next call
 * opens a new stream, on whichever RM the channel then points at. Used by one thread at a time.
 */
final class HeartbeatStream implements AutoCloseable {
  private final Channel channel;
  /** The open stream, or null; with the answers of that stream only, so a dropped one's late words are ignored. */
  private Open open;

  HeartbeatStream(Channel channel) {
    this.channel = requireNonNull(channel);
  }

  private record Open(ClientCallStreamObserver<NodeHeartbeatRequest> requests, LinkedBlockingQueue<Object> answers) {}

  /** Sends {@code request} and returns the RM's answer to it; throws as the unary NodeHeartbeat would. */
  NodeHeartbeatResponse call(NodeHeartbeatRequest request, Duration timeout) throws InterruptedException {
    if (open == null) {
      open = openStream();
    }
    Open stream = open;
    stream.requests().onNext(request);
    Object answer = stream.answers().poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (answer instanceof NodeHeartbeatResponse response) {
      return response;
    }
    drop(stream);
    if (answer == null) {
      throw Status.DEADLINE_EXCEEDED.withDescription("the ResourceManager did not answer a heartbeat within "
          + timeout.toMillis() + " ms").asRuntimeException();
    }
    throw (StatusRuntimeException) answer;
  }

  private Open openStream() {
    LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    AtomicReference<ClientCallStreamObserver<NodeHeartbeatRequest>> requests = new AtomicReference<>();
    ResourceTrackerServiceGrpc.newStub(channel).nodeHeartbeats(
        new ClientResponseObserver<NodeHeartbeatRequest, NodeHeartbeatResponse>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<NodeHeartbeatRequest> stream) {
            requests.set(stream);
          }

          @Override
          public void onNext(NodeHeartbeatResponse response) {
            answers.add(response);
          }

          @Override
          public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            // This side cancels only streams it has dropped: a cancel seen here is the RM's server shutting down.
            answers.add(status.getCode() == Status.Code.CANCELLED
                ? Status.UNAVAILABLE.withDescription("the ResourceManager cancelled the heartbeat stream: "
                    + status.getDescription()).withCause(t).asRuntimeException()
                : status.asRuntimeException());
          }

          @Override
          public void onCompleted() {
            answers.add(Status.UNAVAILABLE.withDescription("the ResourceManager ended the heartbeat stream")
                .asRuntimeException());
          }
        });
    return new Open(requests.get(), answers);
  }

  private void drop(Open stream) {
    if (open == stream) {
      open = null;
    }
    stream.requests().cancel("heartbeat stream dropped after a failure", null);
  }

  /** Ends the stream, if one is open. */
  @Override
  public void close() {
    Open stream = open;
    open = null;
    if (stream != null) {
      stream.requests().onCompleted();
    }
  }
}
