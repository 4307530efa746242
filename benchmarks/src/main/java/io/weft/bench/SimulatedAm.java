package io.weft.bench;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.weft.common.security.AuthHeaders;
import io.weft.proto.AllocateRequest;
import io.weft.proto.AllocateResponse;
import io.weft.proto.ApplicationClientServiceGrpc;
import io.weft.proto.ApplicationMasterServiceGrpc;
import io.weft.proto.ApplicationReport;
import io.weft.proto.ApplicationSubmissionContext;
import io.weft.proto.Container;
import io.weft.proto.GetApplicationReportRequest;
import io.weft.proto.GetNewApplicationRequest;
import io.weft.proto.RegisterApplicationMasterRequest;
import io.weft.proto.Resource;
import io.weft.proto.ResourceRequest;
import io.weft.proto.SubmitApplicationRequest;
import io.weft.proto.Token;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A simulated AM holding containers: each call releases the oldest few and asks for as many
 * again; the next call goes out when the answer arrives, or when it is due if the AM is paced.
 */
final class SimulatedAm {
  final String id;
  private final ApplicationMasterServiceGrpc.ApplicationMasterServiceBlockingStub blocking;
  private final ApplicationMasterServiceGrpc.ApplicationMasterServiceStub async;
  private final Deque<String> containers = new ArrayDeque<>();
  /** Send time of the call that first carried each ask still unanswered, oldest first. */
  private final Deque<Long> asks = new ArrayDeque<>();
  /** When each container it was given before the run's end arrived, and how long its ask waited, in nanoseconds. */
  private final LongList arrivals = new LongList();
  private final LongList waits = new LongList();
  private String attempt;
  private int responseId;
  /** Nanoseconds between calls when paced, 0 in a closed loop. */
  private long interval;
  private long nextDue;
  /** The event loop its channel's connection runs on: the answers arrive on it, and paced calls go out from it. */
  private final EventLoop loop;
  long measuredCalls;

  /** An AM calling over {@code channel}, which must have been dialled on {@code loop} ({@link BenchChannels#to}). */
  SimulatedAm(ManagedChannel channel, EventLoop loop, String id, Token token) {
    this.id = id;
    this.loop = loop;
    Metadata headers = new Metadata();
    headers.put(AuthHeaders.AMRM_TOKEN, token.toByteArray());
    var interceptor = MetadataUtils.newAttachHeadersInterceptor(headers);
    this.blocking = ApplicationMasterServiceGrpc.newBlockingStub(channel).withInterceptors(interceptor);
    this.async = ApplicationMasterServiceGrpc.newStub(channel).withInterceptors(interceptor);
  }

