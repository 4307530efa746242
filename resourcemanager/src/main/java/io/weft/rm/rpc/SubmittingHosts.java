package io.weft.rm.rpc;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.weft.common.id.ApplicationId;
import io.weft.proto.SubmitApplicationRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * The address each application was submitted from, as the network saw it (not as the client
 * claims): a client-mode driver runs in the submitting process, so this is the one host besides
 * the cluster's nodes that the web proxy may forward to for the application. Recorded by
 * intercepting SubmitApplication calls that succeed; kept for the most recent
 * {@value RecentApplications#REMEMBERED} applications and not across RM restarts (after one, only
 * node hosts are proxied).
 */
public final class SubmittingHosts implements ServerInterceptor {
  private final RecentApplications<String> hosts = new RecentApplications<>();

  /** The IP address {@code id} was submitted from over the network, if known. */
  public Optional<String> of(ApplicationId id) {
    return hosts.of(id);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (!(peer instanceof InetSocketAddress address) || address.getAddress() == null
        || !call.getMethodDescriptor().getBareMethodName().equals("SubmitApplication")) {
      return next.startCall(call, headers);
    }
    String host = address.getAddress().getHostAddress();
    ApplicationId[] submitted = new ApplicationId[1];
    ServerCall<Q, R> recording = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        if (status.isOk() && submitted[0] != null) {
          hosts.recordFirst(submitted[0], host);
        }
        super.close(status, trailers);
      }
    };
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(recording, headers)) {
      @Override
      public void onMessage(Q message) {
        if (message instanceof SubmitApplicationRequest request) {
          try {
            submitted[0] = ApplicationId.parse(request.getSubmissionContext().getApplicationId());
          } catch (RuntimeException e) {
            // malformed: the service refuses it, nothing to record
          }
        }
        super.onMessage(message);
      }
    };
  }
}
