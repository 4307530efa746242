package io.weft.rm.rpc;

import static java.util.Objects.requireNonNull;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.weft.common.rpc.RpcErrors;
import io.weft.common.rpc.WeftException;
import io.weft.rm.auth.Administrators;
import io.weft.rm.queue.Acl;
import java.util.Set;

/**
 * Lets only users of {@code weft.admin.acl} make a service's calls (YARN's RM admin ACL), except
 * those named as open to every authenticated user. Runs after {@link CallerInterceptor}.
 */
public final class AdminAclInterceptor implements ServerInterceptor {
  private final Administrators admins;
  private final Set<String> open;

  /** {@code openMethods}: full gRPC method names any caller may make. */
  public AdminAclInterceptor(Acl admins, Set<String> openMethods) {
    this(new Administrators(admins), openMethods);
  }

  /** As above, with {@code admins} as they are at each call (they may be refreshed). */
  public AdminAclInterceptor(Administrators admins, Set<String> openMethods) {
    this.admins = requireNonNull(admins);
    this.open = Set.copyOf(openMethods);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    String user = CallerInterceptor.user();
    if (!open.contains(method) && !admins.allows(user)) {
      WeftException denied = WeftException.permissionDenied("user " + user + " may not call " + method
          + ": only administrators may (weft.admin.acl is '" + admins.acl().text().strip() + "')");
      call.close(RpcErrors.toStatus(denied).getStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return next.startCall(call, headers);
  }

  /** {@code caller} then this, as one interceptor. */
  public ServerInterceptor after(CallerInterceptor caller) {
    AdminAclInterceptor acl = this;
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        return caller.interceptCall(call, headers, (c, h) -> acl.interceptCall(c, h, next));
      }
    };
  }
}