  /** Registers and asks until it holds {@code held} containers; fails, naming what it got, after {@code timeout}. */
  void registerAndFill(int held, Duration timeout) {
    attempt = id.replaceFirst("^application_", "appattempt_") + "_000001";
    blocking.registerApplicationMaster(RegisterApplicationMasterRequest.newBuilder()
        .setApplicationAttemptId(attempt).setHost("localhost").build());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (containers.size() < held) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(id + " holds " + containers.size() + " of the " + held + " containers it "
            + "asked for after " + timeout.toSeconds() + " s: the RM places nothing (are the nodes heartbeating?)");
      }
      AllocateResponse r = blocking.allocate(request(held - containers.size(), List.of()));
      responseId = r.getResponseId();
      r.getAllocatedContainersList().forEach(c -> containers.addLast(c.getId()));
    }
  }

  /**
   * Submits an unmanaged application (YARN's unmanaged AM: no container is launched for it) through
   * {@code client} (a {@link BenchChannels} channel's, which claims the local user: the owner), takes its
   * attempt's AMRM token from the report the RM hands its owner, and returns its AM, registered and holding
   * {@code held} containers, calling over {@code channel} (dialled on {@code loop}).
   */
  static SimulatedAm unmanaged(ApplicationClientServiceGrpc.ApplicationClientServiceBlockingStub client,
      ManagedChannel channel, EventLoop loop, int held, Duration timeout) throws InterruptedException {
    String id = submit(client, ApplicationSubmissionContext.newBuilder().setUser(AuthHeaders.localUser())
        .setUnmanagedAm(true));
    long deadline = System.nanoTime() + timeout.toNanos();
    ApplicationReport report = report(client, id);
    while (report.getAmrmToken().isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the unmanaged application " + id + " has no AMRM token for its owner after "
            + timeout.toSeconds() + " s; report: " + report);
      }
      TimeUnit.MILLISECONDS.sleep(10);
      report = report(client, id);
    }
    SimulatedAm am;
    try {
      am = new SimulatedAm(channel, loop, id, Token.parseFrom(report.getAmrmToken()));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("the AMRM token of " + id + " does not parse", e);
    }
    am.registerAndFill(held, timeout);
    return am;
  }

  /**
   * Submits {@code context} through {@code client} as a new application of the benchmark's (named bench, in queue
   * default, its AM 1 GB and 1 vcore) and returns its id.
   */
  static String submit(ApplicationClientServiceGrpc.ApplicationClientServiceBlockingStub client,
      ApplicationSubmissionContext.Builder context) {
    String id = client.getNewApplication(GetNewApplicationRequest.getDefaultInstance()).getApplicationId();
    client.submitApplication(SubmitApplicationRequest.newBuilder().setSubmissionContext(context.setApplicationId(id)
        .setName("bench").setQueue("default").setAmResource(Resource.newBuilder().setMemoryMb(1024).setVcores(1)))
        .build());
    return id;
  }

  private static ApplicationReport report(ApplicationClientServiceGrpc.ApplicationClientServiceBlockingStub client,
      String id) {
    return client.getApplicationReport(GetApplicationReportRequest.newBuilder().setApplicationId(id).build())
        .getReport();
  }

  /**
   * The ask-to-allocation latencies, in nanoseconds and in the order they came, of the containers asked for after
   * {@code warm} (the opening of the measured window).
   */
  long[] latencies(long warm) {
    long[] at = arrivals.toArray();
    long[] waited = waits.toArray();
    LongList measured = new LongList();
    for (int i = 0; i < at.length; i++) {
      if (at[i] - waited[i] > warm) {
        measured.add(waited[i]);
      }
    }
    return measured.toArray();
  }

  /** When each container arrived (System.nanoTime), warm-up included, in the order they came. */
  long[] arrivals() {
    return arrivals.toArray();
  }

  /** How long each container's ask waited, in nanoseconds, in the order of {@link #arrivals()}. */
  long[] waits() {
    return waits.toArray();
  }

  void pace(long interval, long firstDue) {
    this.interval = interval;
    this.nextDue = firstDue;
  }

  void churnUntil(int churn, long warm, long end, CountDownLatch done) {
    long now = System.nanoTime();
    if (interval > 0 && nextDue > now) {
      loop.schedule(() -> churnUntil(churn, warm, end, done), nextDue - now, TimeUnit.NANOSECONDS);
      return;
    }
    if (now >= end) {
      done.countDown();
      return;
    }
    long asked = interval > 0 ? nextDue : now;
    nextDue += interval;
    List<String> release = new ArrayList<>(churn);
    for (int i = 0; i < churn && !containers.isEmpty(); i++) {
      release.add(containers.pollFirst());
    }
    for (int i = 0; i < release.size(); i++) {
      asks.addLast(asked);
    }
    async.allocate(request(asks.size(), release), new StreamObserver<>() {
      @Override
      public void onNext(AllocateResponse r) {
        long arrived = System.nanoTime();
        responseId = r.getResponseId();
        for (Container c : r.getAllocatedContainersList()) {
          containers.addLast(c.getId());
          long asked = asks.pollFirst();
          if (arrived < end) {
            arrivals.add(arrived);
            waits.add(arrived - asked);
          }
        }
        if (now > warm && arrived < end) {
          measuredCalls++;
        }
      }

      @Override
      public void onError(Throwable t) {
        System.err.println(id + ": Allocate failed: " + t);
        done.countDown();
      }

      @Override
      public void onCompleted() {
        churnUntil(churn, warm, end, done);
      }
    });
  }

  private AllocateRequest request(int wanted, List<String> release) {
    return AllocateRequest.newBuilder().setApplicationAttemptId(attempt).setResponseId(responseId)
        .addAllReleases(release)
        .addAsks(ResourceRequest.newBuilder().setPriority(1).setResourceName("*").setNumContainers(wanted)
            .setCapability(Resource.newBuilder().setMemoryMb(1024).setVcores(1)))
        .build();
  }
}
