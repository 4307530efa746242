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
import java.util.function.Consumer;

/**
 * A node's heartbeats on one long-lived {@code NodeHeartbeats} stream, without paying a new HTTP/2 stream per
 * heartbeat. The RM answers a heartbeat only when it has something to tell the node, or when the node asks
 * ({@code answer_wanted}): this side asks on the first heartbeat of a stream and after {@link #UNASKED_IN_A_ROW}
 * in a row went unanswered, and waits for that answer as a unary call would. So a silent RM is noticed within
 * three heartbeats and a timeout, and the RM writes a third of the answers it would otherwise.
 *
 * <p>A failure (the RM gone, an error answer, no answer in time) drops the stream and is thrown as the unary
 * call's would be; the next heartbeat opens a new stream, on whichever RM the channel then points at. Answers
 * that come between heartbeats wake the caller ({@code arrived}), which takes them with {@link #takeArrived}.
 * Used by one thread at a time.
 */
final class HeartbeatStream implements AutoCloseable {
  /** Heartbeats sent without asking for an answer before one asks again. */
  static final int UNASKED_IN_A_ROW = 2;
  private final Channel channel;
  private final Runnable arrived;
  /** The open stream, or null; with the answers of that stream only, so a dropped one's late words are ignored. */
  private Open open;
  /** Heartbeats sent on the open stream since the last answer. */
  private int unanswered;

  /** {@code arrived} is run (on a gRPC thread) whenever an answer or the stream's end comes. */
  HeartbeatStream(Channel channel, Runnable arrived) {
    this.channel = requireNonNull(channel);
    this.arrived = requireNonNull(arrived);
  }

  private record Open(ClientCallStreamObserver<NodeHeartbeatRequest> requests, LinkedBlockingQueue<Object> answers) {}

  /**
   * Sends a heartbeat, asking for an answer when one is due, and hands {@code apply} every answer that has come,
   * in order; when it asked, it waits up to {@code timeout} for that answer (applying the ones before it).
   * Throws as the unary NodeHeartbeat would.
   */
  void send(NodeHeartbeatRequest.Builder request, Duration timeout, Consumer<NodeHeartbeatResponse> apply)
      throws InterruptedException {
    if (open == null) {
      open = openStream();
      unanswered = UNASKED_IN_A_ROW;
    }
    Open stream = open;
    boolean ask = unanswered >= UNASKED_IN_A_ROW;
    stream.requests().onNext(request.setAnswerWanted(ask).build());
    unanswered++;
    if (!ask) {
      takeArrived(apply);
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Object answer = stream.answers().poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (answer == null) {
        drop(stream);
        throw Status.DEADLINE_EXCEEDED.withDescription("the ResourceManager did not answer a heartbeat within "
            + timeout.toMillis() + " ms").asRuntimeException();
      }
      if (applied(stream, answer, apply).getAnswerWanted()) {
        return;
      }
    }
  }

  /** Hands {@code apply} the answers that have come, in order; throws the stream's failure if it ended. */
  void takeArrived(Consumer<NodeHeartbeatResponse> apply) {
    Open stream = open;
    if (stream == null) {
      return;
    }
    for (Object answer = stream.answers().poll(); answer != null; answer = stream.answers().poll()) {
      applied(stream, answer, apply);
    }
  }

  /** Hands {@code apply} an answer taken from {@code stream}, or drops the stream and throws what ended it. */
  private NodeHeartbeatResponse applied(Open stream, Object answer, Consumer<NodeHeartbeatResponse> apply) {
    if (!(answer instanceof NodeHeartbeatResponse response)) {
      drop(stream);
      throw (StatusRuntimeException) answer;
    }
    unanswered = 0;
    apply.accept(response);
    return response;
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
            arrive(response);
          }

          @Override
          public void onError(Throwable t) {
            Status status = Status.fromThrowable(t);
            // This side cancels only streams it has dropped: a cancel seen here is the RM's server shutting down.
            arrive(status.getCode() == Status.Code.CANCELLED
                ? Status.UNAVAILABLE.withDescription("the ResourceManager cancelled the heartbeat stream: "
                    + status.getDescription()).withCause(t).asRuntimeException()
                : status.asRuntimeException());
          }

          @Override
          public void onCompleted() {
            arrive(Status.UNAVAILABLE.withDescription("the ResourceManager ended the heartbeat stream")
                .asRuntimeException());
          }

          private void arrive(Object answer) {
            answers.add(answer);
            arrived.run();
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
